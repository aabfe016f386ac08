package io.dbwarden.sidecar.approval;

import io.dbwarden.api.grant.Execution;
import io.dbwarden.api.grant.GrantView;
import io.dbwarden.api.policy.Operation;
import io.dbwarden.api.policy.Timestamps;
import io.dbwarden.sidecar.identity.Identity;
import io.dbwarden.sidecar.policy.RuleScope;
import io.dbwarden.sidecar.policy.Subject;
import io.dbwarden.sidecar.sql.analysis.TableRef;
import io.dbwarden.sidecar.sql.lexer.LexedStatement;
import io.dbwarden.sidecar.sql.lexer.SplitQuery;
import io.dbwarden.sidecar.sql.lexer.SqlLexException;
import io.dbwarden.sidecar.sql.lexer.StatementSplitter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An AccessGrant as the operator showed it, with what a request is matched against worked out once:
 * the statement's fingerprint and values (lexed here as the proxy lexes what clients send, so a
 * grant a person wrote by hand matches the statement it names), or the scope.
 */
final class MirroredGrant {

  private final GrantView view;
  private final Subject subject;
  private final String fingerprint;
  private final List<String> values;
  private final RuleScope scope;

  MirroredGrant(GrantView view) {
    this.view = view;
    this.subject =
        view.subject() == null
                || view.subject().getKind() == null
                || view.subject().getName() == null
            ? null
            : new Subject(view.subject().getKind(), view.subject().getName());
    LexedStatement lexed = lex(view.statement());
    this.fingerprint = lexed == null ? null : lexed.fingerprint();
    List<String> all = new ArrayList<>();
    if (lexed != null) {
      all.addAll(lexed.literals());
      all.addAll(view.parameters());
    }
    this.values = List.copyOf(all);
    this.scope =
        view.scope() == null
            ? null
            : RuleScope.of(view.scope().getOperations(), view.scope().getTables());
  }

  /** The one statement of {@code text}; null when it is not exactly one statement. */
  private static LexedStatement lex(String text) {
    if (text == null) {
      return null;
    }
    try {
      SplitQuery split = StatementSplitter.split(text, true);
      return split.statements().size() == 1 ? split.statements().get(0) : null;
    } catch (SqlLexException e) {
      return null;
    }
  }

  String name() {
    return view.name();
  }

  boolean scoped() {
    return scope != null;
  }

  /** Whether the grant is for this request: its subject, its policy, and its statement or scope. */
  boolean answers(ApprovalRequest request) {
    if (subject == null
        || !subject.matches(request.requester())
        || !view.policy().equals(request.policy())) {
      return false;
    }
    if (scope != null) {
      return covers(request);
    }
    return request.fingerprint().equals(fingerprint) && request.values().equals(values);
  }

  private boolean covers(ApprovalRequest request) {
    if (request.operation() == null || request.tables().isEmpty()) {
      return false;
    }
    Set<TableRef> tables = new HashSet<>();
    for (String table : request.tables()) {
      int dot = table.indexOf('.');
      if (dot < 0) {
        return false;
      }
      tables.add(new TableRef(table.substring(0, dot), table.substring(dot + 1)));
    }
    for (String name : request.operation().split(",")) {
      try {
        if (!covers(Operation.valueOf(name), tables)) {
          return false;
        }
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether it is a scope grant for {@code identity} under {@code policy} covering {@code
   * operation} on every one of {@code tables}.
   */
  boolean covers(Identity identity, String policy, Operation operation, Set<TableRef> tables) {
    return scope != null
        && subject != null
        && subject.matches(identity)
        && view.policy().equals(policy)
        && covers(operation, tables);
  }

  private boolean covers(Operation operation, Set<TableRef> tables) {
    return scope.covers(operation) && !tables.isEmpty() && tables.stream().allMatch(scope::covers);
  }

  /** Where the grant stands at {@code now}: a grant past its time has lapsed. */
  GrantPhase phase(Instant now) {
    GrantPhase phase = GrantPhase.valueOf(view.phase().name());
    Instant expires = instant(view.expiresAt());
    boolean running = phase == GrantPhase.PENDING || phase == GrantPhase.APPROVED;
    return running && expires != null && !now.isBefore(expires) ? GrantPhase.EXPIRED : phase;
  }

  /** Whether it lets a statement run now: approved, in time, with executions left. */
  boolean usable(Instant now) {
    return phase(now) == GrantPhase.APPROVED
        && (scope != null || view.executions().size() < view.maxExecutions());
  }

  /** The grant as the approval gate sees it, for {@code request} (null when there is none). */
  Grant toGrant(ApprovalRequest request, Instant now) {
    List<Grant.GrantExecution> runs = new ArrayList<>();
    for (Execution execution : view.executions()) {
      runs.add(
          new Grant.GrantExecution(
              instant(execution.getAt()),
              execution.getSqlstate(),
              execution.getRows() == null ? -1 : execution.getRows()));
    }
    return new Grant(
        view.name(),
        request,
        phase(now),
        instant(view.createdAt()),
        instant(view.expiresAt()),
        view.decidedBy(),
        instant(view.decidedAt()),
        scope != null ? Integer.MAX_VALUE : view.maxExecutions(),
        runs,
        null);
  }

  private static Instant instant(String timestamp) {
    return Timestamps.parse(timestamp).orElse(null);
  }
}
