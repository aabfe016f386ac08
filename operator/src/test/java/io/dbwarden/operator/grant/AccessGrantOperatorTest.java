package io.dbwarden.operator.grant;

import static io.dbwarden.operator.OperatorTesting.createCrds;
import static io.dbwarden.operator.OperatorTesting.createGrant;
import static io.dbwarden.operator.OperatorTesting.createPolicy;
import static io.dbwarden.operator.OperatorTesting.eventually;
import static io.dbwarden.operator.OperatorTesting.namespace;
import static io.dbwarden.operator.OperatorTesting.startOperator;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbwarden.api.grant.AccessGrant;
import io.dbwarden.api.grant.AccessGrantStatus;
import io.dbwarden.api.grant.Decision;
import io.dbwarden.api.grant.GrantPhase;
import io.dbwarden.operator.DbwardenOperator;
import io.dbwarden.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The AccessGrant controller against the Fabric8 mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class AccessGrantOperatorTest {

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

  private static void policy(String namespace, String ttl) {
    createPolicy(
        client,
        namespace,
        """
        apiVersion: dbwarden.io/v1alpha1
        kind: DatabasePolicy
        metadata:
          name: orders
        spec:
          approvals:
            rules: [{name: erasure, operations: [DELETE], tables: ["public.customers"]}]
            approvers: [{kind: Group, name: dba}]
            ttl: %s
        """
            .formatted(ttl));
  }

  private static void grant(String namespace, String name, String duration, int maxExecutions) {
    createGrant(
        client,
        namespace,
        """
        apiVersion: dbwarden.io/v1alpha1
        kind: AccessGrant
        metadata:
          name: %s
        spec:
          policy: orders
          subject: {kind: User, name: alice@example.com}
          statement: "DELETE FROM public.customers WHERE id = 42"
          reason: erasure request 123
          duration: %s
          maxExecutions: %d
        """
            .formatted(name, duration, maxExecutions));
  }

  private static AccessGrant get(String namespace, String name) {
    return client.resources(AccessGrant.class).inNamespace(namespace).withName(name).get();
  }

  /** Writes a decision the way a person and the webhook would; {@code by} null for no stamp. */
  private static void decide(
      String namespace, String name, Decision decision, String by, Instant at) {
    AccessGrant grant = get(namespace, name);
    AccessGrantStatus status =
        grant.getStatus() == null ? new AccessGrantStatus() : grant.getStatus();
    status.setDecision(decision);
    status.setDecidedBy(by);
    status.setDecidedAt(by == null ? null : Conditions.timestamp(at));
    grant.setStatus(status);
    client.resource(grant).updateStatus();
  }

  private static Condition condition(AccessGrant grant, String type) {
    return Conditions.find(grant.getStatus().getConditions(), type).orElseThrow();
  }

  private static GrantPhase phase(String namespace, String name) {
    return get(namespace, name).getStatus().getPhase();
  }

  @Test
  void pendingUntilApprovedThenUsableForItsDuration() {
    String ns = namespace("approve");
    operator = startOperator(client);
    policy(ns, "2h");
    grant(ns, "erasure", "1h", 1);

    eventually()
        .untilAsserted(
            () -> {
              AccessGrant grant = get(ns, "erasure");
              assertThat(grant.getStatus().getPhase()).isEqualTo(GrantPhase.PENDING);
              Instant created = Instant.parse(grant.getMetadata().getCreationTimestamp());
              assertThat(grant.getStatus().getExpiresAt())
                  .isEqualTo(Conditions.timestamp(created.plus(2, ChronoUnit.HOURS)));
              assertThat(condition(grant, "PolicyFound").getStatus()).isEqualTo("True");
              assertThat(condition(grant, "Decided").getReason()).isEqualTo("AwaitingDecision");
            });

    Instant decidedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    decide(ns, "erasure", Decision.APPROVED, "bob@example.com", decidedAt);
    eventually()
        .untilAsserted(
            () -> {
              AccessGrant grant = get(ns, "erasure");
              assertThat(grant.getStatus().getPhase()).isEqualTo(GrantPhase.APPROVED);
              assertThat(grant.getStatus().getDecidedBy()).isEqualTo("bob@example.com");
              assertThat(grant.getStatus().getExpiresAt())
                  .isEqualTo(Conditions.timestamp(decidedAt.plus(1, ChronoUnit.HOURS)));
              assertThat(condition(grant, "Decided").getReason()).isEqualTo("Approved");
              assertThat(condition(grant, "Decided").getMessage())
                  .startsWith("approved by bob@example.com at ");
            });
  }

  @Test
  void aDecisionWithoutTheWebhookStampOrByTheSubjectIsIgnored() {
    String ns = namespace("unstamped");
    operator = startOperator(client);
    policy(ns, "1h");
    grant(ns, "erasure", "1h", 1);
    eventually().until(() -> phase(ns, "erasure") == GrantPhase.PENDING);

    decide(ns, "erasure", Decision.APPROVED, null, null);
    eventually()
        .untilAsserted(
            () -> {
              AccessGrant grant = get(ns, "erasure");
              assertThat(condition(grant, "Decided").getReason()).isEqualTo("UnverifiedDecision");
              assertThat(condition(grant, "Decided").getMessage()).contains("no decidedBy stamp");
              assertThat(grant.getStatus().getPhase()).isEqualTo(GrantPhase.PENDING);
              // The person's field is kept, not erased.
              assertThat(grant.getStatus().getDecision()).isEqualTo(Decision.APPROVED);
            });

    decide(ns, "erasure", Decision.APPROVED, "alice@example.com", Instant.now());
    eventually()
        .untilAsserted(
            () -> {
              AccessGrant grant = get(ns, "erasure");
              assertThat(condition(grant, "Decided").getReason()).isEqualTo("SelfDecision");
              assertThat(grant.getStatus().getPhase()).isEqualTo(GrantPhase.PENDING);
            });
  }

  @Test
  void deniedStaysDenied() {
    String ns = namespace("deny");
    operator = startOperator(client);
    policy(ns, "1h");
    grant(ns, "erasure", "1h", 1);
    eventually().until(() -> phase(ns, "erasure") == GrantPhase.PENDING);

    decide(ns, "erasure", Decision.DENIED, "bob@example.com", Instant.now());
    eventually()
        .untilAsserted(
            () -> {
              AccessGrant grant = get(ns, "erasure");
              assertThat(grant.getStatus().getPhase()).isEqualTo(GrantPhase.DENIED);
              assertThat(grant.getStatus().getExpiresAt()).isNull();
              assertThat(condition(grant, "Decided").getReason()).isEqualTo("Denied");
            });

    decide(ns, "erasure", Decision.APPROVED, "carol@example.com", Instant.now());
    eventually()
        .untilAsserted(
            () ->
                assertThat(get(ns, "erasure").getStatus().getDecidedBy())
                    .isEqualTo("carol@example.com"));
    eventually()
        .during(java.time.Duration.ofMillis(500))
        .until(() -> phase(ns, "erasure") == GrantPhase.DENIED);
  }

  @Test
  void anApprovedGrantExpiresWhenItsDurationPasses() {
    String ns = namespace("expire");
    operator = startOperator(client);
    policy(ns, "1h");
    grant(ns, "erasure", "2s", 1);
    eventually().until(() -> phase(ns, "erasure") == GrantPhase.PENDING);

    decide(ns, "erasure", Decision.APPROVED, "bob@example.com", Instant.now());
    eventually().until(() -> phase(ns, "erasure") == GrantPhase.APPROVED);
    // Nothing else happens to the grant: only the rescheduled run can expire it.
    eventually().until(() -> phase(ns, "erasure") == GrantPhase.EXPIRED);
    assertThat(run(ns, "erasure", ns + "/orders-1", 1L, null))
        .isEqualTo(AccessGrants.Recorded.NOT_USABLE);
  }

  @Test
  void aRequestWithoutDecisionExpiresWithThePolicyTtl() {
    String ns = namespace("ttl");
    operator = startOperator(client);
    policy(ns, "2s");
    grant(ns, "erasure", "1h", 1);
    eventually().until(() -> phase(ns, "erasure") == GrantPhase.PENDING);
    eventually()
        .untilAsserted(
            () -> {
              AccessGrant grant = get(ns, "erasure");
              assertThat(grant.getStatus().getPhase()).isEqualTo(GrantPhase.EXPIRED);
              assertThat(condition(grant, "Decided").getReason()).isEqualTo("AwaitingDecision");
            });
  }

  @Test
  void executionsUpToMaxExecutionsThenExecuted() {
    String ns = namespace("execute");
    operator = startOperator(client);
    policy(ns, "1h");
    grant(ns, "erasure", "1h", 2);
    eventually().until(() -> phase(ns, "erasure") == GrantPhase.PENDING);
    assertThat(run(ns, "erasure", ns + "/orders-1", 1L, null))
        .isEqualTo(AccessGrants.Recorded.NOT_USABLE);

    decide(ns, "erasure", Decision.APPROVED, "bob@example.com", Instant.now());
    eventually().until(() -> phase(ns, "erasure") == GrantPhase.APPROVED);
    assertThat(run(ns, "erasure", ns + "/orders-1", 1L, null))
        .isEqualTo(AccessGrants.Recorded.RECORDED);
    eventually()
        .during(java.time.Duration.ofMillis(300))
        .until(() -> phase(ns, "erasure") == GrantPhase.APPROVED);
    assertThat(run(ns, "erasure", ns + "/orders-2", 0L, "23503"))
        .isEqualTo(AccessGrants.Recorded.RECORDED);

    eventually()
        .untilAsserted(
            () -> {
              AccessGrant grant = get(ns, "erasure");
              assertThat(grant.getStatus().getPhase()).isEqualTo(GrantPhase.EXECUTED);
              assertThat(grant.getStatus().getExecutions())
                  .extracting(e -> e.getPod() + " " + e.getRows() + " " + e.getSqlstate())
                  .containsExactly(ns + "/orders-1 1 null", ns + "/orders-2 0 23503");
            });
    assertThat(run(ns, "erasure", ns + "/orders-1", 1L, null))
        .isEqualTo(AccessGrants.Recorded.NOT_USABLE);
    assertThat(run(ns, "missing", ns + "/orders-1", 1L, null))
        .isEqualTo(AccessGrants.Recorded.NOT_FOUND);
  }

  @Test
  void aGrantForAMissingPolicyIsReportedNotDropped() {
    String ns = namespace("nopolicy");
    operator = startOperator(client);
    grant(ns, "erasure", "1h", 1);

    eventually()
        .untilAsserted(
            () -> {
              AccessGrant grant = get(ns, "erasure");
              assertThat(grant.getStatus().getPhase()).isEqualTo(GrantPhase.PENDING);
              Condition found = condition(grant, "PolicyFound");
              assertThat(found.getStatus()).isEqualTo("False");
              assertThat(found.getReason()).isEqualTo("PolicyNotFound");
              assertThat(found.getMessage())
                  .startsWith("DatabasePolicy " + ns + "/orders does not exist");
            });

    policy(ns, "3h");
    eventually()
        .untilAsserted(
            () -> {
              AccessGrant grant = get(ns, "erasure");
              assertThat(condition(grant, "PolicyFound").getStatus()).isEqualTo("True");
              Instant created = Instant.parse(grant.getMetadata().getCreationTimestamp());
              assertThat(grant.getStatus().getExpiresAt())
                  .isEqualTo(Conditions.timestamp(created.plus(3, ChronoUnit.HOURS)));
            });
  }

  @Test
  void aRestartedOperatorCatchesUpWithWhatHappenedMeanwhile() {
    String ns = namespace("restart");
    operator = startOperator(client);
    policy(ns, "1h");
    grant(ns, "approved", "1h", 1);
    grant(ns, "lapsed", "1s", 1);
    eventually().until(() -> phase(ns, "approved") == GrantPhase.PENDING);
    eventually().until(() -> phase(ns, "lapsed") == GrantPhase.PENDING);
    AccessGrantStatus pendingBefore = get(ns, "approved").getStatus();

    // Restarting changes nothing.
    operator.close();
    operator = startOperator(client);
    eventually()
        .during(java.time.Duration.ofMillis(500))
        .until(() -> get(ns, "approved").getStatus().equals(pendingBefore));

    // Decisions made while no operator runs: one still valid, one whose time ran out meanwhile.
    operator.close();
    operator = null;
    Instant now = Instant.now();
    decide(ns, "approved", Decision.APPROVED, "bob@example.com", now);
    decide(ns, "lapsed", Decision.APPROVED, "bob@example.com", now.minusSeconds(5));
    operator = startOperator(client);
    eventually()
        .untilAsserted(
            () -> {
              assertThat(phase(ns, "approved")).isEqualTo(GrantPhase.APPROVED);
              assertThat(phase(ns, "lapsed")).isEqualTo(GrantPhase.EXPIRED);
            });
  }

  /** A sidecar's run under the grant: claimed first, completed with its result. */
  private AccessGrants.Recorded run(
      String ns, String name, String pod, long rows, String sqlstate) {
    AccessGrants.Claim claim = operator.accessGrants().claim(ns, name, pod);
    if (claim.outcome() != AccessGrants.Recorded.RECORDED) {
      return claim.outcome();
    }
    return operator.accessGrants().completed(ns, name, pod, claim.at(), rows, sqlstate);
  }
}
