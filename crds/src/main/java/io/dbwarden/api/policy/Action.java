package io.dbwarden.api.policy;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Whether a permission rule, or the default for statements no rule matches, lets a statement
 * through.
 */
public enum Action {
  @JsonProperty("allow")
  ALLOW,
  @JsonProperty("deny")
  DENY
}
