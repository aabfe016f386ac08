package io.dbwarden.sidecar.policy;

import io.dbwarden.api.policy.AuditMode;
import io.dbwarden.api.policy.PolicyVersion;
import io.dbwarden.sidecar.identity.Identity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Every policy that selects a pod, enforced together and fail-closed: a statement runs only if each
 * policy allows it, and where the policies' settings differ the stricter one holds. Each policy
 * still judges with its own rules; only the settings that are not per rule are combined here, once,
 * since every statement reads them.
 */
public final class PolicySet {

  private final List<CompiledPolicy> members;
  private final String name;
  private final String version;
  private final FailOpen failOpen;

  /**
   * @param members the policies; at least one
   */
  public PolicySet(List<CompiledPolicy> members) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a policy set holds at least one policy");
    }
    this.members = members.stream().sorted(Comparator.comparing(CompiledPolicy::name)).toList();
    this.name = this.members.stream().map(CompiledPolicy::name).collect(Collectors.joining("+"));
    this.version = versionOf(this.members);
    this.failOpen =
        new FailOpen(
            all(FailOpen::unparseable),
            all(FailOpen::unsupported),
            all(FailOpen::functionCall),
            all(FailOpen::doBlocks),
            all(FailOpen::call),
            all(FailOpen::dynamicSql));
  }

  public static PolicySet of(CompiledPolicy policy) {
    return new PolicySet(List.of(policy));
  }

  /** The policies, sorted by name. */
  public List<CompiledPolicy> members() {
    return members;
  }

  /** The members' names joined with {@code +}, for messages, metrics and audit records. */
  public String name() {
    return name;
  }

  /**
   * A single policy's own version; for several, a hash of their names and versions in name order,
   * so the same policies give the same version on every sidecar.
   */
  public String version() {
    return version;
  }

  private static String versionOf(List<CompiledPolicy> members) {
    if (members.size() == 1) {
      return members.get(0).version();
    }
    String listed =
        members.stream().map(p -> p.name() + "=" + p.version()).collect(Collectors.joining("\n"));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(listed.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, PolicyVersion.LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Each class of statement is let through unjudged only if every policy lets it through. */
  public FailOpen failOpen() {
    return failOpen;
  }

  /** Values reach the audit records only if every policy includes them. */
  public boolean auditParameters() {
    return members.stream().allMatch(CompiledPolicy::auditParameters);
  }

  /** Strict if any policy asks for strict audit. */
  public AuditMode auditMode() {
    return members.stream().anyMatch(p -> p.auditMode() == AuditMode.STRICT)
        ? AuditMode.STRICT
        : AuditMode.BEST_EFFORT;
  }

  /**
   * The masking {@code identity} is under: that of every policy that masks and does not exempt it;
   * null when there is none, so an identity is exempt only if every masking policy exempts it.
   */
  public MaskingUnion masking(Identity identity) {
    List<MaskingRules> applying =
        members.stream()
            .map(CompiledPolicy::masking)
            .filter(rules -> rules.enabled() && !rules.exempt(identity))
            .toList();
    return applying.isEmpty() ? null : new MaskingUnion(applying);
  }

  private boolean all(Predicate<FailOpen> open) {
    return members.stream().map(CompiledPolicy::failOpen).allMatch(open);
  }
}
