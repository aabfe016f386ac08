package io.dbwarden.sidecar.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbwarden.api.policy.AuditMode;
import io.dbwarden.api.policy.GuardrailPreset;
import io.dbwarden.api.policy.MaskingStrategy;
import io.dbwarden.api.policy.SubjectKind;
import io.dbwarden.sidecar.catalog.Relation;
import io.dbwarden.sidecar.identity.Identity;
import io.dbwarden.sidecar.masking.ColumnMask;
import io.dbwarden.sidecar.sql.analysis.TableRef;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The settings of several policies that are not per rule, combined fail-closed. */
class PolicySetTest {

  private static final Identity ALICE =
      new Identity(Identity.Kind.User, "alice", List.of("support"), null, Identity.Method.JWT);

  private static final Relation CUSTOMERS =
      new Relation(
          new TableRef("public", "customers"),
          Relation.Kind.TABLE,
          List.of(
              new Relation.Column("email", "text", 25, 1),
              new Relation.Column("phone", "text", 25, 2),
              new Relation.Column("city", "text", 25, 3)),
          Set.of());

  private static CompiledPolicy policy(
      String name, FailOpen open, MaskingRules masking, boolean parameters, AuditMode mode) {
    return new CompiledPolicy(
        name,
        name + "-v1",
        true,
        List.of(),
        GuardrailPreset.NONE,
        List.of(),
        open,
        masking,
        parameters,
        mode,
        ApprovalPolicy.NONE);
  }

  private static CompiledPolicy masking(String name, MaskingRules masking) {
    return policy(name, FailOpen.NONE, masking, false, AuditMode.STRICT);
  }

  private static MaskingRules columns(Map<String, MaskingStrategy> columns, Subject... exempt) {
    return new MaskingRules(false, List.of(exempt), columns, MaskingRules.PROCESS_KEY);
  }

  private static MaskingStrategy strategy(MaskingUnion union, String column) {
    ColumnMask mask = union.mask(CUSTOMERS, CUSTOMERS.column(column).orElseThrow(), null);
    return mask == null ? null : mask.strategy();
  }

  @Test
  void aStatementIsLetThroughUnjudgedOnlyIfEveryPolicyLetsItThrough() {
    FailOpen lenient = new FailOpen(true, true, true, true, true, false);
    FailOpen some = new FailOpen(true, false, true, false, false, false);

    PolicySet set =
        new PolicySet(
            List.of(
                policy("a", lenient, MaskingRules.OFF, false, AuditMode.STRICT),
                policy("b", some, MaskingRules.OFF, false, AuditMode.STRICT)));

    assertThat(set.failOpen()).isEqualTo(some);
  }

  @Test
  void auditIncludesValuesOnlyIfEveryPolicyDoesAndIsStrictIfAnyIs() {
    CompiledPolicy including = policy("a", FailOpen.NONE, MaskingRules.OFF, true, AuditMode.STRICT);
    CompiledPolicy relaxed =
        policy("b", FailOpen.NONE, MaskingRules.OFF, true, AuditMode.BEST_EFFORT);
    CompiledPolicy redacting =
        policy("c", FailOpen.NONE, MaskingRules.OFF, false, AuditMode.BEST_EFFORT);

    assertThat(new PolicySet(List.of(including, relaxed)).auditParameters()).isTrue();
    assertThat(new PolicySet(List.of(including, redacting)).auditParameters()).isFalse();
    assertThat(new PolicySet(List.of(including, relaxed)).auditMode()).isEqualTo(AuditMode.STRICT);
    assertThat(new PolicySet(List.of(relaxed, redacting)).auditMode())
        .isEqualTo(AuditMode.BEST_EFFORT);
  }

  @Test
  void theNameJoinsTheMembersAndTheVersionDependsOnWhatTheyAreNotTheirOrder() {
    CompiledPolicy team = masking("team", MaskingRules.OFF);
    CompiledPolicy guardrails = masking("guardrails", MaskingRules.OFF);

    PolicySet set = new PolicySet(List.of(team, guardrails));

    assertThat(set.name()).isEqualTo("guardrails+team");
    assertThat(set.version())
        .hasSize(12)
        .isEqualTo(new PolicySet(List.of(guardrails, team)).version())
        .isNotEqualTo(
            new PolicySet(List.of(guardrails, masking("other", MaskingRules.OFF))).version());
    assertThat(PolicySet.of(team).version()).isEqualTo("team-v1");
    assertThat(PolicySet.of(team).name()).isEqualTo("team");
  }

  @Test
  void aColumnIsMaskedIfAnyPolicyMasksItWithTheStrictestStrategy() {
    PolicySet set =
        new PolicySet(
            List.of(
                masking(
                    "a",
                    columns(
                        Map.of(
                            "public.customers.email", MaskingStrategy.PARTIAL,
                            "public.customers.phone", MaskingStrategy.NULL,
                            "public.customers.city", MaskingStrategy.NONE))),
                masking(
                    "b",
                    columns(
                        Map.of(
                            "public.customers.email", MaskingStrategy.HASH,
                            "public.customers.phone", MaskingStrategy.REDACT,
                            "public.customers.city", MaskingStrategy.PARTIAL)))));

    MaskingUnion union = set.masking(ALICE);

    assertThat(strategy(union, "email")).isEqualTo(MaskingStrategy.HASH);
    assertThat(strategy(union, "phone")).isEqualTo(MaskingStrategy.NULL);
    assertThat(strategy(union, "city"))
        .as("none unprotects a column only for the policy that says so")
        .isEqualTo(MaskingStrategy.PARTIAL);
  }

  @Test
  void anIdentityIsExemptOnlyIfEveryPolicyThatMasksExemptsIt() {
    Subject support = new Subject(SubjectKind.GROUP, "support");
    MaskingRules exemptingEmail =
        columns(Map.of("public.customers.email", MaskingStrategy.REDACT), support);
    MaskingRules phone = columns(Map.of("public.customers.phone", MaskingStrategy.HASH));
    MaskingRules exemptingPhone =
        columns(Map.of("public.customers.phone", MaskingStrategy.HASH), support);

    MaskingUnion partly =
        new PolicySet(List.of(masking("a", exemptingEmail), masking("b", phone))).masking(ALICE);
    assertThat(strategy(partly, "email")).isNull();
    assertThat(strategy(partly, "phone")).isEqualTo(MaskingStrategy.HASH);

    assertThat(
            new PolicySet(
                    List.of(
                        masking("a", exemptingEmail),
                        masking("b", exemptingPhone),
                        masking("c", MaskingRules.OFF)))
                .masking(ALICE))
        .as("exempt under both policies that mask; the one without masking does not count")
        .isNull();
  }
}
