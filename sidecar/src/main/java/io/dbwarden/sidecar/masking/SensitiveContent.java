package io.dbwarden.sidecar.masking;

import io.dbwarden.sidecar.masking.classify.ContentDetectors;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Whether a result value holds personal data or a secret by its content ({@link
 * ContentDetectors#containedIn}). Most values cannot: a cheap pass over the bytes looks for what
 * every detector needs (an {@code @} after an address character, nine digits, or the length of a
 * key or token) and only those few are decoded and matched, so scanning a column costs little.
 */
final class SensitiveContent {

  /** The fewest digits of anything detected by digits: a US SSN. */
  private static final int DIGITS = 9;

  /** The shortest secret the detectors know (an AWS access key id). */
  private static final int SECRET_LENGTH = 20;

  private SensitiveContent() {}

  static boolean in(ByteBuf value) {
    if (!mayHold(value)) {
      return false;
    }
    return ContentDetectors.containedIn(value.toString(StandardCharsets.UTF_8)) != null;
  }

  private static boolean mayHold(ByteBuf value) {
    int start = value.readerIndex();
    int end = value.writerIndex();
    if (end - start >= SECRET_LENGTH) {
      return true;
    }
    int digits = 0;
    for (int i = start; i < end; i++) {
      byte b = value.getByte(i);
      if (b >= '0' && b <= '9') {
        digits++;
      } else if (b == '@' && i > start && addressCharacter(value.getByte(i - 1))) {
        return true;
      }
    }
    return digits >= DIGITS;
  }

  private static boolean addressCharacter(byte b) {
    return b >= 'a' && b <= 'z'
        || b >= 'A' && b <= 'Z'
        || b >= '0' && b <= '9'
        || b == '.'
        || b == '_'
        || b == '%'
        || b == '+'
        || b == '\''
        || b == '-';
  }
}
