package io.dbwarden.api.grant;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A person's answer to an {@link AccessGrant}. */
public enum Decision {
  @JsonProperty("Approved")
  APPROVED,
  @JsonProperty("Denied")
  DENIED
}
