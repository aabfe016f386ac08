package io.dbwarden.api.policy;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The kind of identity a {@link Subject} names, as in Kubernetes RBAC subjects. */
public enum SubjectKind {
  @JsonProperty("User")
  USER,
  @JsonProperty("Group")
  GROUP,
  @JsonProperty("ServiceAccount")
  SERVICE_ACCOUNT
}
