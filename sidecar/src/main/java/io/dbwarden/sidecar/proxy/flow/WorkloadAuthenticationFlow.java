package io.dbwarden.sidecar.proxy.flow;

import io.dbwarden.sidecar.identity.AuthenticationException;
import io.dbwarden.sidecar.identity.Identity;
import io.dbwarden.sidecar.pg.protocol.frontend.PasswordMessage;
import io.dbwarden.sidecar.proxy.SqlStates;

/**
 * Sidecar mode: the application reaches the proxy on localhost inside its own pod, so the
 * connection is the workload's, and its identity is the pod's service account, configured from the
 * downward API. No password is asked.
 */
final class WorkloadAuthenticationFlow implements ClientAuthenticationFlow {

  private final Identity workload;

  WorkloadAuthenticationFlow(Identity workload) {
    this.workload = workload;
  }

  @Override
  public Step start() {
    return Step.done(null, workload);
  }

  @Override
  public Step onResponse(PasswordMessage response) throws AuthenticationException {
    throw new AuthenticationException(
        SqlStates.PROTOCOL_VIOLATION, "unexpected password message: no password was asked for");
  }
}
