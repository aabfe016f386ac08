package io.dbwarden.api.policy;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The database wire protocol and SQL dialect a policy governs. */
public enum Engine {
  @JsonProperty("postgres")
  POSTGRES,
  @JsonProperty("mysql")
  MYSQL
}
