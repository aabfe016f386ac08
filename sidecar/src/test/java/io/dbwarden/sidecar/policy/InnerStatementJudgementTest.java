package io.dbwarden.sidecar.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A statement that runs another ({@code EXPLAIN ANALYZE} executes what it explains) is judged as
 * strictly as the one it runs: an approval never lets it past the permissions, and what needs
 * approval on its own needs it inside.
 */
class InnerStatementJudgementTest {

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
          - name: dba-all
            subjects: [{kind: Group, name: dba}]
            operations: [ALL]
        guardrails:
          rules:
            - name: customer-deletes
              operations: [DELETE]
              tables: ["public.customers"]
              action: requireApproval
        approvals:
          rules: [{name: customer-updates, operations: [UPDATE], tables: ["public.customers"]}]
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

  private static Decision decide(String group, String sql) throws Exception {
    return engine.explain(group, sql).decision();
  }

  @Test
  void anApprovalDoesNotLetAnExplainedWriteBySomeoneWhoMayNotWriteRun() throws Exception {
    Decision plain = decide("analysts", "DELETE FROM customers WHERE id = 1");
    Decision explained = decide("analysts", "EXPLAIN ANALYZE DELETE FROM customers WHERE id = 1");

    assertThat(plain.action()).isEqualTo(Decision.Action.DENY);
    assertThat(explained.action()).isEqualTo(Decision.Action.DENY);
    assertThat(explained.rule()).isEqualTo("default");
  }

  @Test
  void whatNeedsApprovalOnItsOwnNeedsItInsideAnExplainAnalyze() throws Exception {
    assertThat(decide("dba", "UPDATE customers SET country = 'FR' WHERE id = 1").rule())
        .isEqualTo("customer-updates");
    Decision update =
        decide("dba", "EXPLAIN ANALYZE UPDATE customers SET country = 'FR' WHERE id = 1");
    assertThat(update.action()).isEqualTo(Decision.Action.APPROVAL_REQUIRED);
    assertThat(update.rule()).isEqualTo("customer-updates");

    Decision delete = decide("dba", "EXPLAIN ANALYZE DELETE FROM customers WHERE id = 1");
    assertThat(delete.action()).isEqualTo(Decision.Action.APPROVAL_REQUIRED);
    assertThat(delete.rule()).isEqualTo("customer-deletes");
  }
}
