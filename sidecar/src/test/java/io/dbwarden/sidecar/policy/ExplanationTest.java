package io.dbwarden.sidecar.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each step's own answer next to the decision the proxy takes. */
class ExplanationTest {

  private static final String POLICY =
      """
      apiVersion: dbwarden.io/v1alpha1
      kind: DatabasePolicy
      metadata: {name: shop}
      spec:
        rules:
          - name: analysts-read
            subjects: [{kind: Group, name: analysts}]
            operations: [SELECT]
            tables: ["public.*"]
            maxRows: 1000
          - name: dba-all
            subjects: [{kind: Group, name: dba}]
            operations: [ALL]
        approvals:
          rules: [{name: customer-deletes, operations: [DELETE], tables: ["public.customers"]}]
          approvers: [{kind: Group, name: dba}]
        masking: {auto: false}
      """;

  private static TestEngine engine;

  @BeforeAll
  static void start() {
    engine = new TestEngine(POLICY);
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  private static Explanation explain(String group, String sql) throws Exception {
    return engine.explain(group, sql);
  }

  @Test
  void anAllowedReadNamesItsRuleAndRowLimit() throws Exception {
    Explanation explained = explain("analysts", "select name from customers where id = 3");

    assertThat(explained.decision().allowed()).isTrue();
    Explanation.StatementSteps statement = explained.statements().get(0);
    assertThat(statement.text()).isEqualTo("select name from customers where id = $1");
    assertThat(statement.operation()).isEqualTo("SELECT");
    assertThat(statement.tablesRead()).containsExactly("public.customers");
    Explanation.PolicySteps steps = statement.policies().get(0);
    assertThat(steps.cannotJudge()).isNull();
    assertThat(steps.guardrail()).isNull();
    assertThat(steps.approval()).isNull();
    assertThat(steps.permission().rule()).isEqualTo("analysts-read");
    assertThat(steps.permission().rowLimit().rows()).isEqualTo(1000);
  }

  @Test
  void aRefusedDropStillShowsWhatThePermissionsSay() throws Exception {
    Explanation explained = explain("dba", "drop table customers");

    assertThat(explained.decision().action()).isEqualTo(Decision.Action.DENY);
    assertThat(explained.decision().rule()).isEqualTo("drop-object");
    Explanation.PolicySteps steps = explained.statements().get(0).policies().get(0);
    assertThat(steps.guardrail().rule()).isEqualTo("drop-object");
    assertThat(steps.permission().allowed()).isTrue();
    assertThat(steps.permission().rule()).isEqualTo("dba-all");
  }

  @Test
  void aDeleteHeldForApprovalShowsItsApprovalRule() throws Exception {
    Explanation explained = explain("dba", "delete from customers where id = 42");

    assertThat(explained.decision().action()).isEqualTo(Decision.Action.APPROVAL_REQUIRED);
    Explanation.PolicySteps steps = explained.statements().get(0).policies().get(0);
    assertThat(steps.approval().rule()).isEqualTo("customer-deletes");
    assertThat(steps.permission().rule()).isEqualTo("dba-all");
  }

  @Test
  void eachStatementOfAQueryHasItsSteps() throws Exception {
    Explanation explained =
        explain("analysts", "select 1 from orders; delete from orders where id=1");

    assertThat(explained.decision().rule()).isEqualTo("default");
    assertThat(explained.statements())
        .extracting(Explanation.StatementSteps::operation)
        .containsExactly("SELECT", "DELETE");
    assertThat(explained.statements().get(1).policies().get(0).permission().allowed()).isFalse();
  }

  @Test
  void aStatementThatCannotBeParsedHasNoSteps() throws Exception {
    Explanation explained = explain("dba", "selec nonsense from");

    assertThat(explained.decision().rule()).isEqualTo("unparseable");
    assertThat(explained.statements().get(0).operation()).isNull();
    assertThat(explained.statements().get(0).policies()).isEmpty();
  }
}
