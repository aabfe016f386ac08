package io.dbwarden.sidecar.pg.protocol.frontend;

import io.dbwarden.sidecar.pg.protocol.PgBuffers;
import io.dbwarden.sidecar.pg.protocol.ProtocolViolationException;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A 'p' message with its raw body. The type byte is shared by PasswordMessage, SASLInitialResponse
 * and SASLResponse, and only the authentication exchange knows which one is due: read it with
 * {@link #password()}, {@link SaslInitialResponse#parse} or {@link SaslResponse#parse}.
 */
public final class PasswordMessage extends PasswordPayload {

  public PasswordMessage(byte[] payload) {
    super(payload, "payload");
  }

  /** A cleartext or MD5 ("md5" + hex) password response. */
  public static PasswordMessage of(String password) {
    PgBuffers.requireCString(password, "password");
    byte[] text = password.getBytes(StandardCharsets.UTF_8);
    return new PasswordMessage(Arrays.copyOf(text, text.length + 1));
  }

  static PasswordMessage decode(ByteBuf body) {
    return new PasswordMessage(PgBuffers.readByteArray(body, body.readableBytes()));
  }

  public byte[] payload() {
    return bytes();
  }

  /**
   * Reads the body as a PasswordMessage: one NUL-terminated string.
   *
   * @throws ProtocolViolationException when the body is not exactly one string
   */
  public String password() {
    byte[] payload = bytes();
    int end = payload.length - 1;
    for (int i = 0; i < payload.length; i++) {
      if (payload[i] == 0 && i != end) {
        throw new ProtocolViolationException("password message has bytes after the password");
      }
    }
    if (end < 0 || payload[end] != 0) {
      throw new ProtocolViolationException("password message without NUL terminator");
    }
    return new String(payload, 0, end, StandardCharsets.UTF_8);
  }
}
