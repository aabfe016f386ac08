package io.dbwarden.api.policy;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What happens to traffic when the audit sink cannot write. */
public enum AuditMode {
  /** Statements are refused: nothing reaches the database without its audit record. */
  @JsonProperty("strict")
  STRICT,
  /** Statements go on; lost records are counted and reported. */
  @JsonProperty("best-effort")
  BEST_EFFORT
}
