package io.dbwarden.api.policy;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a guardrail does to a statement it matches. */
public enum GuardrailAction {
  /** The statement is refused. */
  @JsonProperty("deny")
  DENY,
  /** The statement waits for an approved {@code AccessGrant}. */
  @JsonProperty("requireApproval")
  REQUIRE_APPROVAL
}
