package io.dbwarden.sidecar.sql.analysis;

import io.dbwarden.sidecar.sql.analysis.SqlToken.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one statement into tokens following PostgreSQL's lexical rules (scan.l): nested block
 * comments, dollar quotes with tags, {@code E''} strings with backslash escapes, string constants
 * continued across lines, quoted identifiers. Plain {@code ''} strings follow {@code
 * standard_conforming_strings = on}, the server default since 9.1.
 *
 * <p>It also produces the text JSqlParser sees: comments blanked and every string constant replaced
 * by a blank {@code '...'} of the same length. JSqlParser's own lexer knows neither dollar quotes
 * nor {@code E''} escapes nor nested comments, so it would otherwise read some statements
 * differently from the server; and no literal value can then influence the analysis. Positions and
 * line breaks are kept, so error positions stay right.
 */
final class SqlTokenizer {

  private final String sql;
  private final char[] normalized;
  private final List<SqlToken> tokens = new ArrayList<>();
  private int pos;

  private SqlTokenizer(String sql) {
    this.sql = sql;
    this.normalized = sql.toCharArray();
  }

  /** The tokens of a statement and its text as JSqlParser should see it. */
  record Result(List<SqlToken> tokens, String normalized) {}

  static Result tokenize(String sql) throws AnalysisException {
    SqlTokenizer tokenizer = new SqlTokenizer(sql);
    tokenizer.run();
    return new Result(List.copyOf(tokenizer.tokens), new String(tokenizer.normalized));
  }

  private void run() throws AnalysisException {
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (Character.isWhitespace(c)) {
        pos++;
      } else if (c == '-' && peek(1) == '-') {
        lineComment();
      } else if (c == '/' && peek(1) == '*') {
        blockComment();
      } else if (c == '\'') {
        string(pos, pos, false);
      } else if (c == '"') {
        quotedIdentifier();
      } else if (c == '$' && isDigit(peek(1))) {
        int start = pos++;
        while (isDigit(peek(0))) {
          pos++;
        }
        add(Kind.PARAMETER, start);
      } else if (c == '$' && dollarTagEnd(pos) > 0) {
        dollarString();
      } else if (isDigit(c) || (c == '.' && isDigit(peek(1)))) {
        number();
      } else if (isIdentifierStart(c)) {
        word();
      } else if (c == ':' && peek(1) == ':') {
        pos += 2;
        add(Kind.PUNCTUATION, pos - 2);
      } else if ("()[],;.:".indexOf(c) >= 0) {
        pos++;
        add(Kind.PUNCTUATION, pos - 1);
      } else if (isOperatorChar(c)) {
        operator();
      } else {
        throw AnalysisException.syntax(sql, pos, "unexpected character");
      }
    }
  }

  private void lineComment() {
    int start = pos;
    while (pos < sql.length() && sql.charAt(pos) != '\n' && sql.charAt(pos) != '\r') {
      pos++;
    }
    blank(start, pos);
  }

  private void blockComment() throws AnalysisException {
    int start = pos;
    int depth = 0;
    while (pos < sql.length()) {
      if (sql.startsWith("/*", pos)) {
        depth++;
        pos += 2;
      } else if (sql.startsWith("*/", pos)) {
        depth--;
        pos += 2;
        if (depth == 0) {
          blank(start, pos);
          return;
        }
      } else {
        pos++;
      }
    }
    throw AnalysisException.syntax(sql, start, "unterminated /* comment");
  }

  /**
   * A quoted string starting at {@code quote}; {@code start} includes a prefix ({@code E}, {@code
   * B}, {@code X}, {@code N}, {@code U&}). Segments separated by white space that contains a line
   * break continue the same constant, as in the SQL standard.
   */
  private void string(int start, int quote, boolean backslashEscapes) throws AnalysisException {
    pos = quote + 1;
    while (true) {
      if (pos >= sql.length()) {
        throw AnalysisException.syntax(sql, start, "unterminated quoted string");
      }
      char c = sql.charAt(pos);
      if (backslashEscapes && c == '\\') {
        pos += 2;
      } else if (c == '\'') {
        if (peek(1) == '\'') {
          pos += 2;
        } else {
          pos++;
          int next = continuation(pos);
          if (next < 0) {
            break;
          }
          pos = next + 1;
        }
      } else {
        pos++;
      }
    }
    if (sql.startsWith("U&", start) || sql.startsWith("u&", start)) {
      uescape();
    }
    blankString(start, pos);
    add(Kind.STRING, start);
  }

  /** The offset of a continuation segment's opening quote, or -1. */
  private int continuation(int from) {
    int i = from;
    boolean newline = false;
    while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
      newline |= sql.charAt(i) == '\n' || sql.charAt(i) == '\r';
      i++;
    }
    return newline && i < sql.length() && sql.charAt(i) == '\'' ? i : -1;
  }

  /** {@code U&'...' UESCAPE '!'}: the escape clause belongs to the constant. */
  private void uescape() throws AnalysisException {
    int i = pos;
    while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
      i++;
    }
    if (sql.regionMatches(true, i, "UESCAPE", 0, 7) && !isIdentifierPart(charAt(i + 7))) {
      int j = i + 7;
      while (j < sql.length() && Character.isWhitespace(sql.charAt(j))) {
        j++;
      }
      if (charAt(j) != '\'' || charAt(j + 2) != '\'') {
        throw AnalysisException.syntax(sql, i, "invalid UESCAPE clause");
      }
      pos = j + 3;
    }
  }

  private void quotedIdentifier() throws AnalysisException {
    int start = pos++;
    while (true) {
      if (pos >= sql.length()) {
        throw AnalysisException.syntax(sql, start, "unterminated quoted identifier");
      }
      if (sql.charAt(pos) == '"') {
        if (peek(1) == '"') {
          pos += 2;
          continue;
        }
        pos++;
        break;
      }
      pos++;
    }
    if (pos - start == 2) {
      throw AnalysisException.syntax(sql, start, "zero-length delimited identifier");
    }
    add(Kind.QUOTED_IDENTIFIER, start);
  }

  /** The offset just after a dollar-quote tag ({@code $tag$} or {@code $$}) at {@code at}, or 0. */
  private int dollarTagEnd(int at) {
    int i = at + 1;
    if (i < sql.length() && isIdentifierStart(sql.charAt(i))) {
      i++;
      while (i < sql.length() && isIdentifierPart(sql.charAt(i)) && sql.charAt(i) != '$') {
        i++;
      }
    }
    return i < sql.length() && sql.charAt(i) == '$' ? i + 1 : 0;
  }

  private void dollarString() throws AnalysisException {
    int start = pos;
    int tagEnd = dollarTagEnd(pos);
    String tag = sql.substring(start, tagEnd);
    int close = sql.indexOf(tag, tagEnd);
    if (close < 0) {
      throw AnalysisException.syntax(sql, start, "unterminated dollar-quoted string");
    }
    pos = close + tag.length();
    blankString(start, pos);
    add(Kind.STRING, start);
  }

  private void number() {
    int start = pos;
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (isDigit(c) || c == '_' || Character.isLetter(c)) {
        // exponent sign: 1e-5
        if ((c == 'e' || c == 'E') && (peek(1) == '+' || peek(1) == '-') && isDigit(peek(2))) {
          pos += 2;
        }
        pos++;
      } else if (c == '.' && peek(1) != '.') {
        pos++;
      } else {
        break;
      }
    }
    add(Kind.NUMBER, start);
  }

  private void word() throws AnalysisException {
    int start = pos;
    char c = sql.charAt(pos);
    // string prefixes E'', B'', X'', N'' and U&'' / U&""
    if ("eEbBxXnN".indexOf(c) >= 0 && peek(1) == '\'') {
      string(start, pos + 1, c == 'e' || c == 'E');
      return;
    }
    if ((c == 'u' || c == 'U') && peek(1) == '&') {
      if (peek(2) == '\'') {
        string(start, pos + 2, false);
        return;
      }
      if (peek(2) == '"') {
        // JSqlParser cannot read these, and decoding them wrongly would misname a table
        throw AnalysisException.syntax(
            sql, start, "Unicode-escaped identifier (U&\"...\") not supported");
      }
    }
    while (pos < sql.length() && isIdentifierPart(sql.charAt(pos))) {
      pos++;
    }
    add(Kind.WORD, start);
  }

  private void operator() {
    int start = pos;
    while (pos < sql.length() && isOperatorChar(sql.charAt(pos))) {
      if (pos > start && (sql.startsWith("--", pos) || sql.startsWith("/*", pos))) {
        break;
      }
      pos++;
    }
    add(Kind.OPERATOR, start);
  }

  private void add(Kind kind, int start) {
    tokens.add(new SqlToken(kind, sql.substring(start, pos), start, pos));
  }

  private void blank(int from, int to) {
    for (int i = from; i < to; i++) {
      if (normalized[i] != '\n' && normalized[i] != '\r') {
        normalized[i] = ' ';
      }
    }
  }

  private void blankString(int from, int to) {
    blank(from, to);
    normalized[from] = '\'';
    normalized[to - 1] = '\'';
  }

  private char peek(int ahead) {
    return charAt(pos + ahead);
  }

  private char charAt(int index) {
    return index < sql.length() ? sql.charAt(index) : '\0';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
  }

  static boolean isIdentifierPart(char c) {
    return isIdentifierStart(c) || isDigit(c) || c == '$';
  }

  private static boolean isOperatorChar(char c) {
    return "+-*/<>=~!@#%^&|`?".indexOf(c) >= 0;
  }
}
