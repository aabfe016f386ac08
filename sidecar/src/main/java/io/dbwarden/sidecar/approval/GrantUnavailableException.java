package io.dbwarden.sidecar.approval;

/** The store cannot answer now (the operator is out of reach, or refused): nothing may run. */
public final class GrantUnavailableException extends RuntimeException {

  public GrantUnavailableException(String message) {
    super(message);
  }
}
