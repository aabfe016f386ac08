package io.dbwarden.sidecar.policy;

import io.dbwarden.api.policy.Operation;
import io.dbwarden.sidecar.identity.Identity;
import io.dbwarden.sidecar.sql.analysis.StatementAnalysis;
import io.dbwarden.sidecar.sql.analysis.TableRef;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Identity-based permissions. Each table a statement writes needs the statement's operation, each
 * table it only reads needs SELECT; a statement that touches no table needs its operation. For
 * every such need, a matching deny rule refuses; otherwise an allow rule must grant it, or the
 * policy's default action decides.
 *
 * <p>Row limits: of the allow rules granting one need, the most generous limit counts (a broader
 * grant gives more); across the needs of a statement, the strictest.
 */
final class Permissions {

  /** Statements about the session itself: they touch no data and need no grant. */
  private static final Set<Operation> SESSION_HOUSEKEEPING =
      EnumSet.of(
          Operation.TRANSACTION,
          Operation.SET,
          Operation.SHOW,
          Operation.DISCARD,
          Operation.DEALLOCATE,
          // EXECUTE is judged by what was prepared; its arguments' tables still need SELECT.
          Operation.EXECUTE,
          Operation.CURSOR,
          Operation.UNLISTEN);

  private final String policyName;
  private final boolean defaultAllow;
  private final List<PermissionRule> rules;

  /** The rule a decision names when the policy's default action took it, no rule. */
  static final String DEFAULT_RULE = "default";

  Permissions(String policyName, boolean defaultAllow, List<PermissionRule> rules) {
    this.policyName = policyName;
    this.defaultAllow = defaultAllow;
    this.rules = rules;
  }

  /** The rules whose subjects name {@code identity} or one of its groups. */
  private List<PermissionRule> rulesFor(Identity identity) {
    List<PermissionRule> mine = new ArrayList<>();
    for (PermissionRule rule : rules) {
      if (rule.appliesTo(identity)) {
        mine.add(rule);
      }
    }
    return mine;
  }

  /**
   * Whether a rule with {@code action: deny} refuses some part of the statement to {@code
   * identity}, as opposed to no rule granting it; nothing lifts such a denial.
   */
  boolean deniedByRule(Identity identity, StatementAnalysis analysis) {
    List<PermissionRule> mine = rulesFor(identity);
    for (Need need : needs(analysis)) {
      if (grant(mine, need).denied != null) {
        return true;
      }
    }
    return false;
  }

  /**
   * Null when the statement needs no grant; a denial; or an allowance naming the rules that granted
   * it ({@code default} when the default action did), possibly with a row limit.
   */
  Decision check(Identity identity, StatementAnalysis analysis) {
    List<PermissionRule> mine = rulesFor(identity);
    RowLimit limit = null;
    java.util.Set<String> granting = new java.util.LinkedHashSet<>();
    for (Need need : needs(analysis)) {
      Grant grant = grant(mine, need);
      if (grant.denied != null) {
        return Decision.deny(
            grant.denied.name(),
            "dbwarden: "
                + need
                + " is denied for "
                + describe(identity)
                + " by rule \""
                + grant.denied.name()
                + "\" of policy "
                + policyName);
      }
      if (!grant.allowed && !defaultAllow) {
        return Decision.deny(
            DEFAULT_RULE,
            "dbwarden: "
                + need
                + " is not allowed for "
                + describe(identity)
                + ": no rule of policy "
                + policyName
                + " grants it (rule \"default\": the default action is deny); ask the policy's"
                + " owners for a rule");
      }
      granting.add(grant.allowed ? grant.rule : DEFAULT_RULE);
      limit = RowLimit.stricter(limit, grant.limit);
    }
    if (granting.isEmpty()) {
      return null;
    }
    Decision allowed = Decision.allow().withRule(String.join(",", granting));
    return limit == null ? allowed : allowed.withRowLimit(limit, null);
  }

  private static List<Need> needs(StatementAnalysis analysis) {
    StatementAnalysis a =
        analysis.operation() == Operation.EXPLAIN && analysis.inner() != null
            ? analysis.inner()
            : analysis;
    List<Need> needs = new ArrayList<>();
    for (TableRef table : a.tablesWritten()) {
      needs.add(new Need(a.operation(), table));
    }
    for (TableRef table : a.tablesRead()) {
      if (!a.tablesWritten().contains(table)) {
        needs.add(new Need(Operation.SELECT, table));
      }
    }
    if (needs.isEmpty() && !SESSION_HOUSEKEEPING.contains(a.operation())) {
      needs.add(new Need(a.operation(), null));
    }
    return needs;
  }

  private static Grant grant(List<PermissionRule> rules, Need need) {
    Grant grant = new Grant();
    for (PermissionRule rule : rules) {
      if (!rule.scope().covers(need.operation)) {
        continue;
      }
      // A statement that touches no table is granted by any rule for its operation, but denied
      // only by a deny rule that is not about particular tables.
      boolean inScope = (need.table == null && !rule.deny()) || rule.scope().covers(need.table);
      if (!inScope) {
        continue;
      }
      if (rule.deny()) {
        grant.denied = rule;
        return grant;
      }
      if (!grant.allowed) {
        grant.allowed = true;
        grant.rule = rule.name();
        grant.limit = rule.maxRows() > 0 ? new RowLimit(rule.maxRows(), rule.name()) : null;
      } else if (grant.limit != null
          && (rule.maxRows() == 0 || rule.maxRows() > grant.limit.rows())) {
        grant.limit = rule.maxRows() == 0 ? null : new RowLimit(rule.maxRows(), rule.name());
      }
    }
    return grant;
  }

  private static String describe(Identity identity) {
    return identity.kind() + " " + identity.name();
  }

  private record Need(Operation operation, TableRef table) {
    @Override
    public String toString() {
      return table == null ? operation.name() : operation + " on " + table;
    }
  }

  private static final class Grant {
    PermissionRule denied;
    boolean allowed;
    String rule;
    RowLimit limit;
  }
}
