package io.dbwarden.sidecar.policy;

import io.dbwarden.sidecar.identity.Identity;
import java.util.List;

/**
 * A permission: subjects may (or, with {@code deny}, may not) run operations on tables, with an
 * optional limit on the rows a result carries.
 *
 * @param name the rule's name, shown in refusals and audit records
 * @param subjects whom it applies to
 * @param scope which statements
 * @param maxRows most rows per result, or 0 for no limit
 * @param deny whether the rule forbids instead of allowing; a matching deny always wins
 */
public record PermissionRule(
    String name, List<Subject> subjects, RuleScope scope, long maxRows, boolean deny) {

  public PermissionRule {
    subjects = List.copyOf(subjects);
  }

  public boolean appliesTo(Identity identity) {
    for (Subject subject : subjects) {
      if (subject.matches(identity)) {
        return true;
      }
    }
    return false;
  }
}
