package io.dbwarden.api.grant;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where an {@link AccessGrant} is in its life, as the operator sees it. */
public enum GrantPhase {
  /** Waiting for a decision. */
  @JsonProperty("Pending")
  PENDING,
  /** Approved and usable until it expires or runs out of executions. */
  @JsonProperty("Approved")
  APPROVED,
  @JsonProperty("Denied")
  DENIED,
  /** Its time ran out, decided or not. */
  @JsonProperty("Expired")
  EXPIRED,
  /** Used up: it ran {@code maxExecutions} times. */
  @JsonProperty("Executed")
  EXECUTED
}
