package io.dbwarden.kubectl.grants;

import static io.dbwarden.kubectl.PluginTesting.createCrds;
import static io.dbwarden.kubectl.PluginTesting.createGrant;
import static io.dbwarden.kubectl.PluginTesting.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbwarden.api.grant.Decision;
import io.dbwarden.api.grant.GrantPhase;
import io.dbwarden.kubectl.PluginTesting.Run;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code pending} against the Fabric8 mock API server in CRUD mode. The mock server stamps every
 * object with the time it was created, so the order by age has a test of its own ({@link
 * PendingOrderTest}).
 */
@EnableKubernetesMockClient(crud = true)
class PendingCommandTest {

  static KubernetesClient client;

  @BeforeAll
  static void grants() {
    createCrds(client);
    createGrant(
        client, "shop", yaml("erasure-123", "DELETE FROM customers\n  WHERE id = 42"), null);
    createGrant(
        client,
        "shop",
        yaml("refund-7", "UPDATE orders SET total = 0 WHERE id = 7"),
        status -> status.setPhase(GrantPhase.PENDING));
    createGrant(
        client,
        "shop",
        yaml("approved-1", "DELETE FROM customers WHERE id = 1"),
        status -> {
          status.setDecision(Decision.APPROVED);
          status.setDecidedBy("bob");
          status.setPhase(GrantPhase.APPROVED);
        });
    // Decided, the operator not there yet: a second decision would be refused.
    createGrant(
        client,
        "shop",
        yaml("decided-1", "DELETE FROM customers WHERE id = 2"),
        status -> {
          status.setDecision(Decision.DENIED);
          status.setPhase(GrantPhase.PENDING);
        });
    createGrant(
        client,
        "billing",
        yaml("old-request", "DELETE FROM invoices WHERE id = 9"),
        status -> status.setPhase(GrantPhase.EXPIRED));
    createGrant(client, "billing", yaml("void-9", "DELETE FROM invoices WHERE id = 9"), null);
  }

  static String yaml(String name, String statement) {
    return """
        apiVersion: dbwarden.io/v1alpha1
        kind: AccessGrant
        metadata:
          name: %s
        spec:
          policy: orders
          subject: {kind: User, name: alice@example.com}
          statement: %s
          reason: erasure request 123
        """
        .formatted(name, com.fasterxml.jackson.databind.node.TextNode.valueOf(statement));
  }

  /** One column of the table, without its header. */
  static List<String> column(Run run, int column) {
    return run.out().lines().skip(1).map(line -> line.split("\\s{3,}")[column]).toList();
  }

  @Test
  void listsOnlyThePendingGrantsOfEveryNamespace() {
    Run run = run(client, "pending", "-A");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out().lines().findFirst().orElseThrow())
        .startsWith("NAMESPACE   NAME")
        .contains("SUBJECT", "POLICY", "REQUEST", "REASON", "AGE", "EXPIRES");
    assertThat(column(run, 1)).containsExactlyInAnyOrder("void-9", "refund-7", "erasure-123");
    String erasure = run.out().lines().filter(l -> l.contains("erasure-123")).findFirst().get();
    assertThat(erasure)
        .startsWith("shop ")
        .contains("User alice@example.com", "orders", "erasure request 123")
        // the statement on one line
        .contains("DELETE FROM customers WHERE id = 42");
  }

  @Test
  void listsOneNamespaceWithoutANamespaceColumn() {
    Run run = run(client, "pending", "-n", "shop");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out().lines().findFirst().orElseThrow()).startsWith("NAME ");
    assertThat(column(run, 0)).containsExactlyInAnyOrder("refund-7", "erasure-123");
  }

  @Test
  void saysSoWhenNothingIsPending() {
    Run run = run(client, "pending", "-n", "empty");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("No pending AccessGrants in namespace empty.\n");
  }

  @Test
  void theNamespaceDefaultsToTheContexts() {
    Run run = run(client, "pending");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).contains("in namespace " + client.getNamespace() + ".");
  }
}
