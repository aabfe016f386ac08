package io.dbwarden.sidecar.sql.lexer;

/**
 * Names as the server sees them: unquoted ones folded to lower case the way {@code
 * downcase_identifier} does in a UTF-8 database (ASCII letters only), all truncated to {@code
 * NAMEDATALEN - 1} bytes on a character boundary, as {@code truncate_identifier} does.
 */
final class Identifiers {

  /** NAMEDATALEN - 1: the longest name PostgreSQL keeps, in bytes. */
  static final int MAX_BYTES = 63;

  private Identifiers() {}

  static boolean isStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
  }

  static boolean isPart(char c) {
    return isStart(c) || (c >= '0' && c <= '9') || c == '$';
  }

  /** The unquoted word {@code sql[start, end)} folded and truncated. */
  static String fold(String sql, int start, int end) {
    int firstUpper = -1;
    for (int i = start; i < end; i++) {
      char c = sql.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        firstUpper = i;
        break;
      }
    }
    if (firstUpper < 0) {
      return truncate(sql.substring(start, end));
    }
    char[] folded = new char[end - start];
    sql.getChars(start, end, folded, 0);
    for (int i = firstUpper - start; i < folded.length; i++) {
      char c = folded[i];
      if (c >= 'A' && c <= 'Z') {
        folded[i] = (char) (c + ('a' - 'A'));
      }
    }
    return truncate(new String(folded));
  }

  static String truncate(String name) {
    // 21 characters take at most 63 bytes in UTF-8.
    if (name.length() <= MAX_BYTES / 3) {
      return name;
    }
    int bytes = 0;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      int width;
      int chars = 1;
      if (c < 0x80) {
        width = 1;
      } else if (c < 0x800) {
        width = 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < name.length()
          && Character.isLowSurrogate(name.charAt(i + 1))) {
        width = 4;
        chars = 2;
      } else {
        width = 3;
      }
      if (bytes + width > MAX_BYTES) {
        return name.substring(0, i);
      }
      bytes += width;
      i += chars - 1;
    }
    return name;
  }
}
