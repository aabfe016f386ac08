package io.dbwarden.sidecar.identity;

import java.util.List;
import java.util.Objects;

/**
 * Who is on the other end of one client connection. Every connection has exactly one, fixed once
 * authentication succeeds, and it is recorded on every audit event.
 *
 * @param kind the subject kind a policy rule can name
 * @param name {@code namespace/name} for a ServiceAccount, the user's name or email for a User
 * @param groups groups the identity belongs to (from the users file or the token's groups claim)
 * @param actor for an agent acting for a person (JWT {@code act} claim, RFC 8693), the agent
 *     ({@code act.sub}) while {@code name} and {@code groups} are the person's; else null
 * @param method how the identity was established, for audit
 */
public record Identity(Kind kind, String name, List<String> groups, String actor, Method method) {

  public Identity {
    Objects.requireNonNull(kind, "kind must not be null");
    Objects.requireNonNull(name, "name must not be null");
    Objects.requireNonNull(method, "method must not be null");
    groups = List.copyOf(groups);
  }

  /** Subject kinds, spelled as in policies. */
  public enum Kind {
    User,
    ServiceAccount
  }

  /** How an identity was established. */
  public enum Method {
    /** SCRAM-SHA-256 against the static users file. */
    SCRAM,
    /** Cleartext password against the static users file (only over TLS). */
    PASSWORD,
    /** An OIDC/JWT bearer token presented as the password. */
    JWT,
    /** The configured workload identity of an injected sidecar. */
    WORKLOAD,
    /** The client's own database login relayed upstream. */
    PASSTHROUGH
  }
}
