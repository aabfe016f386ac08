package io.dbwarden.sidecar.masking;

/** A statement that masking at the source cannot rewrite with certainty: it is refused. */
public final class MaskingException extends Exception {

  private static final long serialVersionUID = 1L;

  public MaskingException(String message) {
    super(message);
  }
}
