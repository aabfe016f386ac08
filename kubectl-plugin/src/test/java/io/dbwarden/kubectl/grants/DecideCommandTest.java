package io.dbwarden.kubectl.grants;

import static io.dbwarden.kubectl.PluginTesting.createCrds;
import static io.dbwarden.kubectl.PluginTesting.createGrant;
import static io.dbwarden.kubectl.PluginTesting.grant;
import static io.dbwarden.kubectl.PluginTesting.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbwarden.api.grant.AccessGrant;
import io.dbwarden.api.grant.Decision;
import io.dbwarden.api.grant.GrantPhase;
import io.dbwarden.kubectl.PluginTesting.Run;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code approve} and {@code deny} against the Fabric8 mock API server in CRUD mode, which has no
 * admission webhook: decisions land without the stamp dbwarden's webhook would add.
 */
@EnableKubernetesMockClient(crud = true)
class DecideCommandTest {

  static KubernetesClient client;

  @BeforeAll
  static void crds() {
    createCrds(client);
  }

  private static void request(String namespace, String name) {
    createGrant(
        client,
        namespace,
        PendingCommandTest.yaml(name, "DELETE FROM customers WHERE id = 42"),
        null);
  }

  @Test
  void approveShowsTheGrantThenPatchesItsStatus() {
    request("approve", "erasure-123");

    Run run = run(client, "approve", "erasure-123", "-n", "approve");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .startsWith("Approving AccessGrant erasure-123 in namespace approve:\n")
        .contains("  subject:    User alice@example.com\n")
        .contains("  statement:  DELETE FROM customers WHERE id = 42\n")
        .contains("  reason:     erasure request 123\n")
        .contains("  policy:     orders\n")
        .contains("  allows:     at most 1 run within 1h of the approval\n")
        .endsWith("AccessGrant erasure-123: Approved written.\n");
    // Without the webhook nothing stamps the decision, and the operator would ignore it.
    assertThat(run.err()).startsWith("warning: the decision carries no decidedBy stamp");
    AccessGrant stored = grant(client, "approve", "erasure-123");
    assertThat(stored.getStatus().getDecision()).isEqualTo(Decision.APPROVED);
    assertThat(stored.getSpec().getStatement()).isEqualTo("DELETE FROM customers WHERE id = 42");
  }

  @Test
  void theApproverSeesTheValuesAStatementIsForAndTheEstimate() {
    createGrant(
        client,
        "values",
        """
        apiVersion: dbwarden.io/v1alpha1
        kind: AccessGrant
        metadata: {name: dbw-0123456789ab}
        spec:
          policy: orders
          subject: {kind: User, name: alice@example.com}
          statement: "DELETE FROM customers WHERE id = $1 AND note = $2"
          parameters: ["42", "it's"]
        """,
        status -> status.setEstimatedRows(1L));

    Run run = run(client, "approve", "dbw-0123456789ab", "-n", "values");

    assertThat(run.out())
        .contains(
            "  statement:  DELETE FROM customers WHERE id = $1 AND note = $2"
                + " with $1 = '42', $2 = 'it''s'\n")
        .contains("  estimate:   1 rows (the planner's)\n");
  }

  @Test
  void aScopeGrantAllowsAnyStatementInScopeForItsDuration() {
    createGrant(
        client,
        "scope",
        """
        apiVersion: dbwarden.io/v1alpha1
        kind: AccessGrant
        metadata: {name: break-glass}
        spec:
          policy: orders
          subject: {kind: User, name: alice@example.com}
          scope: {operations: [SELECT], tables: ["public.api_keys"]}
          duration: 30m
        """,
        null);

    Run run = run(client, "approve", "break-glass", "-n", "scope");

    assertThat(run.out())
        .contains("  scope:      SELECT on public.api_keys\n")
        .contains("  allows:     any statement in scope within 30m of the approval\n");
  }

  @Test
  void denyPatchesDenied() {
    request("deny", "erasure-123");

    Run run = run(client, "deny", "erasure-123", "-n", "deny");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("Denying AccessGrant erasure-123 in namespace deny:\n");
    assertThat(grant(client, "deny", "erasure-123").getStatus().getDecision())
        .isEqualTo(Decision.DENIED);
  }

  @Test
  void aDecidedGrantIsRefusedWithoutAPatch() {
    AccessGrant decided =
        createGrant(
            client,
            "decided",
            PendingCommandTest.yaml("erasure-123", "DELETE FROM customers WHERE id = 42"),
            status -> {
              status.setDecision(Decision.DENIED);
              status.setDecidedBy("carol");
              status.setDecidedAt("2025-03-01T11:00:00Z");
              status.setPhase(GrantPhase.DENIED);
            });

    Run run = run(client, "approve", "erasure-123", "-n", "decided");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).startsWith("Approving AccessGrant erasure-123 in namespace decided:\n");
    assertThat(run.err())
        .isEqualTo(
            "error: AccessGrant erasure-123 was already decided (Denied by carol at"
                + " 2025-03-01T11:00:00Z); a decision is final, so it was left as it is\n");
    AccessGrant stored = grant(client, "decided", "erasure-123");
    assertThat(stored.getStatus().getDecision()).isEqualTo(Decision.DENIED);
    assertThat(stored.getMetadata().getResourceVersion())
        .isEqualTo(decided.getMetadata().getResourceVersion());
  }

  @Test
  void anExpiredGrantHasNothingLeftToDecide() {
    createGrant(
        client,
        "expired",
        PendingCommandTest.yaml("erasure-123", "DELETE FROM customers WHERE id = 42"),
        status -> status.setPhase(GrantPhase.EXPIRED));

    Run run = run(client, "deny", "erasure-123", "-n", "expired");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo("error: AccessGrant erasure-123 is Expired: there is nothing left to decide\n");
    assertThat(grant(client, "expired", "erasure-123").getStatus().getDecision()).isNull();
  }

  @Test
  void aMissingGrantIsNotFound() {
    Run run = run(client, "approve", "nope", "-n", "approve");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("error: AccessGrant nope not found in namespace approve\n");
  }

  @Test
  void aNameIsRequired() {
    Run run = run(client, "approve");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("error: Missing required parameter: 'NAME'")
        .contains("See 'kubectl dbwarden approve --help'.");
  }
}
