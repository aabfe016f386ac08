package io.dbwarden.operator.push;

import static io.dbwarden.operator.OperatorTesting.createCrds;
import static io.dbwarden.operator.OperatorTesting.createGrant;
import static io.dbwarden.operator.OperatorTesting.createPolicy;
import static io.dbwarden.operator.OperatorTesting.eventually;
import static io.dbwarden.operator.OperatorTesting.namespace;
import static io.dbwarden.operator.OperatorTesting.policySelecting;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbwarden.api.bundle.BundledPolicy;
import io.dbwarden.api.bundle.PolicyBundle;
import io.dbwarden.api.grant.AccessGrant;
import io.dbwarden.api.grant.AccessGrantStatus;
import io.dbwarden.api.grant.Decision;
import io.dbwarden.api.policy.DatabasePolicySpec;
import io.dbwarden.api.push.StreamMessage;
import io.dbwarden.operator.grant.AccessGrants;
import io.dbwarden.operator.grant.GrantRequests;
import io.dbwarden.operator.policy.BundleCompiler;
import io.dbwarden.operator.policy.BundleRegistry;
import io.dbwarden.operator.sidecars.PodRef;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the operator does with a sidecar's word about grants, against the Fabric8 mock API server: a
 * sidecar acts only on the grants of the policies that govern its own pod.
 */
@EnableKubernetesMockClient(crud = true)
class GrantDeskTest {

  static KubernetesClient client;

  private final BundleRegistry bundles = new BundleRegistry();
  private GrantDesk desk;

  @BeforeAll
  static void crds() {
    createCrds(client);
  }

  @AfterEach
  void stop() {
    if (desk != null) {
      desk.close();
    }
  }

  /**
   * An approved statement grant of policy {@code billing}, and a pod governed by {@code orders}.
   */
  private PodRef ordersPodBesideABillingGrant(String ns) {
    createPolicy(client, ns, policySelecting("billing", "billing", ""));
    AccessGrant grant =
        createGrant(
            client,
            ns,
            """
            apiVersion: dbwarden.io/v1alpha1
            kind: AccessGrant
            metadata: {name: billing-fix}
            spec:
              policy: billing
              subject: {kind: User, name: bob}
              statement: "DELETE FROM invoices WHERE id = 7"
              maxExecutions: 1
            """);
    AccessGrantStatus status = new AccessGrantStatus();
    status.setDecision(Decision.APPROVED);
    status.setDecidedBy("carol");
    status.setDecidedAt(Instant.now().toString());
    grant.setStatus(status);
    client.resource(grant).updateStatus();

    PodRef pod = new PodRef(ns, "orders-1");
    bundles.replaceNamespace(
        ns,
        new BundleCompiler.Compiled(
            Map.of(
                pod,
                PolicyBundle.of(List.of(BundledPolicy.of("orders", new DatabasePolicySpec())))),
            Map.of()));
    desk =
        new GrantDesk(
            client,
            List.of(),
            new GrantRequests(client, Clock.systemUTC()),
            new AccessGrants(client, Clock.systemUTC()),
            bundles);
    desk.start();
    return pod;
  }

  @Test
  void aSidecarCannotClaimReportOrEstimateAGrantOfAnotherPolicy() throws Exception {
    String ns = namespace("foreign");
    PodRef pod = ordersPodBesideABillingGrant(ns);
    BlockingQueue<StreamMessage> replies = new LinkedBlockingQueue<>();

    desk.handle(pod, new StreamMessage.ClaimExecution("1", "billing-fix"), replies::add);
    desk.handle(pod, new StreamMessage.ExecutionDone("billing-fix", null, 1, null), replies::add);
    desk.handle(pod, new StreamMessage.EstimatedRows("billing-fix", 9), replies::add);

    StreamMessage reply = replies.poll(10, TimeUnit.SECONDS);
    assertThat(reply)
        .isInstanceOfSatisfying(
            StreamMessage.ClaimReply.class,
            claim -> {
              assertThat(claim.granted()).isFalse();
              assertThat(claim.error())
                  .contains("not a grant of the policies that govern pod " + pod);
            });
    // Reports have no answer: wait until all three were handled, then look at the grant.
    desk.handle(pod, new StreamMessage.ClaimExecution("2", "billing-fix"), replies::add);
    assertThat(replies.poll(10, TimeUnit.SECONDS)).isNotNull();
    AccessGrant grant =
        client.resources(AccessGrant.class).inNamespace(ns).withName("billing-fix").get();
    assertThat(grant.getStatus().getExecutions()).isEmpty();
    assertThat(grant.getStatus().getEstimatedRows()).isNull();
    assertThat(replies).isEmpty();
  }

  @Test
  void theSidecarOfThePolicyMayClaimIt() throws Exception {
    String ns = namespace("own");
    PodRef pod = ordersPodBesideABillingGrant(ns);
    bundles.replaceNamespace(
        ns,
        new BundleCompiler.Compiled(
            Map.of(
                pod,
                PolicyBundle.of(List.of(BundledPolicy.of("billing", new DatabasePolicySpec())))),
            Map.of()));
    BlockingQueue<StreamMessage> replies = new LinkedBlockingQueue<>();

    desk.handle(pod, new StreamMessage.ClaimExecution("1", "billing-fix"), replies::add);

    assertThat(replies.poll(10, TimeUnit.SECONDS))
        .isInstanceOfSatisfying(
            StreamMessage.ClaimReply.class, claim -> assertThat(claim.granted()).isTrue());
    eventually()
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .resources(AccessGrant.class)
                            .inNamespace(ns)
                            .withName("billing-fix")
                            .get()
                            .getStatus()
                            .getExecutions())
                    .singleElement()
                    .satisfies(e -> assertThat(e.getPod()).isEqualTo(pod.toString())));
  }
}
