package io.dbwarden.operator.policy;

import static io.dbwarden.operator.OperatorTesting.createCrds;
import static io.dbwarden.operator.OperatorTesting.createPolicy;
import static io.dbwarden.operator.OperatorTesting.createSidecarPod;
import static io.dbwarden.operator.OperatorTesting.eventually;
import static io.dbwarden.operator.OperatorTesting.namespace;
import static io.dbwarden.operator.OperatorTesting.policySelecting;
import static io.dbwarden.operator.OperatorTesting.startOperator;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbwarden.api.bundle.PolicyBundle;
import io.dbwarden.api.policy.Action;
import io.dbwarden.api.policy.DatabasePolicy;
import io.dbwarden.api.policy.DatabasePolicyStatus;
import io.dbwarden.api.policy.PolicyVersion;
import io.dbwarden.operator.DbwardenOperator;
import io.dbwarden.operator.sidecars.AuditCounts;
import io.dbwarden.operator.sidecars.PodRef;
import io.dbwarden.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The DatabasePolicy controller against the Fabric8 mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class DatabasePolicyOperatorTest {

  static KubernetesClient client;

  private DbwardenOperator operator;

  @BeforeAll
  static void crds() {
    createCrds(client);
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
  }

  private static String policy(String name, String extra) {
    return policySelecting(
        name,
        "orders",
        """
        rules:
          - name: analysts
            subjects: [{kind: Group, name: analysts}]
            operations: [SELECT]
            tables: ["public.orders"]
        """
            + extra);
  }

  private DatabasePolicy get(String namespace, String name) {
    return client.resources(DatabasePolicy.class).inNamespace(namespace).withName(name).get();
  }

  private static Condition condition(DatabasePolicy policy, String type) {
    assertThat(policy.getStatus()).as("status of %s", policy.getMetadata().getName()).isNotNull();
    return Conditions.find(policy.getStatus().getConditions(), type)
        .orElseThrow(() -> new AssertionError("no condition " + type));
  }

  @Test
  void validPolicyWithoutSidecarsIsValidAndReady() {
    String ns = namespace("valid");
    operator = startOperator(client);
    DatabasePolicy created = createPolicy(client, ns, policy("orders", ""));

    eventually()
        .untilAsserted(
            () -> {
              DatabasePolicy policy = get(ns, "orders");
              DatabasePolicyStatus status = policy.getStatus();
              assertThat(condition(policy, "Valid").getStatus()).isEqualTo("True");
              assertThat(condition(policy, "Ready"))
                  .satisfies(
                      ready -> {
                        assertThat(ready.getStatus()).isEqualTo("True");
                        assertThat(ready.getReason()).isEqualTo("NoSidecars");
                        assertThat(ready.getObservedGeneration()).isEqualTo(1L);
                        assertThat(ready.getLastTransitionTime()).isNotBlank();
                      });
              // The printer columns' fields: Valid, Ready, Version, In Sync.
              assertThat(status.getVersion()).isEqualTo(PolicyVersion.of(created.getSpec()));
              assertThat(status.getSidecars().getSummary()).isEqualTo("0/0");
              assertThat(status.getObservedGeneration()).isEqualTo(1L);
              assertThat(status.getAudit().getStatements()).isZero();
            });
    // The operator never writes the spec: what was applied is what is stored.
    assertThat(get(ns, "orders").getSpec()).isEqualTo(created.getSpec());
  }

  @Test
  void invalidPolicyListsEveryProblem() {
    String ns = namespace("invalid");
    operator = startOperator(client);
    createPolicy(
        client,
        ns,
        policy(
            "broken",
            """
            guardrails:
              rules:
                - name: analysts
                  operations: [SELCT]
                  tables: ["orders"]
            """));

    eventually()
        .untilAsserted(
            () -> {
              DatabasePolicy policy = get(ns, "broken");
              Condition valid = condition(policy, "Valid");
              assertThat(valid.getStatus()).isEqualTo("False");
              assertThat(valid.getReason()).isEqualTo("InvalidSpec");
              assertThat(valid.getMessage())
                  .startsWith("3 problems: ")
                  .contains("spec.guardrails.rules[0].name: duplicate rule name \"analysts\"")
                  .contains(
                      "spec.guardrails.rules[0].operations[0]: unknown operation \"SELCT\" (did"
                          + " you mean SELECT?)")
                  .contains("spec.guardrails.rules[0].tables[0]: invalid table pattern \"orders\"");
              Condition ready = condition(policy, "Ready");
              assertThat(ready.getStatus()).isEqualTo("False");
              assertThat(ready.getReason()).isEqualTo("InvalidSpec");
            });
  }

  @Test
  void changingTheSpecMovesTheVersion() {
    String ns = namespace("change");
    operator = startOperator(client);
    createPolicy(client, ns, policy("orders", ""));
    eventually().until(() -> get(ns, "orders").getStatus() != null);
    DatabasePolicy before = get(ns, "orders");
    String lastTransition = condition(before, "Valid").getLastTransitionTime();

    client
        .resources(DatabasePolicy.class)
        .inNamespace(ns)
        .withName("orders")
        .edit(
            p -> {
              p.getSpec().setDefaultAction(Action.ALLOW);
              return p;
            });

    eventually()
        .untilAsserted(
            () -> {
              DatabasePolicy after = get(ns, "orders");
              assertThat(after.getStatus().getObservedGeneration()).isEqualTo(2L);
              assertThat(after.getStatus().getVersion())
                  .isEqualTo(PolicyVersion.of(after.getSpec()))
                  .isNotEqualTo(before.getStatus().getVersion());
              // Still valid: the condition did not transition.
              assertThat(condition(after, "Valid").getLastTransitionTime())
                  .isEqualTo(lastTransition);
              assertThat(condition(after, "Valid").getObservedGeneration()).isEqualTo(2L);
            });
  }

  @Test
  void sidecarsAcknowledgeRefuseAndReportAudit() {
    String ns = namespace("sidecars");
    operator = startOperator(client);
    createSidecarPod(client, ns, "orders-1", Map.of("app", "orders"));
    createSidecarPod(client, ns, "orders-2", Map.of("app", "orders"));
    createSidecarPod(client, ns, "billing-1", Map.of("app", "billing"));
    createPolicy(client, ns, policy("orders", ""));
    PodRef one = new PodRef(ns, "orders-1");
    PodRef two = new PodRef(ns, "orders-2");

    eventually()
        .untilAsserted(
            () -> {
              DatabasePolicy policy = get(ns, "orders");
              assertThat(policy.getStatus().getSidecars().getSummary()).isEqualTo("0/2");
              assertThat(condition(policy, "Ready").getReason()).isEqualTo("Syncing");
            });
    PolicyBundle bundle = operator.bundles().bundle(one).orElseThrow();
    assertThat(bundle.policyNames()).containsExactly("orders");
    assertThat(operator.bundles().bundle(two)).contains(bundle);
    assertThat(operator.bundles().bundle(new PodRef(ns, "billing-1"))).isEmpty();

    operator.sidecars().acknowledged(one, bundle.version());
    operator.sidecars().refused(two, bundle.version(), "unknown field spec.audit.sink");
    eventually()
        .untilAsserted(
            () -> {
              DatabasePolicy policy = get(ns, "orders");
              assertThat(policy.getStatus().getSidecars().getInSync()).isEqualTo(1);
              assertThat(policy.getStatus().getSidecars().getRejected()).isEqualTo(1);
              Condition ready = condition(policy, "Ready");
              assertThat(ready.getStatus()).isEqualTo("False");
              assertThat(ready.getReason()).isEqualTo("SidecarsRejected");
              assertThat(ready.getMessage()).contains("orders-2: unknown field spec.audit.sink");
            });

    operator.sidecars().acknowledged(two, bundle.version());
    Instant denied = Instant.parse("2025-01-01T10:00:00Z");
    operator.sidecars().audit(one, "orders", new AuditCounts(10, 2, 5, denied));
    operator.sidecars().audit(two, "orders", new AuditCounts(1, 0, 0, null));
    eventually()
        .untilAsserted(
            () -> {
              DatabasePolicy policy = get(ns, "orders");
              assertThat(policy.getStatus().getSidecars().getSummary()).isEqualTo("2/2");
              assertThat(condition(policy, "Ready").getReason()).isEqualTo("InSync");
              assertThat(condition(policy, "Ready").getStatus()).isEqualTo("True");
              assertThat(policy.getStatus().getAudit().getStatements()).isEqualTo(11);
              assertThat(policy.getStatus().getAudit().getDenied()).isEqualTo(2);
              assertThat(policy.getStatus().getAudit().getMasked()).isEqualTo(5);
              assertThat(policy.getStatus().getAudit().getLastDenied())
                  .isEqualTo("2025-01-01T10:00:00Z");
            });
    assertThat(operator.sidecars().pendingAudit(ns, "orders").isZero()).isTrue();

    // A pod going away leaves the count.
    client.pods().inNamespace(ns).withName("orders-2").delete();
    eventually()
        .untilAsserted(
            () ->
                assertThat(get(ns, "orders").getStatus().getSidecars().getSummary())
                    .isEqualTo("1/1"));
  }

  @Test
  void aNeighbourChangesTheBundleAndItsDeletionRestoresIt() {
    String ns = namespace("neighbours");
    operator = startOperator(client);
    createSidecarPod(client, ns, "orders-1", Map.of("app", "orders"));
    createPolicy(client, ns, policy("orders", ""));
    PodRef pod = new PodRef(ns, "orders-1");
    eventually().until(() -> operator.bundles().bundle(pod).isPresent());
    String alone = operator.bundles().bundle(pod).orElseThrow().version();
    operator.sidecars().acknowledged(pod, alone);
    eventually()
        .untilAsserted(
            () ->
                assertThat(condition(get(ns, "orders"), "Ready").getReason()).isEqualTo("InSync"));

    createPolicy(
        client,
        ns,
        """
        apiVersion: dbwarden.io/v1alpha1
        kind: DatabasePolicy
        metadata:
          name: audit-all
        spec:
          selector: {matchLabels: {app: orders}}
          defaultAction: allow
        """);
    eventually()
        .untilAsserted(
            () -> {
              assertThat(operator.bundles().bundle(pod).orElseThrow().policyNames())
                  .containsExactly("audit-all", "orders");
              // The sidecar runs the old bundle: the first policy is no longer in sync either.
              assertThat(condition(get(ns, "orders"), "Ready").getReason()).isEqualTo("Syncing");
            });

    client.resources(DatabasePolicy.class).inNamespace(ns).withName("audit-all").delete();
    eventually()
        .untilAsserted(
            () -> {
              // Content versions: the bundle is the one the sidecar acknowledged before.
              assertThat(operator.bundles().bundle(pod).orElseThrow().version()).isEqualTo(alone);
              assertThat(condition(get(ns, "orders"), "Ready").getReason()).isEqualTo("InSync");
            });
  }

  @Test
  void anInvalidNeighbourHoldsTheLastGoodBundle() {
    String ns = namespace("held");
    operator = startOperator(client);
    createSidecarPod(client, ns, "orders-1", Map.of("app", "orders"));
    createPolicy(client, ns, policy("orders", ""));
    PodRef pod = new PodRef(ns, "orders-1");
    eventually().until(() -> operator.bundles().bundle(pod).isPresent());
    PolicyBundle good = operator.bundles().bundle(pod).orElseThrow();

    createPolicy(
        client,
        ns,
        """
        apiVersion: dbwarden.io/v1alpha1
        kind: DatabasePolicy
        metadata:
          name: typo
        spec:
          selector: {matchLabels: {app: orders}}
          rules: [{name: Bad_Name, subjects: [{kind: Group, name: x}], operations: [SELECT]}]
        """);
    eventually()
        .untilAsserted(
            () -> {
              assertThat(condition(get(ns, "typo"), "Valid").getStatus()).isEqualTo("False");
              Condition ready = condition(get(ns, "orders"), "Ready");
              assertThat(ready.getReason()).isEqualTo("HeldByInvalidPolicy");
              assertThat(ready.getMessage())
                  .isEqualTo(
                      "pod orders-1 keeps its last bundle until invalid policy typo is fixed");
            });
    assertThat(operator.bundles().bundle(pod)).contains(good);
    assertThat(operator.bundles().heldBy(pod)).containsExactly("typo");
  }

  @Test
  void aRestartedOperatorConvergesToTheSameStatus() {
    String ns = namespace("restart");
    operator = startOperator(client);
    createSidecarPod(client, ns, "orders-1", Map.of("app", "orders"));
    createPolicy(client, ns, policy("orders", ""));
    PodRef pod = new PodRef(ns, "orders-1");
    eventually().until(() -> operator.bundles().bundle(pod).isPresent());
    String version = operator.bundles().bundle(pod).orElseThrow().version();
    operator.sidecars().acknowledged(pod, version);
    eventually()
        .untilAsserted(
            () ->
                assertThat(condition(get(ns, "orders"), "Ready").getReason()).isEqualTo("InSync"));
    DatabasePolicyStatus before = get(ns, "orders").getStatus();

    operator.close();
    operator = startOperator(client);
    // The sidecar reconnects to the new operator and acknowledges what it runs.
    operator.sidecars().acknowledged(pod, version);
    eventually()
        .untilAsserted(
            () -> {
              assertThat(operator.bundles().bundle(pod).orElseThrow().version()).isEqualTo(version);
              assertThat(get(ns, "orders").getStatus()).isEqualTo(before);
            });

    // Changed while no operator ran: the next one catches up.
    operator.close();
    operator = null;
    client
        .resources(DatabasePolicy.class)
        .inNamespace(ns)
        .withName("orders")
        .edit(
            p -> {
              p.getSpec().setDefaultAction(Action.ALLOW);
              return p;
            });
    operator = startOperator(client);
    eventually()
        .untilAsserted(
            () -> {
              DatabasePolicy policy = get(ns, "orders");
              assertThat(policy.getStatus().getObservedGeneration()).isEqualTo(2L);
              assertThat(policy.getStatus().getVersion())
                  .isEqualTo(PolicyVersion.of(policy.getSpec()));
              assertThat(condition(policy, "Ready").getReason()).isEqualTo("Syncing");
            });
  }
}
