package io.dbwarden.kubectl.explain;

import static io.dbwarden.kubectl.PluginTesting.createCrds;
import static io.dbwarden.kubectl.PluginTesting.createGrant;
import static io.dbwarden.kubectl.PluginTesting.createPolicy;
import static io.dbwarden.kubectl.PluginTesting.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbwarden.api.grant.Decision;
import io.dbwarden.api.grant.Execution;
import io.dbwarden.api.grant.GrantPhase;
import io.dbwarden.kubectl.PluginTesting;
import io.dbwarden.kubectl.PluginTesting.Run;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code explain} with policies and grants read from the Fabric8 mock API server (CRUD mode). */
@EnableKubernetesMockClient(crud = true)
class ExplainCommandTest {

  static KubernetesClient client;

  @BeforeAll
  static void policies() {
    createCrds(client);
    createPolicy(
        client,
        "shop",
        """
        apiVersion: dbwarden.io/v1alpha1
        kind: DatabasePolicy
        metadata:
          name: orders
        spec:
          selector: {matchLabels: {app: orders}}
          defaultAction: deny
          rules:
            - name: analysts-read
              subjects: [{kind: Group, name: analysts}]
              operations: [SELECT]
              tables: ["public.*"]
              maxRows: 1000
            - name: dba-all
              subjects: [{kind: Group, name: dba}]
              operations: [ALL]
          masking:
            auto: false
            columns: [{name: public.customers.email, strategy: partial}]
          approvals:
            rules: [{name: customer-deletes, operations: [DELETE], tables: ["public.customers"]}]
            approvers: [{kind: Group, name: dba}]
            ttl: 2h
        """);
  }

  @Test
  void anAllowedSelectNamesItsRuleRowLimitAndMasking() {
    Run run = explain("User:alice", "analysts", "select email, name from customers where id = 3");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .startsWith(
            "identity:     User alice (groups: analysts)\npolicy:       shop/orders (version ")
        .contains("statement:    select email, name from customers where id = $1\n")
        .contains("  operation:    SELECT\n")
        .contains("  reads:        public.customers\n")
        .contains("  writes:       -\n")
        .contains("  analysis:     understood\n")
        .contains("  guardrails:   none applies (preset default)\n")
        .contains("  permissions:  allowed by rule \"analysts-read\"\n")
        .contains("  approval:     not required (no approval rule matches)\n")
        .contains("  masking:      masks public.customers.email (partial)\n")
        .contains("  row limit:    1000 rows (rule \"analysts-read\")\n")
        .endsWith(
            "decision:     allow (rule \"analysts-read\")\n"
                + "  at most 1000 rows (rule \"analysts-read\") per result\n");
  }

  @Test
  void aDropIsDeniedByAGuardrailWhateverThePermissionsSay() {
    Run run = explain("User:bob", "dba", "DROP TABLE customers");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.out())
        .contains(
            "  guardrails:   blocks it: rule \"drop-object\": DROP TABLE on public.customers blocked"
                + " by guardrail \"drop-object\"\n")
        .contains("  permissions:  allowed by rule \"dba-all\"\n")
        .contains(
            "decision:     deny (rule \"drop-object\")\n"
                + "  dbwarden: DROP TABLE on public.customers blocked by guardrail"
                + " \"drop-object\"\n");
  }

  @Test
  void aDeleteOfACustomerNeedsApproval() {
    Run run = explain("User:bob", "dba", "DELETE FROM customers WHERE id = 42");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.out())
        .contains("  permissions:  allowed by rule \"dba-all\"\n")
        .contains(
            "  approval:     required by rule \"customer-deletes\"; approvers: Group dba; a request"
                + " stays open 2h\n")
        .contains(
            "decision:     approval_required (rule \"customer-deletes\")\n"
                + "  dbwarden: DELETE on public.customers requires approval under rule"
                + " \"customer-deletes\", so it was not run\n"
                + "  it runs under an approved AccessGrant for this statement and identity naming"
                + " policy orders; approvers: Group dba\n");
  }

  @Test
  void withoutARuleTheDefaultActionDenies() {
    Run run = explain("User:alice", "analysts", "DELETE FROM orders WHERE id = 1");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .contains(
            "  permissions:  denied: rule \"default\": DELETE on public.orders is not allowed")
        .contains("decision:     deny (rule \"default\")\n");
  }

  @Test
  void jsonForScripts() throws Exception {
    Run run = explain("User:bob", "dba", "DELETE FROM customers WHERE id = 42", "-o", "json");

    assertThat(run.exitCode()).isEqualTo(1);
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.at("/decision/action").asText()).isEqualTo("approval_required");
    assertThat(json.at("/decision/rule").asText()).isEqualTo("customer-deletes");
    assertThat(json.at("/identity/name").asText()).isEqualTo("bob");
    assertThat(json.at("/policies/0/name").asText()).isEqualTo("orders");
    JsonNode steps = json.at("/statements/0/policies/0");
    assertThat(steps.at("/permission/rule").asText()).isEqualTo("dba-all");
    assertThat(steps.at("/approval/rule").asText()).isEqualTo("customer-deletes");
    assertThat(steps.get("guardrail").isNull()).isTrue();
    assertThat(json.at("/statements/0/tablesWritten/0").asText()).isEqualTo("public.customers");
  }

  @Test
  void aPolicyThatDoesNotExist() {
    Run run =
        run(client, "explain", "-n", "shop", "--policy", "nope", "--as", "User:bob", "select 1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("error: DatabasePolicy nope not found in namespace shop\n");
  }

  @Test
  void anInvalidPolicyIsReportedWithItsProblems() {
    createPolicy(
        client,
        "typos",
        """
        apiVersion: dbwarden.io/v1alpha1
        kind: DatabasePolicy
        metadata:
          name: orders
        spec:
          rules:
            - name: analysts-read
              subjects: [{kind: Group, name: analysts}]
              operations: [SELCT]
        """);

    Run run =
        run(client, "explain", "-n", "typos", "--policy", "orders", "--as", "User:a", "select 1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .startsWith(
            "error: DatabasePolicy typos/orders is not valid, so no sidecar enforces this version of"
                + " it:\n")
        .contains(
            "spec.rules[0].operations[0]: unknown operation \"SELCT\" (did you mean SELECT?)");
  }

  static Stream<Arguments> usageErrors() {
    return Stream.of(
        Arguments.of(
            List.of("--policy", "orders", "select 1"),
            "error: --as is needed: who runs the statement"),
        Arguments.of(List.of("select 1"), "error: 'select 1' is not an AccessGrant name"),
        Arguments.of(List.of("--as", "User:a", "erasure-123"), "error: --as needs --policy"),
        Arguments.of(
            List.of("--policy", "orders", "--as", "Group:dba", "select 1"),
            "error: --as names who connects, a User or a ServiceAccount"),
        Arguments.of(
            List.of("--policy", "orders", "--as", "ServiceAccount:orders", "select 1"),
            "error: a ServiceAccount is named NAMESPACE/NAME"),
        Arguments.of(List.of("--audit", "-", "select 1"), "error: --audit explains the records"),
        Arguments.of(List.of(), "error: explain what?"));
  }

  @ParameterizedTest
  @MethodSource("usageErrors")
  void usageErrorsSayWhatIsWrong(List<String> args, String error) {
    List<String> all = new java.util.ArrayList<>(List.of("explain", "-n", "shop"));
    all.addAll(args);
    Run run = run(client, all.toArray(String[]::new));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith(error).endsWith("See 'kubectl dbwarden explain --help'.\n");
  }

  /** A record as the sidecar writes it (README, "Audit"). */
  private static final String RECORD =
      """
      {"client":{"addr":"127.0.0.1:46556","application":"psql"},"database":"shop",\
      "decision":{"action":"approval_required","reason":"dbwarden: DELETE on public.customers\
       requires approval under rule \\"customer-deletes\\", so it was not run","rule":"customer-deletes"},\
      "event":"completed","identity":{"groups":["dba"],"kind":"User","method":"scram","name":"bob"},\
      "policy_version":"d856c66a9e78","result":{"masked_values":0,"rows":0,"sqlstate":"42501",\
      "error":"dbwarden: DELETE on public.customers requires approval under rule\
       \\"customer-deletes\\", so it was not run"},\
      "session":"1a2129085eb-2","statement":{"columns_read":["public.customers.id"],\
      "fingerprint":"be505f69a3bc9d8a","operation":"DELETE","protocol":"simple","seq":1,\
      "tables_read":["public.customers"],"tables_written":["public.customers"],\
      "text":"delete from customers where id = $1"},"ts":"2026-11-25T11:56:36.874158Z",\
      "type":"statement"}
      {"ts":"2026-11-25T11:56:30.1Z","type":"connection","event":"accepted","session":"1a2129085eb-2"}
      """;

  @Test
  void anAuditRecordsDecisionJudgedAgainUnderTodaysPolicy() {
    Run run =
        PluginTesting.runWithInput(
            options -> client,
            RECORD,
            "explain",
            "--audit",
            "-",
            "-n",
            "shop",
            "--policy",
            "orders");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .startsWith(
            "audit record 2026-11-25T11:56:36.874158Z (statement completed, session"
                + " 1a2129085eb-2)\n"
                + "  identity:     User bob (groups: dba)\n"
                + "  database:     shop\n"
                + "  statement:    delete from customers where id = $1\n"
                + "  operation:    DELETE\n")
        .contains(
            "  decision:     approval_required (rule \"customer-deletes\")\n"
                + "    dbwarden: DELETE on public.customers requires approval under rule"
                + " \"customer-deletes\", so it was not run\n"
                + "  result:       failed with SQLSTATE 42501 (the refusal above)\n"
                + "  policy:       version d856c66a9e78\n")
        .containsPattern("today: the policy is at version [0-9a-f]{12}, not d856c66a9e78")
        .contains("  approval:     required by rule \"customer-deletes\"")
        .contains("so: decided the same way today\n")
        .endsWith(
            "audit record 2026-11-25T11:56:30.1Z (connection accepted, session 1a2129085eb-2)\n"
                + "  (no statement was judged in this record)\n");
  }

  @Test
  void anAuditRecordAloneNeedsNoCluster() {
    Run run =
        PluginTesting.runWithInput(
            options -> {
              throw new AssertionError("no cluster is asked");
            },
            RECORD,
            "explain",
            "--audit",
            "-");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("  decision:     approval_required").doesNotContain("today:");
  }

  @Test
  void whatIsNotAnAuditRecordIsSaidSo() {
    Run run =
        PluginTesting.runWithInput(
            options -> client,
            "{\"ts\":\"2026-11-25T11:56:30Z\",\"type\":\"audit\"}\nnot json\n",
            "explain",
            "--audit",
            "-");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "error: line 2 of standard input is not an audit record (one JSON object a line): not"
                + " a JSON object\n");
  }

  @Test
  void aRecordWithoutItsTypeIsSaidSo() {
    Run run =
        PluginTesting.runWithInput(
            options -> client, "{\"ts\":\"2026-11-25T11:56:30Z\"}\n", "explain", "--audit", "-");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).endsWith("(one JSON object a line): type must not be null\n");
  }

  @Test
  void aGrantThatDoesNotExist() {
    Run run = run(client, "explain", "-n", "shop", "nope");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("error: AccessGrant nope not found in namespace shop\n");
  }

  @Test
  void aGrantIsExplainedWithItsConditionsExecutionsAndTheRuleThatHoldsItsStatement() {
    createGrant(
        client,
        "shop",
        """
        apiVersion: dbwarden.io/v1alpha1
        kind: AccessGrant
        metadata: {name: erasure-self}
        spec:
          policy: orders
          subject: {kind: User, name: bob}
          statement: "DELETE FROM customers WHERE id = 42"
        """,
        status -> {
          status.setPhase(GrantPhase.PENDING);
          status.setDecision(Decision.APPROVED);
          status.setDecidedBy("bob");
          status.setConditions(
              List.of(
                  new ConditionBuilder()
                      .withType("Decided")
                      .withStatus("False")
                      .withReason("SelfDecision")
                      .withMessage("bob decided their own grant")
                      .build()));
        });

    Run run = run(client, "explain", "-n", "shop", "--group", "dba", "erasure-self");

    assertThat(run.out())
        .contains("  statement:    DELETE FROM customers WHERE id = 42\n")
        .contains("SelfDecision")
        .contains("bob decided their own grant")
        .contains("  executions:   0 of 1\n")
        .contains("customer-deletes");
  }

  @Test
  void aScopeGrantSaysWhatItLiftsAndKeepsItsRecentExecutions() {
    createGrant(
        client,
        "shop",
        """
        apiVersion: dbwarden.io/v1alpha1
        kind: AccessGrant
        metadata: {name: break-glass}
        spec:
          policy: orders
          subject: {kind: User, name: bob}
          scope: {operations: [SELECT], tables: ["public.api_keys"]}
        """,
        status ->
            status.setExecutions(
                List.of(new Execution("2026-01-01T00:00:00Z", "shop/orders-1", 3L, null))));

    Run run = run(client, "explain", "-n", "shop", "break-glass");

    assertThat(run.out())
        .contains("  scope:        SELECT on public.api_keys\n")
        .contains("  executions:   1 (the most recent):\n")
        .contains("lifts the default action, never a rule with action deny");
  }

  private static Run explain(String as, String group, String sql, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("explain", "-n", "shop", "--policy", "orders", "--as", as, "--group", group));
    args.addAll(List.of(more));
    args.add(sql);
    return run(client, args.toArray(String[]::new));
  }
}
