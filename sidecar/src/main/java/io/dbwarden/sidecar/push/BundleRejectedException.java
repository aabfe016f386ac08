package io.dbwarden.sidecar.push;

/** A bundle this sidecar will not enforce; the message is what the NACK says. */
public final class BundleRejectedException extends Exception {

  private static final long serialVersionUID = 1L;

  BundleRejectedException(String message) {
    super(message, null, false, false);
  }
}
