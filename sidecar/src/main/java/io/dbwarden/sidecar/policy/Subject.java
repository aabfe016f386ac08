package io.dbwarden.sidecar.policy;

import io.dbwarden.api.policy.SubjectKind;
import io.dbwarden.sidecar.identity.Identity;
import java.util.Objects;

/**
 * Whom a rule names: a user, a group, or a service account ({@code namespace/name}).
 *
 * @param kind user, group or service account
 * @param name the user name, group name or {@code namespace/name}
 */
public record Subject(SubjectKind kind, String name) {

  public Subject {
    Objects.requireNonNull(kind, "kind must not be null");
    Objects.requireNonNull(name, "name must not be null");
  }

  /** Whether this subject names the identity or one of its groups. */
  public boolean matches(Identity identity) {
    return switch (kind) {
      case USER -> identity.kind() == Identity.Kind.User && identity.name().equals(name);
      case SERVICE_ACCOUNT ->
          identity.kind() == Identity.Kind.ServiceAccount && identity.name().equals(name);
      case GROUP -> identity.groups().contains(name);
    };
  }
}
