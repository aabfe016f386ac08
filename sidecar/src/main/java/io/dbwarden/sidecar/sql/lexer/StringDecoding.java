package io.dbwarden.sidecar.sql.lexer;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The value of a quoted literal whose text needs more than a substring: continued parts, doubled
 * quotes, backslash escapes ({@code E'...'}) and Unicode escapes ({@code U&'...'}, {@code
 * U&"..."}). A literal's parts are given as pairs of offsets {@code [contentStart, closingQuote)}
 * into the query text. Errors are the ones the server raises for the same text.
 */
final class StringDecoding {

  private StringDecoding() {}

  /** The parts joined, as written ({@code B'...'}, {@code X'...'}). */
  static String concat(String sql, int[] parts, int count) {
    StringBuilder out = new StringBuilder();
    for (int p = 0; p < count; p++) {
      out.append(sql, parts[2 * p], parts[2 * p + 1]);
    }
    return out.toString();
  }

  /** The parts joined, each doubled {@code quote} read as one. */
  static String undouble(String sql, int[] parts, int count, char quote) {
    StringBuilder out = new StringBuilder();
    for (int p = 0; p < count; p++) {
      int end = parts[2 * p + 1];
      for (int i = parts[2 * p]; i < end; i++) {
        char c = sql.charAt(i);
        out.append(c);
        if (c == quote) {
          i++;
        }
      }
    }
    return out.toString();
  }

  /**
   * The value of an escape string ({@code E'...'}, or a plain one with {@code
   * standard_conforming_strings} off): {@code \b \f \n \r \t \v}, octal {@code \ooo}, hex {@code
   * \xhh}, {@code \\uXXXX} and {@code \\UXXXXXXXX}, any other character escaped as itself. Octal
   * and hex escapes make bytes, so the result must be valid UTF-8 without NUL, as the server
   * checks.
   */
  static String unescape(String sql, int[] parts, int count, int tokenStart) {
    Utf8 out = new Utf8(parts[2 * count - 1] - parts[0]);
    for (int p = 0; p < count; p++) {
      int i = parts[2 * p];
      int end = parts[2 * p + 1];
      int pendingHigh = -1;
      while (i < end) {
        char c = sql.charAt(i);
        if (c != '\\') {
          if (pendingHigh >= 0) {
            throw pair(i);
          }
          out.appendChar(c);
          // A quote inside a part is always doubled.
          i += c == '\'' ? 2 : 1;
          continue;
        }
        // A backslash always has its escaped character inside the part: the scanner skipped it.
        char e = sql.charAt(i + 1);
        if (e == 'u' || e == 'U') {
          int digits = e == 'u' ? 4 : 8;
          if (hexDigits(sql, i + 2, end, digits) < digits) {
            throw new SqlLexException("invalid Unicode escape", i);
          }
          int cp = hexValue(sql, i + 2, digits);
          if (pendingHigh >= 0) {
            if (!isLowSurrogate(cp)) {
              throw pair(i);
            }
            cp = Character.toCodePoint((char) pendingHigh, (char) cp);
            pendingHigh = -1;
          } else if (isHighSurrogate(cp)) {
            pendingHigh = cp;
            i += 2 + digits;
            continue;
          } else if (isLowSurrogate(cp)) {
            throw pair(i);
          }
          if (cp <= 0 || cp > Character.MAX_CODE_POINT) {
            throw new SqlLexException("invalid Unicode escape value", i);
          }
          out.appendCodePoint(cp);
          i += 2 + digits;
          continue;
        }
        if (pendingHigh >= 0) {
          throw pair(i);
        }
        if (e >= '0' && e <= '7') {
          int j = i + 1;
          int value = 0;
          while (j < end && j < i + 4 && sql.charAt(j) >= '0' && sql.charAt(j) <= '7') {
            value = value * 8 + (sql.charAt(j) - '0');
            j++;
          }
          out.appendByte(value & 0xFF);
          i = j;
        } else if (e == 'x' && hexDigits(sql, i + 2, end, 1) == 1) {
          int digits = hexDigits(sql, i + 2, end, 2);
          out.appendByte(hexValue(sql, i + 2, digits));
          i += 2 + digits;
        } else {
          out.appendChar(simpleEscape(e));
          i += 2;
        }
      }
      if (pendingHigh >= 0) {
        throw pair(end);
      }
    }
    return out.decode(tokenStart);
  }

  /**
   * Resolves the Unicode escapes of a {@code U&} literal whose doubled quotes are already undone:
   * {@code <esc>XXXX}, {@code <esc>+XXXXXX}, and {@code <esc><esc>} for the escape character
   * itself.
   */
  static String unicode(String value, char escape, int tokenStart) {
    if (value.indexOf(escape) < 0) {
      return value;
    }
    int length = value.length();
    StringBuilder out = new StringBuilder(length);
    int pendingHigh = -1;
    int i = 0;
    while (i < length) {
      char c = value.charAt(i);
      if (c != escape) {
        if (pendingHigh >= 0) {
          throw pair(tokenStart);
        }
        out.append(c);
        i++;
        continue;
      }
      if (i + 1 < length && value.charAt(i + 1) == escape) {
        if (pendingHigh >= 0) {
          throw pair(tokenStart);
        }
        out.append(escape);
        i += 2;
        continue;
      }
      int cp;
      if (hexDigits(value, i + 1, length, 4) == 4) {
        cp = hexValue(value, i + 1, 4);
        i += 5;
      } else if (i + 1 < length
          && value.charAt(i + 1) == '+'
          && hexDigits(value, i + 2, length, 6) == 6) {
        cp = hexValue(value, i + 2, 6);
        i += 8;
      } else {
        throw new SqlLexException("invalid Unicode escape", tokenStart);
      }
      if (cp <= 0 || cp > Character.MAX_CODE_POINT) {
        throw new SqlLexException("invalid Unicode escape value", tokenStart);
      }
      if (pendingHigh >= 0) {
        if (!isLowSurrogate(cp)) {
          throw pair(tokenStart);
        }
        cp = Character.toCodePoint((char) pendingHigh, (char) cp);
        pendingHigh = -1;
      } else if (isLowSurrogate(cp)) {
        throw pair(tokenStart);
      } else if (isHighSurrogate(cp)) {
        pendingHigh = cp;
        continue;
      }
      out.appendCodePoint(cp);
    }
    if (pendingHigh >= 0) {
      throw pair(tokenStart);
    }
    return out.toString();
  }

  /**
   * Whether {@code c} may follow UESCAPE: one ASCII character that cannot be confused with the
   * escapes' own syntax.
   */
  static boolean validUnicodeEscape(String escape) {
    if (escape.length() != 1) {
      return false;
    }
    char c = escape.charAt(0);
    return c < 0x80 && !isHexDigit(c) && c != '+' && c != '\'' && c != '"' && !isSpace(c);
  }

  static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
  }

  private static char simpleEscape(char c) {
    return switch (c) {
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'v' -> '\u000B';
      default -> c;
    };
  }

  private static SqlLexException pair(int offset) {
    return new SqlLexException("invalid Unicode surrogate pair", offset);
  }

  private static boolean isHighSurrogate(int cp) {
    return cp >= 0xD800 && cp <= 0xDBFF;
  }

  private static boolean isLowSurrogate(int cp) {
    return cp >= 0xDC00 && cp <= 0xDFFF;
  }

  private static boolean isHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** How many hex digits, up to {@code max}, start at {@code from} (before {@code end}). */
  private static int hexDigits(String s, int from, int end, int max) {
    int n = 0;
    while (n < max && from + n < end && isHexDigit(s.charAt(from + n))) {
      n++;
    }
    return n;
  }

  private static int hexValue(String s, int from, int digits) {
    int value = 0;
    for (int i = from; i < from + digits; i++) {
      value = value * 16 + Character.digit(s.charAt(i), 16);
    }
    return value;
  }

  /** UTF-8 bytes in the making: escapes may produce single bytes of a multi-byte character. */
  private static final class Utf8 {
    private byte[] bytes;
    private int length;
    private boolean rawBytes;
    private char pendingHigh;

    Utf8(int capacity) {
      bytes = new byte[Math.max(16, capacity + capacity / 2)];
    }

    void appendByte(int b) {
      if (b == 0 || b >= 0x80) {
        rawBytes = true;
      }
      ensure(1);
      bytes[length++] = (byte) b;
    }

    void appendChar(char c) {
      if (c < 0x80) {
        ensure(1);
        bytes[length++] = (byte) c;
      } else {
        // Surrogate halves arrive one at a time; a pair must be encoded as one code point.
        appendCodePoint(c);
      }
    }

    void appendCodePoint(int cp) {
      if (Character.isHighSurrogate((char) cp) && cp <= 0xFFFF) {
        pendingHigh = (char) cp;
        return;
      }
      if (Character.isLowSurrogate((char) cp) && cp <= 0xFFFF && pendingHigh != 0) {
        cp = Character.toCodePoint(pendingHigh, (char) cp);
      }
      pendingHigh = 0;
      ensure(4);
      if (cp < 0x80) {
        bytes[length++] = (byte) cp;
      } else if (cp < 0x800) {
        bytes[length++] = (byte) (0xC0 | (cp >> 6));
        bytes[length++] = (byte) (0x80 | (cp & 0x3F));
      } else if (cp < 0x10000) {
        bytes[length++] = (byte) (0xE0 | (cp >> 12));
        bytes[length++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        bytes[length++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        bytes[length++] = (byte) (0xF0 | (cp >> 18));
        bytes[length++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        bytes[length++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        bytes[length++] = (byte) (0x80 | (cp & 0x3F));
      }
    }

    private void ensure(int more) {
      if (length + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
      }
    }

    String decode(int tokenStart) {
      if (!rawBytes) {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
      }
      for (int i = 0; i < length; i++) {
        if (bytes[i] == 0) {
          throw invalid(tokenStart);
        }
      }
      try {
        return StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes, 0, length))
            .toString();
      } catch (CharacterCodingException e) {
        throw invalid(tokenStart);
      }
    }

    private static SqlLexException invalid(int tokenStart) {
      return new SqlLexException("invalid byte sequence for encoding \"UTF8\"", tokenStart);
    }
  }
}
