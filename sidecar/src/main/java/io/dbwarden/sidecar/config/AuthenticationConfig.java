package io.dbwarden.sidecar.config;

import io.dbwarden.sidecar.identity.Identity;
import io.dbwarden.sidecar.identity.JwtAuthenticator;
import io.dbwarden.sidecar.identity.UsersFile;

/**
 * How clients establish their identity. At least one way must be configured, or the upstream must
 * be in passthrough mode.
 *
 * @param users static users (SCRAM-SHA-256, or cleartext over TLS); null when not used
 * @param jwt bearer tokens presented as the password (over TLS); null when not used
 * @param workload the fixed identity of the workload an injected sidecar serves; every local
 *     connection gets it without a password; null when not used
 */
public record AuthenticationConfig(UsersFile users, JwtAuthenticator jwt, Identity workload) {

  public boolean anyConfigured() {
    return users != null || jwt != null || workload != null;
  }
}
