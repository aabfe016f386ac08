package io.dbwarden.sidecar.policy;

import io.dbwarden.api.policy.Operation;
import io.dbwarden.sidecar.identity.Identity;
import io.dbwarden.sidecar.sql.analysis.TableRef;
import java.util.Set;

/**
 * The approved scope grants in force: just-in-time access to operations on tables beyond what a
 * policy's rules allow, for a while ({@code AccessGrant spec.scope}). Asked while judging, on the
 * event loop, so an answer comes from memory.
 */
@FunctionalInterface
public interface ScopeGrants {

  /**
   * The rule that holds a statement beyond a policy's rules which an approved scope grant covers:
   * it runs under the grant, through the approval gate, which records it in the grant.
   */
  String JUST_IN_TIME = "just-in-time";

  /** Where nobody holds a scope grant. */
  ScopeGrants NONE = (identity, policy, operation, tables) -> false;

  /**
   * Whether an approved scope grant under {@code policy} lets {@code identity} run {@code
   * operation} on every one of {@code tables} now.
   */
  boolean covers(Identity identity, String policy, Operation operation, Set<TableRef> tables);
}
