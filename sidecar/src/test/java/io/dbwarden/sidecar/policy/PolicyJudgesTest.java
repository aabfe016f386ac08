package io.dbwarden.sidecar.policy;

import static io.dbwarden.sidecar.policy.Analyses.reads;
import static io.dbwarden.sidecar.policy.Analyses.writes;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbwarden.api.policy.GuardrailPreset;
import io.dbwarden.api.policy.Operation;
import io.dbwarden.api.policy.SubjectKind;
import io.dbwarden.sidecar.identity.Identity;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Two policies select one pod: an org-wide guardrails policy and a team's own. */
class PolicyJudgesTest {

  private static final Identity ALICE =
      new Identity(Identity.Kind.User, "alice", List.of("analysts"), null, Identity.Method.JWT);

  private static RuleScope scope(Set<Operation> ops, String table) {
    return new RuleScope(ops, List.of(TableGlob.of(table)));
  }

  private static PermissionRule analysts(String name, String table, int maxRows) {
    return new PermissionRule(
        name,
        List.of(new Subject(SubjectKind.GROUP, "analysts")),
        scope(Set.of(Operation.SELECT), table),
        maxRows,
        false);
  }

  /** Allows everything not refused, reads at most 1000 rows, and holds deletes for approval. */
  private static CompiledPolicy guardrails() {
    return new CompiledPolicy(
        "guardrails",
        "g1",
        true,
        List.of(analysts("org-reads", "public.*", 1000)),
        GuardrailPreset.DEFAULT,
        List.of(
            new GuardrailRule(
                "no-customer-updates", scope(Set.of(Operation.UPDATE), "public.customers"), false),
            new GuardrailRule(
                "order-deletes", scope(Set.of(Operation.DELETE), "public.orders"), true)),
        FailOpen.NONE,
        MaskingRules.OFF,
        false,
        io.dbwarden.api.policy.AuditMode.STRICT,
        new ApprovalPolicy(
            List.of(),
            List.of(new Subject(SubjectKind.GROUP, "dba")),
            Duration.ofHours(1),
            Duration.ZERO));
  }

  /** Lets analysts read and write customers, read 100 rows of orders; denies the rest. */
  private static CompiledPolicy team() {
    return new CompiledPolicy(
        "team",
        "t1",
        false,
        List.of(
            analysts("team-orders", "public.orders", 100),
            new PermissionRule(
                "team-customers",
                List.of(new Subject(SubjectKind.GROUP, "analysts")),
                scope(Set.of(), "public.customers"),
                0,
                false)),
        GuardrailPreset.NONE,
        List.of(),
        FailOpen.NONE);
  }

  private final PolicyJudges both = new PolicyJudges(new PolicySet(List.of(team(), guardrails())));

  @Test
  void aStatementOnePolicyAllowsAndTheOtherRefusesIsRefusedNamingTheRefusingPolicy() {
    PolicyJudges.Verdict verdict =
        both.judge(ALICE, writes(Operation.UPDATE, "public.customers"), 1);

    assertThat(verdict.decision().action()).isEqualTo(Decision.Action.DENY);
    assertThat(verdict.decision().rule()).isEqualTo("no-customer-updates");
    assertThat(verdict.decision().reason()).endsWith("[policy guardrails]");
    assertThat(verdict.policy().name()).isEqualTo("guardrails");
  }

  @Test
  void theOtherWayRoundTheTeamPolicyRefuses() {
    PolicyJudges.Verdict verdict = both.judge(ALICE, reads("public.products"), 1);

    assertThat(verdict.decision().allowed()).isFalse();
    assertThat(verdict.decision().rule()).isEqualTo("default");
    assertThat(verdict.decision().reason()).contains("policy team").endsWith("[policy team]");
  }

  @Test
  void whatBothAllowIsAllowedWithTheStricterRowLimit() {
    Decision decision = both.judge(ALICE, reads("public.orders"), 1).decision();

    assertThat(decision.allowed()).isTrue();
    assertThat(decision.rowLimit()).isEqualTo(new RowLimit(100, "team-orders"));
    assertThat(decision.rule()).isEqualTo("guardrails/org-reads,team/team-orders");
  }

  @Test
  void anApprovalOnePolicyRequiresHoldsTheStatementUnderThatPolicy() {
    PolicyJudges.Verdict verdict =
        new PolicyJudges(new PolicySet(List.of(guardrails(), allowAll("team"))))
            .judge(ALICE, writes(Operation.DELETE, "public.orders"), 1);

    assertThat(verdict.decision().action()).isEqualTo(Decision.Action.APPROVAL_REQUIRED);
    assertThat(verdict.decision().rule()).isEqualTo("order-deletes");
    assertThat(verdict.policy().approvals().approvers())
        .containsExactly(new Subject(SubjectKind.GROUP, "dba"));
  }

  @Test
  void aRefusalByOnePolicyWinsOverAnApprovalAnotherRequires() {
    // the team policy grants no DELETE: an approval under guardrails could not make it run
    PolicyJudges.Verdict verdict = both.judge(ALICE, writes(Operation.DELETE, "public.orders"), 1);

    assertThat(verdict.decision().action()).isEqualTo(Decision.Action.DENY);
    assertThat(verdict.policy().name()).isEqualTo("team");
  }

  @Test
  void aSinglePolicyJudgesAsItAlwaysDid() {
    PolicyJudges alone = new PolicyJudges(PolicySet.of(team()));
    CompiledPolicy team = team();
    StatementJudge judge = new StatementJudge(team);

    assertThat(alone.judge(ALICE, reads("public.products"), 1).decision())
        .isEqualTo(judge.judge(ALICE, reads("public.products"), 1));
    assertThat(alone.judge(ALICE, reads("public.orders"), 1).decision())
        .isEqualTo(judge.judge(ALICE, reads("public.orders"), 1));
  }

  private static CompiledPolicy allowAll(String name) {
    return new CompiledPolicy(
        name, "a1", true, List.of(), GuardrailPreset.NONE, List.of(), FailOpen.NONE);
  }
}
