package io.dbwarden.sidecar.proxy.flow;

import io.dbwarden.sidecar.config.AuthenticationConfig;
import io.dbwarden.sidecar.identity.AuthenticationException;
import io.dbwarden.sidecar.proxy.SqlStates;

/** Chooses how a connecting client authenticates, from the configuration and the connection. */
public final class ClientAuthenticationFlows {

  private ClientAuthenticationFlows() {}

  /**
   * The order, and why: a configured workload identity means sidecar mode, where only the pod's own
   * application can reach the proxy; tokens need the password in clear, so they are offered only
   * over TLS; static users otherwise get SCRAM, which is safe without TLS.
   *
   * @param tls whether the client connection is encrypted
   * @param user the user name from the startup message
   * @throws AuthenticationException when no method fits this connection
   */
  public static ClientAuthenticationFlow select(
      AuthenticationConfig config, boolean tls, String user) throws AuthenticationException {
    if (config.workload() != null) {
      return new WorkloadAuthenticationFlow(config.workload());
    }
    if (tls && config.jwt() != null) {
      return new PasswordAuthenticationFlow(config.users(), config.jwt(), user);
    }
    if (config.users() != null) {
      return new ScramAuthenticationFlow(config.users(), user);
    }
    if (config.jwt() != null) {
      throw new AuthenticationException(
          SqlStates.INVALID_AUTHORIZATION,
          "dbwarden: token authentication requires TLS; connect with sslmode=require");
    }
    throw new AuthenticationException(
        SqlStates.INVALID_AUTHORIZATION, "dbwarden: no authentication method is configured");
  }
}
