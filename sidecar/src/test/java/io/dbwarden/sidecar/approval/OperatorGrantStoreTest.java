package io.dbwarden.sidecar.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbwarden.api.grant.Execution;
import io.dbwarden.api.grant.GrantPhase;
import io.dbwarden.api.grant.GrantScope;
import io.dbwarden.api.grant.GrantView;
import io.dbwarden.api.policy.Operation;
import io.dbwarden.api.policy.Subject;
import io.dbwarden.api.policy.SubjectKind;
import io.dbwarden.api.push.StreamMessage;
import io.dbwarden.sidecar.identity.Identity;
import io.dbwarden.sidecar.policy.ScopeGrants;
import io.dbwarden.sidecar.sql.analysis.TableRef;
import io.dbwarden.sidecar.sql.lexer.LexedStatement;
import io.dbwarden.sidecar.sql.lexer.StatementSplitter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The sidecar's mirror of the operator's grants, with the operator played by a link that records
 * what is sent and answers as told.
 */
class OperatorGrantStoreTest {

  private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
  private static final Identity BOB =
      new Identity(Identity.Kind.User, "bob", List.of("dba"), null, Identity.Method.SCRAM);
  private static final Identity ALICE =
      new Identity(Identity.Kind.User, "alice", List.of("dba"), null, Identity.Method.SCRAM);
  private static final String DELETE = "DELETE FROM customers WHERE id = 42";
  private static final String CLAIMED = "2026-06-01T10:00:00Z";

  private final OperatorGrantStore store = new OperatorGrantStore(Clock.fixed(NOW, ZoneOffset.UTC));
  private final ApprovalGate gate = ApprovalGate.kubernetes(store, "shop");
  private final List<StreamMessage> sent = new ArrayList<>();
  private Function<StreamMessage, StreamMessage> operator = message -> null;

  private void connect() {
    store.connected(
        message -> {
          sent.add(message);
          StreamMessage answer = operator.apply(message);
          if (answer != null) {
            store.received(answer);
          }
          return true;
        });
  }

  private static ApprovalRequest request(Identity who, String sql, List<String> bound) {
    LexedStatement lexed = StatementSplitter.split(sql, true).statements().get(0);
    List<String> values = new ArrayList<>(lexed.literals());
    values.addAll(bound);
    return new ApprovalRequest(
        who,
        "shop",
        "orders",
        "customer-deletes",
        lexed.fingerprint(),
        values,
        lexed.redacted(),
        List.of("public.customers"),
        null,
        Duration.ofHours(1),
        sql,
        bound,
        "DELETE");
  }

  private static GrantView grant(
      String name, Subject subject, String statement, GrantScope scope, GrantPhase phase) {
    return new GrantView(
        name,
        "orders",
        subject,
        statement,
        List.of(),
        scope,
        null,
        phase,
        NOW.plusSeconds(600).toString(),
        phase == GrantPhase.PENDING ? null : "carol",
        phase == GrantPhase.PENDING ? null : NOW.toString(),
        1,
        List.of(),
        NOW.minusSeconds(60).toString());
  }

  /** The operator granting every claim, taken at {@link #CLAIMED}. */
  private static StreamMessage grantClaims(StreamMessage message) {
    return message instanceof StreamMessage.ClaimExecution claim
        ? new StreamMessage.ClaimReply(claim.ref(), true, CLAIMED, null)
        : null;
  }

  /** The grant the operator makes for {@code ask}, as it shows it. */
  private static GrantView pending(StreamMessage.RequestGrant ask) {
    return new GrantView(
        ask.name(),
        ask.policy(),
        ask.subject(),
        ask.statement(),
        ask.parameters(),
        null,
        ask.reason(),
        GrantPhase.PENDING,
        NOW.plusSeconds(600).toString(),
        null,
        null,
        1,
        List.of(),
        NOW.toString());
  }

  private void mirror(GrantView... views) {
    store.received(new StreamMessage.Grants(List.of(views)));
  }

  private static Subject user(String name) {
    return new Subject(SubjectKind.USER, name);
  }

  private static GrantScope scope(String operation, String table) {
    GrantScope scope = new GrantScope();
    scope.setOperations(List.of(operation));
    scope.setTables(List.of(table));
    return scope;
  }

  private ApprovalGate.Verdict check(ApprovalRequest request) throws Exception {
    return gate.check(request, Duration.ZERO).get(5, TimeUnit.SECONDS);
  }

  @Test
  void withoutTheOperatorNothingIsRequestedAndNothingRuns() throws Exception {
    ApprovalGate.Verdict verdict = check(request(BOB, DELETE, List.of()));

    assertThat(verdict.granted()).isFalse();
    assertThat(verdict.refusal())
        .contains("approvals are unavailable now")
        .contains("not connected to the operator");
  }

  @Test
  void aHeldStatementIsAskedForAndTheRefusalSaysHowToApprove() throws Exception {
    connect();
    operator =
        message ->
            message instanceof StreamMessage.RequestGrant ask
                ? new StreamMessage.GrantReply(ask.ref(), pending(ask), null)
                : null;
    ApprovalRequest request = request(BOB, "DELETE FROM customers WHERE id = $1", List.of("42"));

    ApprovalGate.Verdict verdict = check(request);

    assertThat(verdict.granted()).isFalse();
    assertThat(verdict.refusal())
        .contains(request.grantName() + " is waiting for a decision")
        .contains(
            "kubectl patch accessgrant "
                + request.grantName()
                + " -n shop --subresource=status --type=merge");
    assertThat(sent)
        .singleElement()
        .isInstanceOfSatisfying(
            StreamMessage.RequestGrant.class,
            ask -> {
              assertThat(ask.name()).isEqualTo(request.grantName());
              assertThat(ask.statement()).isEqualTo("DELETE FROM customers WHERE id = $1");
              assertThat(ask.parameters()).containsExactly("42");
              assertThat(ask.subject()).isEqualTo(user("bob"));
              assertThat(ask.policy()).isEqualTo("orders");
              assertThat(ask.operation()).isEqualTo("DELETE");
            });

    // Asked again while pending: the mirror answers, nothing more is sent.
    check(request);
    assertThat(sent).hasSize(1);
  }

  @Test
  void anOperatorRefusalIsPassedOn() throws Exception {
    connect();
    operator =
        message ->
            message instanceof StreamMessage.RequestGrant ask
                ? new StreamMessage.GrantReply(ask.ref(), null, "policy orders is gone")
                : null;

    assertThat(check(request(BOB, DELETE, List.of())).refusal())
        .contains("approvals are unavailable now")
        .contains("policy orders is gone");
  }

  @Test
  void anApprovedGrantIsClaimedBeforeTheStatementRunsAndReportedAfter() throws Exception {
    connect();
    mirror(grant("erasure-42", user("bob"), DELETE, null, GrantPhase.APPROVED));
    operator = OperatorGrantStoreTest::grantClaims;

    ApprovalGate.Verdict verdict = check(request(BOB, DELETE, List.of()));

    assertThat(verdict.granted()).isTrue();
    assertThat(verdict.grant().name()).isEqualTo("erasure-42");
    assertThat(sent)
        .singleElement()
        .isInstanceOfSatisfying(
            StreamMessage.ClaimExecution.class, c -> assertThat(c.grant()).isEqualTo("erasure-42"));
    gate.executed(verdict, null, 1);
    assertThat(sent.get(1))
        .isEqualTo(new StreamMessage.ExecutionDone("erasure-42", CLAIMED, 1, null));
  }

  @Test
  void theLastClaimIsReportedEvenWhenTheGrantEndsFirstAndAnEndedGrantLeavesTheMirror()
      throws Exception {
    connect();
    mirror(grant("erasure-42", user("bob"), DELETE, null, GrantPhase.APPROVED));
    operator = OperatorGrantStoreTest::grantClaims;
    ApprovalGate.Verdict verdict = check(request(BOB, DELETE, List.of()));
    assertThat(verdict.granted()).isTrue();

    // The operator marks it used up before the statement has reported.
    store.received(
        new StreamMessage.GrantChanged(
            grant("erasure-42", user("bob"), DELETE, null, GrantPhase.EXECUTED)));
    gate.executed(verdict, null, 1);

    assertThat(sent.get(sent.size() - 1))
        .isEqualTo(new StreamMessage.ExecutionDone("erasure-42", CLAIMED, 1, null));
    assertThat(store.find("erasure-42")).isEmpty();
  }

  @Test
  void aRefusedClaimRunsNothing() throws Exception {
    connect();
    mirror(grant("erasure-42", user("bob"), DELETE, null, GrantPhase.APPROVED));
    operator =
        message -> {
          if (message instanceof StreamMessage.ClaimExecution claim) {
            return new StreamMessage.ClaimReply(claim.ref(), false, null, "used up elsewhere");
          }
          if (message instanceof StreamMessage.RequestGrant ask) {
            return new StreamMessage.GrantReply(ask.ref(), pending(ask), null);
          }
          return null;
        };

    assertThat(check(request(BOB, DELETE, List.of())).granted()).isFalse();
  }

  @Test
  void aGrantIsForItsSubjectItsPolicyAndItsValuesOnly() throws Exception {
    connect();
    GrantView forBob = grant("erasure-42", user("bob"), DELETE, null, GrantPhase.APPROVED);
    GrantView otherPolicy =
        new GrantView(
            "other",
            "billing",
            user("alice"),
            DELETE,
            List.of(),
            null,
            null,
            GrantPhase.APPROVED,
            NOW.plusSeconds(600).toString(),
            "carol",
            NOW.toString(),
            1,
            List.of(),
            NOW.toString());
    GrantView twoStatements =
        grant(
            "smuggled",
            user("alice"),
            DELETE + "; DELETE FROM customers WHERE id = 43",
            null,
            GrantPhase.APPROVED);
    mirror(forBob, otherPolicy, twoStatements);
    operator =
        message ->
            message instanceof StreamMessage.RequestGrant ask
                ? new StreamMessage.GrantReply(ask.ref(), pending(ask), null)
                : null;

    assertThat(check(request(ALICE, DELETE, List.of())).granted()).isFalse();
    assertThat(check(request(BOB, "DELETE FROM customers WHERE id = 43", List.of())).granted())
        .isFalse();
    assertThat(sent).allMatch(StreamMessage.RequestGrant.class::isInstance);
  }

  @Test
  void aGroupGrantIsForEveryMember() throws Exception {
    connect();
    store.received(
        new StreamMessage.GrantChanged(
            grant(
                "for-dba",
                new Subject(SubjectKind.GROUP, "dba"),
                DELETE,
                null,
                GrantPhase.APPROVED)));
    operator =
        message ->
            message instanceof StreamMessage.ClaimExecution claim
                ? new StreamMessage.ClaimReply(claim.ref(), true, NOW.toString(), null)
                : null;

    assertThat(check(request(ALICE, DELETE, List.of())).granted()).isTrue();
  }

  @Test
  void aScopeGrantCoversMatchingStatementsWithoutClaimsUntilItExpires() throws Exception {
    connect();
    mirror(
        grant("break-glass", user("bob"), null, scope("DELETE", "public.*"), GrantPhase.APPROVED));

    ApprovalGate.Verdict verdict =
        check(request(BOB, "DELETE FROM customers WHERE id = 7", List.of()));
    assertThat(verdict.granted()).isTrue();
    assertThat(sent).isEmpty();
    gate.executed(verdict, "23503", 0);
    assertThat(sent)
        .containsExactly(new StreamMessage.ExecutionDone("break-glass", null, 0, "23503"));

    // Past its time, it covers nothing.
    store.received(
        new StreamMessage.GrantChanged(
            new GrantView(
                "break-glass",
                "orders",
                user("bob"),
                null,
                List.of(),
                scope("DELETE", "public.*"),
                null,
                GrantPhase.APPROVED,
                NOW.minusSeconds(1).toString(),
                "carol",
                NOW.minusSeconds(3600).toString(),
                1,
                List.of(new Execution(NOW.toString(), "shop/orders-1", 0L, "23503")),
                NOW.minusSeconds(4000).toString())));
    store.disconnected();
    assertThat(check(request(BOB, "DELETE FROM customers WHERE id = 8", List.of())).granted())
        .isFalse();
  }

  @Test
  void aWaitingStatementLearnsOfTheDecisionFromTheStream() throws Exception {
    connect();
    operator =
        message -> {
          if (message instanceof StreamMessage.RequestGrant ask) {
            return new StreamMessage.GrantReply(ask.ref(), pending(ask), null);
          }
          if (message instanceof StreamMessage.ClaimExecution claim) {
            return new StreamMessage.ClaimReply(claim.ref(), true, NOW.toString(), null);
          }
          return null;
        };
    ApprovalRequest request = request(BOB, DELETE, List.of());

    CompletableFuture<ApprovalGate.Verdict> held = gate.check(request, Duration.ofMinutes(1));
    assertThat(held).isNotDone();
    store.received(
        new StreamMessage.GrantChanged(
            grant(request.grantName(), user("bob"), DELETE, null, GrantPhase.APPROVED)));

    assertThat(held.get(5, TimeUnit.SECONDS).granted()).isTrue();
  }

  @Test
  void aClosedStreamFailsWhatWaitsForAnAnswerAtOnce() {
    store.connected(message -> true); // the operator never answers
    CompletableFuture<ApprovalGate.Verdict> asking =
        gate.check(request(BOB, DELETE, List.of()), Duration.ZERO);
    assertThat(asking).isNotDone();

    store.disconnected();

    assertThat(asking.join().refusal()).contains("the stream to the operator closed");
  }

  @Test
  void aStatementHeldOnlyForAScopeThatLapsedIsRefusedNeverAskedFor() throws Exception {
    connect();
    ApprovalRequest request = request(BOB, DELETE, List.of());
    ApprovalRequest justInTime =
        new ApprovalRequest(
            request.requester(),
            request.database(),
            request.policy(),
            ScopeGrants.JUST_IN_TIME,
            request.fingerprint(),
            request.values(),
            request.text(),
            request.tables(),
            null,
            request.ttl(),
            request.statement(),
            request.parameters(),
            request.operation());

    ApprovalGate.Verdict verdict = check(justInTime);

    assertThat(verdict.granted()).isFalse();
    assertThat(verdict.refusal()).contains("scope grant that covered it is no longer usable");
    assertThat(sent).isEmpty();
  }

  @Test
  void scopesAreAnsweredFromTheMirrorForTheirSubjectPolicyOperationAndTables() {
    mirror(
        grant(
            "break-glass",
            user("bob"),
            null,
            scope("SELECT", "public.customers"),
            GrantPhase.APPROVED),
        grant(
            "asked-only",
            user("alice"),
            null,
            scope("SELECT", "public.customers"),
            GrantPhase.PENDING));
    var customers = Set.of(new TableRef("public", "customers"));
    var both = Set.of(new TableRef("public", "customers"), new TableRef("public", "orders"));
    var scopes = store.scopes();

    assertThat(scopes.covers(BOB, "orders", Operation.SELECT, customers)).isTrue();
    assertThat(scopes.covers(BOB, "orders", Operation.SELECT, both)).isFalse();
    assertThat(scopes.covers(BOB, "orders", Operation.DELETE, customers)).isFalse();
    assertThat(scopes.covers(BOB, "billing", Operation.SELECT, customers)).isFalse();
    assertThat(scopes.covers(ALICE, "orders", Operation.SELECT, customers)).isFalse();
  }

  @Test
  void decisionsAreTakenInKubernetesNotHere() {
    assertThatThrownBy(() -> store.decide("erasure-42", "User:carol", true, 1, Duration.ofHours(1)))
        .isInstanceOf(GrantDecisionException.class)
        .hasMessageContaining("kubectl patch accessgrant erasure-42");
  }
}
