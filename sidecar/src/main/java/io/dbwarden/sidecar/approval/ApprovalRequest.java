package io.dbwarden.sidecar.approval;

import io.dbwarden.sidecar.identity.Identity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * What a statement held for approval asks for: who wants to run which statement, with which values,
 * under which rule.
 *
 * @param requester who runs it
 * @param database where
 * @param policy the policy whose rule holds it
 * @param rule the rule
 * @param fingerprint the statement's fingerprint (its shape without values)
 * @param values its literal values in order: an approval is for these values, not for the shape
 * @param text the statement with its values redacted, for the approver
 * @param tables the tables it writes and reads, for the approver
 * @param reason why the requester runs it, from a leading {@code /* reason: ... *}{@code /}
 *     comment, or null
 * @param ttl how long the request stays open for a decision
 * @param statement the statement as the client sent it, values included, for the approver
 * @param parameters the values bound to its parameters over the extended protocol, in order (the
 *     tail of {@code values}); empty for a statement whose values are in its text
 * @param operation its operation ({@code DELETE}, {@code UPDATE}, ...), which a scope grant names
 */
public record ApprovalRequest(
    Identity requester,
    String database,
    String policy,
    String rule,
    String fingerprint,
    List<String> values,
    String text,
    List<String> tables,
    String reason,
    Duration ttl,
    String statement,
    List<String> parameters,
    String operation) {

  public ApprovalRequest {
    Objects.requireNonNull(requester, "requester must not be null");
    Objects.requireNonNull(fingerprint, "fingerprint must not be null");
    values = List.copyOf(values);
    tables = List.copyOf(tables);
    parameters = List.copyOf(parameters);
  }

  /**
   * The grant's name, the same for the same requester, database, statement and values, so a retried
   * request never makes a second grant.
   */
  public String grantName() {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
    for (String part :
        List.of(requester.kind().name(), requester.name(), String.valueOf(database), fingerprint)) {
      update(sha, part);
    }
    sha.update((byte) 1);
    for (String value : values) {
      update(sha, value);
    }
    return "dbw-" + HexFormat.of().formatHex(sha.digest(), 0, 6);
  }

  /** Each part with its length first, so that no two different lists hash alike. */
  private static void update(MessageDigest sha, String part) {
    byte[] bytes = part == null ? new byte[0] : part.getBytes(StandardCharsets.UTF_8);
    sha.update(
        new byte[] {
          (byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16),
          (byte) (bytes.length >>> 8), (byte) bytes.length
        });
    sha.update(bytes);
  }
}
