package io.dbwarden.api.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbwarden.api.bundle.BundledPolicy;
import io.dbwarden.api.bundle.PolicyBundle;
import io.dbwarden.api.grant.Execution;
import io.dbwarden.api.grant.GrantPhase;
import io.dbwarden.api.grant.GrantView;
import io.dbwarden.api.policy.Action;
import io.dbwarden.api.policy.DatabasePolicySpec;
import io.dbwarden.api.policy.Subject;
import io.dbwarden.api.policy.SubjectKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamMessagesTest {

  @Test
  void everyMessageReadsBackEqual() {
    DatabasePolicySpec spec = new DatabasePolicySpec();
    spec.setDefaultAction(Action.ALLOW);
    PolicyBundle bundle = PolicyBundle.of(List.of(BundledPolicy.of("orders", spec)));
    GrantView grant =
        new GrantView(
            "dbw-0123456789ab",
            "orders",
            new Subject(SubjectKind.USER, "alice"),
            "DELETE FROM customers WHERE id = 42",
            List.of(),
            null,
            "erasure 123",
            GrantPhase.APPROVED,
            "2026-01-01T01:00:00Z",
            "carol",
            "2026-01-01T00:00:00Z",
            1,
            List.of(new Execution("2026-01-01T00:10:00Z", "shop/orders-1", 1L, null)),
            "2026-01-01T00:00:00Z");
    List<StreamMessage> messages =
        List.of(
            new StreamMessage.Hello(null),
            new StreamMessage.Hello("0123456789ab"),
            new StreamMessage.Bundle(bundle),
            new StreamMessage.Ack(bundle.version()),
            new StreamMessage.Nack(bundle.version(), "two policies select this pod"),
            new StreamMessage.AuditSummary("orders", 10, 2, 5, "2026-01-01T00:00:00Z"),
            new StreamMessage.Relayed("shop/orders-1", new StreamMessage.Ack(bundle.version())),
            new StreamMessage.Gone("shop/orders-1"),
            new StreamMessage.RequestGrant(
                "r1",
                "dbw-0123456789ab",
                "orders",
                "customer-deletes",
                new Subject(SubjectKind.USER, "alice"),
                "DELETE FROM customers WHERE id = $1",
                List.of("42"),
                "DELETE",
                List.of("public.customers"),
                "erasure 123",
                "shop"),
            new StreamMessage.GrantReply("r1", grant, null),
            new StreamMessage.GrantReply("r2", null, "policy orders does not hold this pod"),
            new StreamMessage.ClaimExecution("r3", "dbw-0123456789ab"),
            new StreamMessage.ClaimReply("r3", true, "2026-01-01T00:00:00Z", null),
            new StreamMessage.ExecutionDone("dbw-0123456789ab", "2026-01-01T00:00:00Z", 1, null),
            new StreamMessage.EstimatedRows("dbw-0123456789ab", 1),
            new StreamMessage.Grants(List.of(grant)),
            new StreamMessage.GrantChanged(grant),
            new StreamMessage.GrantRemoved("dbw-0123456789ab"));

    for (StreamMessage message : messages) {
      assertThat(StreamMessages.read(StreamMessages.write(message))).isEqualTo(message);
    }
  }

  @Test
  void messagesNameTheirType() {
    assertThat(StreamMessages.write(new StreamMessage.Ack("v1")))
        .isEqualTo("{\"type\":\"ack\",\"version\":\"v1\"}");
    assertThat(StreamMessages.write(new StreamMessage.Hello(null)))
        .isEqualTo("{\"type\":\"hello\"}");
  }

  @Test
  void theVersionOfABundleIsFoundEvenWhenItsPoliciesCannotBeRead() {
    String unreadable =
        "{\"type\":\"bundle\",\"bundle\":{\"version\":\"v2\",\"policies\":"
            + "[{\"name\":\"a\",\"version\":\"x\",\"spec\":{\"newField\":1}}]}}";
    assertThatThrownBy(() -> StreamMessages.read(unreadable))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(StreamMessages.bundleVersion(unreadable)).contains("v2");
    assertThat(StreamMessages.bundleVersion("{\"type\":\"ack\",\"version\":\"v2\"}")).isEmpty();
    assertThat(StreamMessages.bundleVersion("{")).isEmpty();
  }

  @Test
  void unknownOrIncompleteMessagesAreRefused() {
    assertThatThrownBy(() -> StreamMessages.read("{\"type\":\"launch\"}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StreamMessages.read("{\"type\":\"ack\"}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StreamMessages.read("[1]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JSON object");
    assertThatThrownBy(() -> StreamMessages.read("{"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not JSON");
  }
}
