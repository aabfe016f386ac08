package io.dbwarden.api.policy;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether audit records carry statement parameters in clear. */
public enum ParameterLogging {
  @JsonProperty("redact")
  REDACT,
  @JsonProperty("include")
  INCLUDE
}
