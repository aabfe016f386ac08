package io.dbwarden.sidecar.policy;

import static io.dbwarden.sidecar.policy.Analyses.calling;
import static io.dbwarden.sidecar.policy.Analyses.of;
import static io.dbwarden.sidecar.policy.Analyses.reads;
import static io.dbwarden.sidecar.policy.Analyses.unknown;
import static io.dbwarden.sidecar.policy.Analyses.writes;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbwarden.api.policy.GuardrailPreset;
import io.dbwarden.api.policy.Operation;
import io.dbwarden.api.policy.SubjectKind;
import io.dbwarden.sidecar.identity.Identity;
import io.dbwarden.sidecar.sql.analysis.Feature;
import io.dbwarden.sidecar.sql.analysis.ObjectKind;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatementJudgeTest {

  private static final Identity ALICE =
      new Identity(Identity.Kind.User, "alice", List.of("analysts"), null, Identity.Method.JWT);
  private static final Identity BOB =
      new Identity(Identity.Kind.User, "bob", List.of("dba"), null, Identity.Method.JWT);
  private static final Identity ORDERS_APP =
      new Identity(
          Identity.Kind.ServiceAccount, "shop/orders", List.of(), null, Identity.Method.WORKLOAD);

  private static RuleScope scope(Set<Operation> ops, String... tables) {
    return new RuleScope(ops, java.util.Arrays.stream(tables).map(TableGlob::of).toList());
  }

  private static CompiledPolicy policy(GuardrailPreset preset, boolean defaultAllow) {
    return new CompiledPolicy(
        "shop",
        "v1",
        defaultAllow,
        List.of(
            new PermissionRule(
                "analysts",
                List.of(new Subject(SubjectKind.GROUP, "analysts")),
                scope(Set.of(Operation.SELECT), "public.*"),
                100,
                false),
            new PermissionRule(
                "no-secrets",
                List.of(new Subject(SubjectKind.GROUP, "analysts")),
                scope(Set.of(), "public.api_keys"),
                0,
                true),
            new PermissionRule(
                "dba",
                List.of(new Subject(SubjectKind.GROUP, "dba")),
                scope(Set.of(), "*"),
                0,
                false),
            new PermissionRule(
                "orders-app",
                List.of(new Subject(SubjectKind.SERVICE_ACCOUNT, "shop/orders")),
                scope(
                    Set.of(Operation.SELECT, Operation.INSERT, Operation.UPDATE),
                    "public.orders",
                    "public.order_items"),
                0,
                false)),
        preset,
        List.of(
            new GuardrailRule(
                "customer-deletes", scope(Set.of(Operation.DELETE), "public.customers"), true)),
        FailOpen.NONE);
  }

  private final StatementJudge judge = new StatementJudge(policy(GuardrailPreset.DEFAULT, false));

  @Test
  void aGroupRuleAllowsReadsWithItsRowLimit() {
    Decision d = judge.judge(ALICE, reads("public.orders", "public.customers"), 1);
    assertThat(d.allowed()).isTrue();
    assertThat(d.rowLimit()).isEqualTo(new RowLimit(100, "analysts"));
  }

  @Test
  void aDenyRuleWinsOverAnAllowRule() {
    Decision d = judge.judge(ALICE, reads("public.orders", "public.api_keys"), 1);
    assertThat(d.allowed()).isFalse();
    assertThat(d.rule()).isEqualTo("no-secrets");
    assertThat(d.reason())
        .contains("SELECT on public.api_keys")
        .contains("User alice")
        .contains("rule \"no-secrets\"");
  }

  @Test
  void whatNoRuleGrantsFallsToTheDefaultAction() {
    Decision d = judge.judge(ALICE, writes(Operation.UPDATE, "public.orders"), 1);
    assertThat(d.allowed()).isFalse();
    assertThat(d.rule()).isEqualTo("default");
    assertThat(d.reason()).contains("UPDATE on public.orders").contains("default action is deny");
    StatementJudge lenient = new StatementJudge(policy(GuardrailPreset.DEFAULT, true));
    assertThat(lenient.judge(ALICE, writes(Operation.UPDATE, "public.orders"), 1).allowed())
        .isTrue();
    assertThat(lenient.judge(ALICE, reads("public.api_keys"), 1).allowed())
        .as("a deny rule wins over the default action too")
        .isFalse();
  }

  @Test
  void tablesOnlyReadNeedSelectAndTablesWrittenNeedTheOperation() {
    var insertSelect =
        new io.dbwarden.sidecar.sql.analysis.StatementAnalysis(
            Operation.INSERT,
            null,
            Set.of(Analyses.table("public.customers")),
            Set.of(Analyses.table("public.orders")),
            Set.of(),
            Set.of(),
            Set.of(),
            List.of(),
            Set.of(),
            null,
            null,
            null);
    Decision d = judge.judge(ORDERS_APP, insertSelect, 1);
    assertThat(d.allowed()).isFalse();
    assertThat(d.reason()).contains("SELECT on public.customers");
  }

  @Test
  void serviceAccountsMatchByNamespaceAndName() {
    assertThat(judge.judge(ORDERS_APP, writes(Operation.INSERT, "public.order_items"), 1).allowed())
        .isTrue();
    Identity other =
        new Identity(
            Identity.Kind.ServiceAccount,
            "other/orders",
            List.of(),
            null,
            Identity.Method.WORKLOAD);
    assertThat(judge.judge(other, reads("public.orders"), 1).allowed()).isFalse();
  }

  @Test
  void sessionHousekeepingNeedsNoGrant() {
    Identity nobody =
        new Identity(Identity.Kind.User, "nobody", List.of(), null, Identity.Method.JWT);
    assertThat(judge.judge(nobody, of(Operation.TRANSACTION, null, Set.of()), 1).allowed())
        .isTrue();
    assertThat(judge.judge(nobody, of(Operation.SHOW, null, Set.of()), 1).allowed()).isTrue();
    assertThat(judge.judge(nobody, of(Operation.SELECT, null, Set.of()), 1).allowed())
        .as("SELECT 1 still needs a rule granting SELECT")
        .isFalse();
    assertThat(judge.judge(ALICE, of(Operation.SELECT, null, Set.of()), 1).allowed()).isTrue();
  }

  @Test
  void aTableScopedDenyRuleDoesNotDenyStatementsWithoutTables() {
    assertThat(judge.judge(ALICE, of(Operation.SELECT, null, Set.of()), 1).allowed()).isTrue();
  }

  @Test
  void guardrailsHoldEvenForIdentitiesAllowedEverything() {
    assertThat(judge.judge(BOB, of(Operation.DROP, ObjectKind.TABLE, Set.of()), 1).rule())
        .isEqualTo("drop-object");
    assertThat(judge.judge(BOB, writes(Operation.TRUNCATE, "public.orders"), 1).rule())
        .isEqualTo("truncate");
    Decision unbounded =
        judge.judge(BOB, writes(Operation.DELETE, "public.orders", Feature.UNBOUNDED_WRITE), 1);
    assertThat(unbounded.rule()).isEqualTo("unbounded-write");
    assertThat(unbounded.reason())
        .isEqualTo(
            "dbwarden: DELETE without a WHERE that limits the rows on public.orders blocked by"
                + " guardrail \"unbounded-write\"; add a WHERE clause that selects the rows to"
                + " change");
    assertThat(
            judge
                .judge(BOB, writes(Operation.ALTER, "public.orders", Feature.DROP_COLUMN), 1)
                .rule())
        .isEqualTo("drop-column");
    assertThat(judge.judge(BOB, of(Operation.GRANT, null, Set.of()), 1).rule())
        .isEqualTo("privileges");
    assertThat(judge.judge(BOB, of(Operation.CREATE, ObjectKind.ROLE, Set.of()), 1).rule())
        .isEqualTo("roles");
    assertThat(judge.judge(BOB, of(Operation.SET, null, Set.of(Feature.SET_ROLE)), 1).rule())
        .isEqualTo("set-role");
    assertThat(
            judge
                .judge(BOB, of(Operation.SET, null, Set.of(Feature.SET_SESSION_AUTHORIZATION)), 1)
                .rule())
        .isEqualTo("set-role");
    assertThat(judge.judge(BOB, of(Operation.COPY, null, Set.of(Feature.COPY_PROGRAM)), 1).rule())
        .isEqualTo("copy-program");
    assertThat(
            judge.judge(BOB, of(Operation.COPY, null, Set.of(Feature.COPY_SERVER_FILE)), 1).rule())
        .isEqualTo("copy-server-file");
    for (String f : List.of("pg_read_file", "lo_import", "pg_terminate_backend", "pg_ls_dir")) {
      assertThat(judge.judge(BOB, calling(f), 1).rule()).as(f).isEqualTo("dangerous-function");
    }
  }

  @Test
  void strictAddsDdlCopyFromAndMultiStatementQueries() {
    StatementJudge strict = new StatementJudge(policy(GuardrailPreset.STRICT, false));
    assertThat(strict.judge(BOB, of(Operation.CREATE, ObjectKind.INDEX, Set.of()), 1).rule())
        .isEqualTo("ddl");
    assertThat(
            strict.judge(BOB, writes(Operation.COPY, "public.orders", Feature.COPY_FROM), 1).rule())
        .isEqualTo("copy-from");
    assertThat(strict.judge(BOB, reads("public.orders"), 2).rule()).isEqualTo("multi-statement");
    assertThat(judge.judge(BOB, of(Operation.CREATE, ObjectKind.INDEX, Set.of()), 1).allowed())
        .as("the default preset allows other DDL")
        .isTrue();
    StatementJudge none = new StatementJudge(policy(GuardrailPreset.NONE, false));
    assertThat(none.judge(BOB, writes(Operation.TRUNCATE, "public.orders"), 1).allowed()).isTrue();
  }

  @Test
  void customGuardrailsCanRequireApproval() {
    Decision d = judge.judge(BOB, writes(Operation.DELETE, "public.customers"), 1);
    assertThat(d.allowed()).isFalse();
    assertThat(d.rule()).isEqualTo("customer-deletes");
    assertThat(d.reason()).contains("requires approval").contains("DELETE on public.customers");
    assertThat(judge.judge(BOB, writes(Operation.DELETE, "public.orders"), 1).allowed()).isTrue();
  }

  @Test
  void whatCannotBeJudgedIsRefusedUnlessThePolicyOptsIn() {
    assertThat(judge.judge(BOB, unknown("unsupported expression: XmlSerialExpr"), 1).rule())
        .isEqualTo("unsupported");
    assertThat(judge.judge(BOB, of(Operation.DO, null, Set.of()), 1).rule()).isEqualTo("do-block");
    assertThat(judge.judge(BOB, of(Operation.CALL, null, Set.of()), 1).rule()).isEqualTo("call");
    assertThat(judge.judge(BOB, of(Operation.CREATE, ObjectKind.FUNCTION, Set.of()), 1).rule())
        .isEqualTo("routine-body");
    assertThat(judge.judge(BOB, of(Operation.SELECT, null, Set.of(Feature.DYNAMIC_SQL)), 1).rule())
        .isEqualTo("dynamic-sql");
    CompiledPolicy base = policy(GuardrailPreset.DEFAULT, false);
    StatementJudge open =
        new StatementJudge(
            new CompiledPolicy(
                base.name(),
                base.version(),
                base.defaultAllow(),
                base.rules(),
                base.preset(),
                base.guardrails(),
                new FailOpen(false, true, false, true, false, false)));
    assertThat(open.judge(BOB, unknown("x"), 1).allowed()).isTrue();
    assertThat(open.judge(BOB, of(Operation.DO, null, Set.of()), 1).allowed()).isTrue();
    assertThat(open.judge(BOB, of(Operation.CALL, null, Set.of()), 1).allowed()).isFalse();
  }

  @Test
  void explainIsJudgedByTheStatementItExplains() {
    var delete = writes(Operation.DELETE, "public.orders", Feature.UNBOUNDED_WRITE);
    var explain =
        new io.dbwarden.sidecar.sql.analysis.StatementAnalysis(
            Operation.EXPLAIN,
            null,
            Set.of(),
            delete.tablesWritten(),
            Set.of(),
            Set.of(),
            Set.of(),
            List.of(),
            Set.of(),
            null,
            delete,
            null);
    assertThat(judge.judge(BOB, explain, 1).rule()).isEqualTo("unbounded-write");
    assertThat(judge.judge(ALICE, explain, 1).allowed()).isFalse();
  }

  @Test
  void tableGlobsMatchSchemaAndTable() {
    assertThat(TableGlob.of("public.*").matches(Analyses.table("public.orders"))).isTrue();
    assertThat(TableGlob.of("public.*").matches(Analyses.table("audit.orders"))).isFalse();
    assertThat(TableGlob.of("*.orders").matches(Analyses.table("audit.orders"))).isTrue();
    assertThat(TableGlob.of("public.order?").matches(Analyses.table("public.orders"))).isTrue();
    assertThat(TableGlob.of("public.order?").matches(Analyses.table("public.order_items")))
        .isFalse();
    assertThat(TableGlob.of("*").matches(Analyses.table("pg_catalog.pg_authid"))).isTrue();
  }

  @Test
  void aScopeGrantLiftsTheDefaultActionButNeverADenyRuleWhateverItIsCalled() {
    ScopeGrants everything = (identity, policy, operation, tables) -> true;
    CompiledPolicy base = policy(GuardrailPreset.DEFAULT, false);
    List<PermissionRule> rules = new java.util.ArrayList<>(base.rules());
    // A deny rule named like the default action's marker.
    rules.add(
        new PermissionRule(
            "default",
            List.of(new Subject(SubjectKind.GROUP, "analysts")),
            scope(Set.of(), "public.payroll"),
            0,
            true));
    StatementJudge judge =
        new StatementJudge(
            new CompiledPolicy(
                base.name(),
                base.version(),
                base.defaultAllow(),
                rules,
                base.preset(),
                base.guardrails(),
                base.failOpen()),
            everything);

    Decision beyondTheRules = judge.judge(ALICE, writes(Operation.UPDATE, "public.orders"), 1);
    assertThat(beyondTheRules.action()).isEqualTo(Decision.Action.APPROVAL_REQUIRED);
    assertThat(beyondTheRules.rule()).isEqualTo(ScopeGrants.JUST_IN_TIME);

    assertThat(judge.judge(ALICE, reads("public.payroll"), 1).action())
        .isEqualTo(Decision.Action.DENY);
    assertThat(judge.judge(ALICE, reads("public.api_keys"), 1).rule()).isEqualTo("no-secrets");
  }
}
