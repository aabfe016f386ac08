package io.dbwarden.api.grant;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dbwarden.api.policy.Subject;
import java.util.List;
import java.util.Objects;

/**
 * An {@link AccessGrant} as the operator shows it to the sidecars of its namespace on the push
 * stream: what it grants, to whom, and where it stands. The sidecars match statements against it;
 * the operator alone decides whether an execution may be taken.
 *
 * @param name the grant's name
 * @param policy the policy whose approvals it answers
 * @param subject who may run what it grants
 * @param statement the one statement granted, or null for a scope grant
 * @param parameters the values bound to the statement's parameters, in order; empty when its values
 *     are in its text
 * @param scope the operations on tables granted, or null for a statement grant
 * @param reason why it was asked for, or null
 * @param phase where it stands
 * @param expiresAt RFC 3339; the decision deadline while pending, the end of use once approved
 * @param decidedBy who decided, or null
 * @param decidedAt RFC 3339, or null
 * @param maxExecutions how many runs a statement grant allows
 * @param executions the runs so far, oldest first
 * @param createdAt RFC 3339, when it was asked for
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GrantView(
    String name,
    String policy,
    Subject subject,
    String statement,
    List<String> parameters,
    GrantScope scope,
    String reason,
    GrantPhase phase,
    String expiresAt,
    String decidedBy,
    String decidedAt,
    int maxExecutions,
    List<Execution> executions,
    String createdAt) {

  public GrantView {
    Objects.requireNonNull(name, "name must not be null");
    parameters = parameters == null ? List.of() : List.copyOf(parameters);
    executions = executions == null ? List.of() : List.copyOf(executions);
    phase = phase == null ? GrantPhase.PENDING : phase;
  }

  /** {@code grant} as it stands in the API server; a grant without status yet is pending. */
  public static GrantView of(AccessGrant grant) {
    AccessGrantSpec spec = grant.getSpec();
    AccessGrantStatus status =
        grant.getStatus() == null ? new AccessGrantStatus() : grant.getStatus();
    return new GrantView(
        grant.getMetadata().getName(),
        spec.getPolicy(),
        spec.getSubject(),
        spec.getStatement(),
        spec.getParameters(),
        spec.getScope(),
        spec.getReason(),
        status.getPhase(),
        status.getExpiresAt(),
        status.getDecidedBy(),
        status.getDecidedAt(),
        spec.getMaxExecutions() == null ? 1 : spec.getMaxExecutions(),
        status.getExecutions(),
        grant.getMetadata().getCreationTimestamp());
  }
}
