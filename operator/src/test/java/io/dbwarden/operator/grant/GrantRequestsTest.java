package io.dbwarden.operator.grant;

import static io.dbwarden.operator.OperatorTesting.createCrds;
import static io.dbwarden.operator.OperatorTesting.createPolicy;
import static io.dbwarden.operator.OperatorTesting.namespace;
import static io.dbwarden.operator.OperatorTesting.policySelecting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbwarden.api.grant.AccessGrant;
import io.dbwarden.api.grant.AccessGrantStatus;
import io.dbwarden.api.grant.GrantPhase;
import io.dbwarden.api.grant.GrantView;
import io.dbwarden.api.policy.Subject;
import io.dbwarden.api.policy.SubjectKind;
import io.dbwarden.api.push.StreamMessage;
import io.dbwarden.operator.sidecars.PodRef;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Requests from sidecars becoming AccessGrants, against the Fabric8 mock API server. */
@EnableKubernetesMockClient(crud = true)
class GrantRequestsTest {

  static KubernetesClient client;

  private final GrantRequests requests = new GrantRequests(client, Clock.systemUTC());

  @BeforeAll
  static void crds() {
    createCrds(client);
  }

  private static String withPolicy(String prefix) {
    String ns = namespace(prefix);
    createPolicy(client, ns, policySelecting("orders", "orders", ""));
    return ns;
  }

  private static StreamMessage.RequestGrant ask(String name, Subject subject, String policy) {
    return new StreamMessage.RequestGrant(
        "1",
        name,
        policy,
        "erasure",
        subject,
        "DELETE FROM customers WHERE id = $1",
        List.of("42"),
        "DELETE",
        List.of("public.customers"),
        null,
        "shop");
  }

  private static Subject alice() {
    return new Subject(SubjectKind.USER, "alice@example.com");
  }

  @Test
  void aRequestIsOneGrantHoweverOftenItIsMadeAndFromWhichPod() {
    String ns = withPolicy("once");
    StreamMessage.RequestGrant ask = ask("dbw-00000000000a", alice(), "orders");

    GrantView first = requests.request(new PodRef(ns, "orders-1"), List.of("orders"), ask);
    GrantView again = requests.request(new PodRef(ns, "orders-2"), List.of("orders"), ask);

    assertThat(again.name()).isEqualTo(first.name()).isEqualTo("dbw-00000000000a");
    List<AccessGrant> grants =
        client.resources(AccessGrant.class).inNamespace(ns).list().getItems();
    assertThat(grants).singleElement();
    AccessGrant grant = grants.get(0);
    assertThat(grant.getSpec().getParameters()).containsExactly("42");
    assertThat(grant.getMetadata().getLabels())
        .containsEntry(GrantRequests.SUBJECT_LABEL, "alice.example.com");
    assertThat(
            client
                .resources(AccessGrant.class)
                .inNamespace(ns)
                .withLabel(GrantRequests.SUBJECT_LABEL, "alice.example.com")
                .list()
                .getItems())
        .hasSize(1);
  }

  @Test
  void aRequestWhoseGrantEndedMakesANewOne() {
    String ns = withPolicy("ended");
    StreamMessage.RequestGrant ask = ask("dbw-00000000000b", alice(), "orders");
    requests.request(new PodRef(ns, "orders-1"), List.of("orders"), ask);
    AccessGrant used =
        client.resources(AccessGrant.class).inNamespace(ns).withName("dbw-00000000000b").get();
    AccessGrantStatus status = new AccessGrantStatus();
    status.setPhase(GrantPhase.EXECUTED);
    used.setStatus(status);
    client.resource(used).updateStatus();

    GrantView next = requests.request(new PodRef(ns, "orders-1"), List.of("orders"), ask);

    assertThat(next.name()).isEqualTo("dbw-00000000000b-2");
    assertThat(next.phase()).isEqualTo(GrantPhase.PENDING);
  }

  @Test
  void aSidecarAsksOnlyUnderItsOwnPoliciesAndForAPerson() {
    String ns = withPolicy("refused");
    PodRef pod = new PodRef(ns, "orders-1");

    assertThatThrownBy(
            () ->
                requests.request(
                    pod, List.of("billing"), ask("dbw-00000000000c", alice(), "orders")))
        .isInstanceOf(GrantRequests.RefusedException.class)
        .hasMessageContaining("does not govern pod " + pod);
    assertThatThrownBy(
            () ->
                requests.request(
                    pod,
                    List.of("orders"),
                    ask("dbw-00000000000c", new Subject(SubjectKind.GROUP, "dba"), "orders")))
        .isInstanceOf(GrantRequests.RefusedException.class)
        .hasMessageContaining("User or a ServiceAccount");
    assertThatThrownBy(
            () ->
                requests.request(
                    pod, List.of("orders"), ask("erase-everything", alice(), "orders")))
        .isInstanceOf(GrantRequests.RefusedException.class)
        .hasMessageContaining("dbw- and 12 hex digits");
    assertThatThrownBy(
            () ->
                requests.request(
                    new PodRef(namespace("nopolicy"), "orders-1"),
                    List.of("orders"),
                    ask("dbw-00000000000c", alice(), "orders")))
        .isInstanceOf(GrantRequests.RefusedException.class)
        .hasMessageContaining("is gone");
    assertThat(client.resources(AccessGrant.class).inNamespace(ns).list().getItems()).isEmpty();
  }

  @Test
  void subjectsBecomeLabelValues() {
    assertThat(GrantRequests.labelValue("alice@example.com")).isEqualTo("alice.example.com");
    assertThat(GrantRequests.labelValue("shop/orders")).isEqualTo("shop.orders");
    assertThat(GrantRequests.labelValue("@weird name!")).isEqualTo("weird.name");
    assertThat(GrantRequests.labelValue("x".repeat(100))).hasSize(63);
  }
}
