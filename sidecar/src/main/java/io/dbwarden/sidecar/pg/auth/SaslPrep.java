package io.dbwarden.sidecar.pg.auth;

import java.text.Normalizer;
import java.util.Objects;

/**
 * Password preparation for SCRAM as PostgreSQL's {@code pg_saslprep} does it: a simplified <a
 * href="https://www.rfc-editor.org/rfc/rfc4013">SASLprep (RFC 4013)</a>.
 *
 * <p>An ASCII password is used unchanged. Otherwise non-ASCII spaces become U+0020, characters
 * "commonly mapped to nothing" are removed and the result is NFKC-normalized. Like PostgreSQL (see
 * the <a href="https://www.postgresql.org/docs/current/sasl-authentication.html">SASL docs</a>),
 * when the result contains a prohibited character the original password is used as is, so that any
 * byte sequence stays usable as a password and both sides agree. The unassigned-code-point and
 * bidirectional checks of RFC 3454 are not done.
 */
public final class SaslPrep {

  private SaslPrep() {}

  /** The prepared form of {@code password}, or {@code password} itself when it cannot be. */
  public static String prepare(String password) {
    Objects.requireNonNull(password, "password must not be null");
    if (password.chars().allMatch(c -> c < 0x80)) {
      return password;
    }
    StringBuilder mapped = new StringBuilder(password.length());
    for (int i = 0; i < password.length(); ) {
      int cp = password.codePointAt(i);
      i += Character.charCount(cp);
      if (isMappedToNothing(cp)) {
        continue;
      }
      mapped.appendCodePoint(isNonAsciiSpace(cp) ? ' ' : cp);
    }
    String normalized = Normalizer.normalize(mapped, Normalizer.Form.NFKC);
    return normalized.codePoints().anyMatch(SaslPrep::isProhibited) ? password : normalized;
  }

  /** RFC 3454 table C.1.2. */
  private static boolean isNonAsciiSpace(int cp) {
    return cp == 0x00A0
        || cp == 0x1680
        || (cp >= 0x2000 && cp <= 0x200B)
        || cp == 0x202F
        || cp == 0x205F
        || cp == 0x3000;
  }

  /** RFC 3454 table B.1. */
  private static boolean isMappedToNothing(int cp) {
    return cp == 0x00AD
        || cp == 0x034F
        || cp == 0x1806
        || (cp >= 0x180B && cp <= 0x180D)
        || (cp >= 0x200B && cp <= 0x200D)
        || cp == 0x2060
        || (cp >= 0xFE00 && cp <= 0xFE0F)
        || cp == 0xFEFF;
  }

  /** Control characters, private use, surrogates and non-characters (RFC 3454 C.2 to C.7). */
  private static boolean isProhibited(int cp) {
    int type = Character.getType(cp);
    return type == Character.CONTROL
        || type == Character.PRIVATE_USE
        || type == Character.SURROGATE
        || (cp >= 0xFDD0 && cp <= 0xFDEF)
        || (cp & 0xFFFE) == 0xFFFE;
  }
}
