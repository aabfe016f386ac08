package io.dbwarden.sidecar.identity;

import java.util.List;
import java.util.Objects;

/**
 * One user of the static users file.
 *
 * @param name the user name clients give in the startup message
 * @param credential the stored SCRAM-SHA-256 credential
 * @param groups the groups policies can name
 */
public record UserEntry(String name, ScramCredential credential, List<String> groups) {

  public UserEntry {
    Objects.requireNonNull(name, "name must not be null");
    Objects.requireNonNull(credential, "credential must not be null");
    groups = List.copyOf(groups);
  }

  /** The identity of a connection that logged in as this user with {@code method}. */
  public Identity identity(Identity.Method method) {
    Objects.requireNonNull(method, "method must not be null");
    return new Identity(Identity.Kind.User, name, groups, null, method);
  }
}
