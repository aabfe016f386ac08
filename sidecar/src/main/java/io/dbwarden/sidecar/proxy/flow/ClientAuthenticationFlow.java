package io.dbwarden.sidecar.proxy.flow;

import io.dbwarden.sidecar.identity.AuthenticationException;
import io.dbwarden.sidecar.identity.Identity;
import io.dbwarden.sidecar.pg.protocol.backend.BackendMessage;
import io.dbwarden.sidecar.pg.protocol.frontend.PasswordMessage;

/**
 * One way a client proves who it is, as a sequence of Authentication requests and the client's
 * answers. Each step either asks the client something or ends with the identity.
 */
public interface ClientAuthenticationFlow {

  /** The first step: a request to the client, or the identity when no exchange is needed. */
  Step start();

  /**
   * Handles the client's answer to the last request.
   *
   * @throws AuthenticationException when the answer does not prove the identity
   */
  Step onResponse(PasswordMessage response) throws AuthenticationException;

  /**
   * True when {@link #onResponse} may take long (key derivation, fetching signing keys), so it runs
   * off the event loop.
   */
  default boolean blocking() {
    return false;
  }

  /**
   * A step of the exchange.
   *
   * @param reply a message to send to the client (a request, or the final SASL message), or null
   * @param identity the established identity when the exchange is over, else null
   */
  record Step(BackendMessage reply, Identity identity) {
    static Step ask(BackendMessage request) {
      return new Step(request, null);
    }

    static Step done(BackendMessage finalMessage, Identity identity) {
      return new Step(finalMessage, identity);
    }

    public boolean finished() {
      return identity != null;
    }
  }
}
