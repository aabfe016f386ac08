package io.dbwarden.sidecar.pg.protocol.frontend;

/**
 * SASLResponse ('p'): a later client message of a SASL exchange. Arrives as a {@link
 * PasswordMessage}; see {@link #parse}.
 */
public final class SaslResponse extends PasswordPayload {

  public SaslResponse(byte[] data) {
    super(data, "data");
  }

  /** Reads a 'p' body as SASLResponse: the whole body is mechanism data. */
  public static SaslResponse parse(PasswordMessage message) {
    return new SaslResponse(message.payload());
  }

  public byte[] data() {
    return bytes();
  }
}
