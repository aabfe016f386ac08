package io.dbwarden.sidecar.approval;

/** A decision that cannot be made: the message says why, for the person who tried. */
public final class GrantDecisionException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public GrantDecisionException(String message) {
    super(message);
  }
}
