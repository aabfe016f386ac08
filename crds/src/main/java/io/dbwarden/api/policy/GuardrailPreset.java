package io.dbwarden.api.policy;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A built-in set of guardrails the policy starts from; its own guardrail rules come on top. */
public enum GuardrailPreset {
  /**
   * Blocks what is almost never intended, such as {@code UPDATE} or {@code DELETE} without WHERE.
   */
  @JsonProperty("default")
  DEFAULT,
  /** The default set plus schema changes and bulk operations. */
  @JsonProperty("strict")
  STRICT,
  /** No built-in guardrails. */
  @JsonProperty("none")
  NONE
}
