package io.dbwarden.sidecar.sql.lexer;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Tokenizes SQL the way PostgreSQL's scanner ({@code src/backend/parser/scan.l}, version 16 and
 * later) does, so that the proxy sees the same strings, comments and statement ends as the server
 * (<a href="https://www.postgresql.org/docs/current/sql-syntax-lexical.html">Lexical
 * Structure</a>). Whitespace is dropped; comments are tokens.
 *
 * <p>Where flex relies on longest-match rules, this scanner looks ahead by hand; the comments name
 * the {@code scan.l} rule each branch stands for. The few checks the server makes right after
 * scanning ({@code UESCAPE} clauses, Unicode escapes) are made here too, so that what the server
 * rejects is rejected here, with a {@link SqlLexException}.
 *
 * <p>One pass over the characters, no regular expressions and no allocation per character; a token
 * costs its value.
 */
public final class SqlLexer {

  /** Operators as long as NAMEDATALEN are refused by the server. */
  private static final int NAMEDATALEN = 64;

  // How the body of a quoted literal is read (scan.l's exclusive states).
  /** {@code xq}: backslash is an ordinary character. */
  private static final int XQ = 0;

  /** {@code xe}: backslash escapes the next character. */
  private static final int XE = 1;

  /** {@code xb}, {@code xh}: a quote ends the part, nothing else is special. */
  private static final int XB = 2;

  /** {@code xus}: like {@code xq}; Unicode escapes are resolved afterwards. */
  private static final int XUS = 3;

  private final String sql;
  private final int length;
  private final boolean standardConformingStrings;
  private final TokenBuffer out;

  private boolean backslashInPlainString;

  // The last quoted literal scanned: its parts (content start, closing quote) and results.
  private int[] parts = new int[8];
  private int partCount;
  private boolean needsDecoding;
  private int literalEnd;
  private String literalValue;

  private SqlLexer(String sql, boolean standardConformingStrings, TokenBuffer out) {
    this.sql = sql;
    this.length = sql.length();
    this.standardConformingStrings = standardConformingStrings;
    this.out = out;
  }

  /**
   * The tokens of {@code sql}, comments included, with offsets into {@code sql}.
   *
   * @param standardConformingStrings the session's setting: whether backslash is an ordinary
   *     character in {@code '...'} strings
   * @throws SqlLexException where the server's scanner would raise an error
   */
  public static List<Token> tokenize(String sql, boolean standardConformingStrings) {
    Objects.requireNonNull(sql, "sql must not be null");
    TokenBuffer buffer = new TokenBuffer();
    lex(sql, standardConformingStrings, buffer);
    return buffer.toTokens();
  }

  /**
   * Lexes {@code sql} into {@code out}.
   *
   * @return whether a plain {@code '...'} string holds a backslash: the only case in which the
   *     other setting of {@code standard_conforming_strings} could lex the text differently
   */
  static boolean lex(String sql, boolean standardConformingStrings, TokenBuffer out) {
    SqlLexer lexer = new SqlLexer(sql, standardConformingStrings, out);
    int i = 0;
    while (i < lexer.length) {
      i = lexer.next(i);
    }
    return lexer.backslashInPlainString;
  }

  /** Lexes the token starting at {@code i} (or skips whitespace) and returns where it ends. */
  private int next(int i) {
    char c = sql.charAt(i);
    return switch (c) {
      case ' ', '\t', '\n', '\r', '\f', '\u000B' -> i + 1;
      case '-' -> at(i + 1) == '-' ? lineComment(i) : operator(i);
      case '/' -> at(i + 1) == '*' ? blockComment(i) : operator(i);
      case '+', '*', '<', '>', '=', '~', '!', '@', '#', '%', '^', '&', '|', '`', '?' -> operator(i);
      case '\'' -> string(i, i + 1, plainMode(), TokenKind.STRING, true);
      case '"' -> quotedIdentifier(i);
      case '$' -> dollar(i);
      case '(' -> emit(TokenKind.LEFT_PAREN, i, i + 1, "(");
      case ')' -> emit(TokenKind.RIGHT_PAREN, i, i + 1, ")");
      case '[' -> emit(TokenKind.LEFT_BRACKET, i, i + 1, "[");
      case ']' -> emit(TokenKind.RIGHT_BRACKET, i, i + 1, "]");
      case ',' -> emit(TokenKind.COMMA, i, i + 1, ",");
      case ';' -> emit(TokenKind.SEMICOLON, i, i + 1, ";");
      case ':' -> colon(i);
      case '.' -> dot(i);
      case 'b', 'B' ->
          at(i + 1) == '\'' ? string(i, i + 2, XB, TokenKind.BIT_STRING, false) : identifier(i);
      case 'x', 'X' ->
          at(i + 1) == '\'' ? string(i, i + 2, XB, TokenKind.HEX_STRING, false) : identifier(i);
      case 'e', 'E' ->
          at(i + 1) == '\'' ? string(i, i + 2, XE, TokenKind.ESCAPE_STRING, false) : identifier(i);
      // {xnstart}: the server returns the key word NCHAR, then lexes a plain string.
      case 'n', 'N' ->
          at(i + 1) == '\''
              ? string(i, i + 2, plainMode(), TokenKind.NATIONAL_STRING, true)
              : identifier(i);
      case 'u', 'U' -> unicodeOrIdentifier(i);
      default -> {
        if (c >= '0' && c <= '9') {
          yield number(i);
        }
        if (Identifiers.isStart(c)) {
          yield identifier(i);
        }
        yield emit(TokenKind.OTHER, i, i + 1, String.valueOf(c));
      }
    };
  }

  private int at(int index) {
    return index < length ? sql.charAt(index) : -1;
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private int emit(TokenKind kind, int start, int end, String value) {
    out.add(kind, start, end, value);
    return end;
  }

  private int plainMode() {
    return standardConformingStrings ? XQ : XE;
  }

  // ---- words, punctuation, operators

  private int identifier(int start) {
    int end = start + 1;
    while (end < length && Identifiers.isPart(sql.charAt(end))) {
      end++;
    }
    return emit(TokenKind.IDENTIFIER, start, end, Identifiers.fold(sql, start, end));
  }

  private int colon(int i) {
    int next = at(i + 1);
    if (next == ':') {
      return emit(TokenKind.TYPECAST, i, i + 2, "::");
    }
    if (next == '=') {
      return emit(TokenKind.COLON_EQUALS, i, i + 2, ":=");
    }
    return emit(TokenKind.COLON, i, i + 1, ":");
  }

  private int dot(int i) {
    int next = at(i + 1);
    if (isDigit(next)) {
      return number(i);
    }
    if (next == '.') {
      return emit(TokenKind.DOT_DOT, i, i + 2, "..");
    }
    return emit(TokenKind.DOT, i, i + 1, ".");
  }

  private static boolean isOperatorChar(char c) {
    return switch (c) {
      case '~', '!', '@', '#', '^', '&', '|', '`', '?', '+', '-', '*', '/', '%', '<', '>', '=' ->
          true;
      default -> false;
    };
  }

  /** Characters that let an operator end in + or - (they are not SQL-standard operators). */
  private static boolean isNonSqlOperatorChar(char c) {
    return switch (c) {
      case '~', '!', '@', '#', '^', '&', '|', '`', '?', '%' -> true;
      default -> false;
    };
  }

  /**
   * {operator}: the longest run of operator characters, cut before an embedded {@code /*} or {@code
   * --} (those start comments), and stripped of trailing {@code +}/{@code -} unless the operator
   * holds a character no SQL operator has, so that {@code =-} is two operators.
   */
  private int operator(int start) {
    int run = start + 1;
    while (run < length && isOperatorChar(sql.charAt(run))) {
      run++;
    }
    int end = run;
    for (int k = start; k < run - 1; k++) {
      char c = sql.charAt(k);
      char d = sql.charAt(k + 1);
      if ((c == '/' && d == '*') || (c == '-' && d == '-')) {
        end = k;
        break;
      }
    }
    char last = sql.charAt(end - 1);
    if (end - start > 1 && (last == '+' || last == '-')) {
      boolean keep = false;
      for (int k = start; k < end - 1 && !keep; k++) {
        keep = isNonSqlOperatorChar(sql.charAt(k));
      }
      if (!keep) {
        int kept = end - 1;
        while (kept - start > 1 && (sql.charAt(kept - 1) == '+' || sql.charAt(kept - 1) == '-')) {
          kept--;
        }
        emitOperator(start, kept);
        // The server rescans the stripped signs; each comes back alone by the same rule.
        for (int k = kept; k < end; k++) {
          emitOperator(k, k + 1);
        }
        return end;
      }
    }
    emitOperator(start, end);
    return end;
  }

  private void emitOperator(int start, int end) {
    if (end - start >= NAMEDATALEN) {
      throw new SqlLexException("operator too long", start);
    }
    out.add(TokenKind.OPERATOR, start, end, sql.substring(start, end));
  }

  // ---- comments

  private int lineEnd(int i) {
    while (i < length && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
      i++;
    }
    return i;
  }

  private int lineComment(int start) {
    int end = lineEnd(start + 2);
    return emit(TokenKind.LINE_COMMENT, start, end, sql.substring(start, end));
  }

  /** Where the comment opened at {@code start} ends; comments nest. */
  private int blockCommentEnd(int start) {
    int depth = 0;
    int i = start + 2;
    while (i < length - 1) {
      char c = sql.charAt(i);
      if (c == '*' && sql.charAt(i + 1) == '/') {
        if (depth == 0) {
          return i + 2;
        }
        depth--;
        i += 2;
      } else if (c == '/' && sql.charAt(i + 1) == '*') {
        depth++;
        i += 2;
      } else {
        i++;
      }
    }
    throw new SqlLexException("unterminated /* comment", start);
  }

  private int blockComment(int start) {
    int end = blockCommentEnd(start);
    return emit(TokenKind.BLOCK_COMMENT, start, end, sql.substring(start, end));
  }

  /** Skips whitespace and comments, as between a {@code U&} literal and its UESCAPE clause. */
  private int skipSpaceAndComments(int i) {
    while (i < length) {
      char c = sql.charAt(i);
      if (StringDecoding.isSpace(c)) {
        i++;
      } else if (c == '-' && at(i + 1) == '-') {
        i = lineEnd(i);
      } else if (c == '/' && at(i + 1) == '*') {
        i = blockCommentEnd(i);
      } else {
        break;
      }
    }
    return i;
  }

  // ---- numbers and parameters

  private int number(int start) {
    if (sql.charAt(start) == '0') {
      int prefix = at(start + 1);
      int radix =
          switch (prefix) {
            case 'x', 'X' -> 16;
            case 'o', 'O' -> 8;
            case 'b', 'B' -> 2;
            default -> 0;
          };
      if (radix != 0) {
        return radixInteger(start, radix);
      }
    }
    int end;
    TokenKind kind;
    if (sql.charAt(start) == '.') {
      end = decimalDigits(start + 1);
      kind = TokenKind.NUMERIC;
    } else {
      end = decimalDigits(start);
      kind = TokenKind.INTEGER;
      if (at(end) == '.') {
        if (at(end + 1) == '.') {
          // {numericfail}: "1..": the integer, then "..".
          return emit(kind, start, end, sql.substring(start, end));
        }
        kind = TokenKind.NUMERIC;
        end = isDigit(at(end + 1)) ? decimalDigits(end + 1) : end + 1;
      }
    }
    int exponent = at(end);
    if (exponent == 'e' || exponent == 'E') {
      int digits = end + 1;
      if (at(digits) == '+' || at(digits) == '-') {
        digits++;
      }
      if (!isDigit(at(digits))) {
        // {realfail} or a letter after the number: both are junk.
        throw junk(start);
      }
      end = decimalDigits(digits);
      kind = TokenKind.NUMERIC;
    }
    checkNoJunk(start, end);
    return emit(kind, start, end, sql.substring(start, end));
  }

  /** {decdigit}(_?{decdigit})* from a digit. */
  private int decimalDigits(int i) {
    int j = i + 1;
    while (j < length) {
      char c = sql.charAt(j);
      if (isDigit(c)) {
        j++;
      } else if (c == '_' && isDigit(at(j + 1))) {
        j += 2;
      } else {
        break;
      }
    }
    return j;
  }

  /** {hexinteger}, {octinteger}, {bininteger} and their {..fail} rules. */
  private int radixInteger(int start, int radix) {
    int j = start + 2;
    int digitsStart = j;
    while (j < length) {
      char c = sql.charAt(j);
      if (isRadixDigit(c, radix)) {
        j++;
      } else if (c == '_' && j + 1 < length && isRadixDigit(sql.charAt(j + 1), radix)) {
        j += 2;
      } else {
        break;
      }
    }
    if (j == digitsStart) {
      // "0x" or "0x_": {hexfail} unless a longer {integer_junk} ("0xg") matches.
      int failEnd = at(j) == '_' ? j + 1 : j;
      int word = start + 1;
      while (word < length && Identifiers.isPart(sql.charAt(word))) {
        word++;
      }
      if (word > failEnd) {
        throw junk(start);
      }
      String base = radix == 16 ? "hexadecimal" : radix == 8 ? "octal" : "binary";
      throw new SqlLexException("invalid " + base + " integer", start);
    }
    // {integer_junk} reads "0" then an identifier from the "x": any identifier character after
    // the digits makes it longer, a digit of another base included ("0b12").
    if (j < length && Identifiers.isPart(sql.charAt(j))) {
      throw junk(start);
    }
    return emit(TokenKind.INTEGER, start, j, sql.substring(start, j));
  }

  private static boolean isRadixDigit(char c, int radix) {
    return c < 0x80 && Character.digit(c, radix) >= 0;
  }

  /**
   * {integer_junk}, {numeric_junk}, {real_junk}: a number with an identifier glued to it is an
   * error. The identifier may also start inside the number, at an underscore or an exponent's
   * {@code e} (or the {@code x} of {@code 0x}), and then a following {@code $} extends it past
   * where the number ends.
   */
  private void checkNoJunk(int start, int end) {
    int next = at(end);
    if (next < 0) {
      return;
    }
    if (Identifiers.isStart((char) next)) {
      throw junk(start);
    }
    if (next == '$') {
      for (int k = end - 1; k > start; k--) {
        char c = sql.charAt(k);
        if (c == '.' || c == '+' || c == '-') {
          return;
        }
        if (Identifiers.isStart(c)) {
          throw junk(start);
        }
      }
    }
  }

  private static SqlLexException junk(int start) {
    return new SqlLexException("trailing junk after numeric literal", start);
  }

  private int dollar(int start) {
    if (isDigit(at(start + 1))) {
      return parameter(start);
    }
    int bodyStart = dollarDelimiterEnd(start);
    if (bodyStart < 0) {
      // {dolqfailed} or a lone $: the server returns "$" alone, which the grammar rejects.
      return emit(TokenKind.OTHER, start, start + 1, "$");
    }
    scanDollarQuoted(start, bodyStart);
    return emit(TokenKind.DOLLAR_STRING, start, literalEnd, literalValue);
  }

  /** {param} and {param_junk}. */
  private int parameter(int start) {
    int end = start + 1;
    while (end < length && isDigit(sql.charAt(end))) {
      end++;
    }
    if (end < length && Identifiers.isStart(sql.charAt(end))) {
      throw new SqlLexException("trailing junk after parameter", start);
    }
    return emit(TokenKind.PARAMETER, start, end, sql.substring(start, end));
  }

  // ---- dollar quotes

  private static boolean isTagStart(char c) {
    return Identifiers.isStart(c);
  }

  private static boolean isTagPart(char c) {
    return Identifiers.isStart(c) || (c >= '0' && c <= '9');
  }

  /**
   * {dolqdelim} at {@code start}: {@code $$} or {@code $tag$}, a tag being an identifier without
   * {@code $} (so {@code $1} is a parameter, not a tag). Returns where the body starts, or -1.
   */
  private int dollarDelimiterEnd(int start) {
    int j = start + 1;
    if (j < length && isTagStart(sql.charAt(j))) {
      j++;
      while (j < length && isTagPart(sql.charAt(j))) {
        j++;
      }
    }
    return at(j) == '$' ? j + 1 : -1;
  }

  /**
   * The body runs to the first delimiter equal to the opening one. A different delimiter inside is
   * text, and its closing {@code $} may start the real one: {@code $a$x$b$a$} is {@code x$b}.
   */
  private void scanDollarQuoted(int start, int bodyStart) {
    int delimiterLength = bodyStart - start;
    int k = bodyStart;
    while (true) {
      int d = sql.indexOf('$', k);
      if (d < 0) {
        throw new SqlLexException("unterminated dollar-quoted string", start);
      }
      int q = d + 1;
      if (q < length && isTagStart(sql.charAt(q))) {
        q++;
        while (q < length && isTagPart(sql.charAt(q))) {
          q++;
        }
      }
      if (q < length
          && sql.charAt(q) == '$'
          && q + 1 - d == delimiterLength
          && sql.regionMatches(d, sql, start, delimiterLength)) {
        literalEnd = q + 1;
        literalValue = sql.substring(bodyStart, d);
        return;
      }
      k = q;
    }
  }

  // ---- quoted strings

  private int string(int start, int contentStart, int mode, TokenKind kind, boolean plain) {
    scanString(start, contentStart, mode, kind, plain);
    return emit(kind, start, literalEnd, literalValue);
  }

  /**
   * Scans a quoted literal and the parts continuing it; sets {@link #literalEnd} and {@link
   * #literalValue}. A continuation is read in the same mode as the first part, as the server does.
   */
  private void scanString(int start, int contentStart, int mode, TokenKind kind, boolean plain) {
    partCount = 0;
    needsDecoding = false;
    int from = contentStart;
    while (true) {
      int close = partEnd(start, from, mode, kind, plain);
      addPart(from, close);
      int next = continuation(close + 1);
      if (next < 0) {
        literalEnd = close + 1;
        break;
      }
      from = next;
    }
    if (!needsDecoding && partCount == 1) {
      literalValue = sql.substring(parts[0], parts[1]);
    } else if (mode == XB) {
      literalValue = StringDecoding.concat(sql, parts, partCount);
    } else if (mode == XE) {
      literalValue = StringDecoding.unescape(sql, parts, partCount, start);
    } else {
      literalValue = StringDecoding.undouble(sql, parts, partCount, '\'');
    }
  }

  private void addPart(int from, int close) {
    if (2 * partCount + 2 > parts.length) {
      parts = Arrays.copyOf(parts, parts.length * 2);
    }
    parts[2 * partCount] = from;
    parts[2 * partCount + 1] = close;
    partCount++;
  }

  /** The closing quote of the part starting at {@code from}. */
  private int partEnd(int start, int from, int mode, TokenKind kind, boolean plain) {
    int i = from;
    if (mode == XB) {
      // {xbinside}/{xhinside}: no doubled quotes, no escapes.
      int close = sql.indexOf('\'', i);
      if (close >= 0) {
        return close;
      }
    } else if (mode == XE) {
      while (i < length) {
        char c = sql.charAt(i);
        if (c == '\\') {
          needsDecoding = true;
          backslashInPlainString |= plain;
          i += 2;
        } else if (c == '\'') {
          if (at(i + 1) != '\'') {
            return i;
          }
          needsDecoding = true;
          i += 2;
        } else {
          i++;
        }
      }
    } else {
      while (i < length) {
        char c = sql.charAt(i);
        if (c == '\'') {
          if (at(i + 1) != '\'') {
            return i;
          }
          needsDecoding = true;
          i += 2;
        } else {
          if (c == '\\') {
            backslashInPlainString |= plain;
          }
          i++;
        }
      }
    }
    String what =
        switch (kind) {
          case BIT_STRING -> "unterminated bit string literal";
          case HEX_STRING -> "unterminated hexadecimal string literal";
          default -> "unterminated quoted string";
        };
    throw new SqlLexException(what, start);
  }

  /**
   * {quotecontinue}: after a closing quote, whitespace and {@code --} comments holding at least one
   * newline, then a quote, continue the literal (block comments do not). Returns where the
   * continuation's content starts, or -1.
   */
  private int continuation(int i) {
    boolean newline = false;
    while (i < length) {
      char c = sql.charAt(i);
      if (c == '\n' || c == '\r') {
        newline = true;
        i++;
      } else if (c == ' ' || c == '\t' || c == '\f' || c == '\u000B') {
        i++;
      } else if (c == '-' && at(i + 1) == '-') {
        i = lineEnd(i);
      } else {
        break;
      }
    }
    return newline && at(i) == '\'' ? i + 1 : -1;
  }

  // ---- U& literals and quoted identifiers

  private int unicodeOrIdentifier(int start) {
    if (at(start + 1) == '&') {
      int quote = at(start + 2);
      if (quote == '\'') {
        return unicodeString(start);
      }
      if (quote == '"') {
        return unicodeIdentifier(start);
      }
    }
    // {xufailed} gives "u" as an identifier, then "&": the same as lexing a word here.
    return identifier(start);
  }

  private int unicodeString(int start) {
    if (!standardConformingStrings) {
      throw new SqlLexException(
          "unsafe use of string constant with Unicode escapes"
              + " (standard_conforming_strings is off)",
          start);
    }
    scanString(start, start + 3, XUS, TokenKind.UNICODE_STRING, false);
    String raw = literalValue;
    int end = literalEnd;
    char escape = '\\';
    int clauseEnd = uescapeClause(end);
    if (clauseEnd >= 0) {
      escape = literalValue.charAt(0);
      end = clauseEnd;
    }
    String value = StringDecoding.unicode(raw, escape, start);
    return emit(TokenKind.UNICODE_STRING, start, end, value);
  }

  private int quotedIdentifier(int start) {
    int close = quotedIdentifierClose(start, start + 1);
    String name = quotedIdentifierValue(start + 1, close);
    return emit(TokenKind.QUOTED_IDENTIFIER, start, close + 1, Identifiers.truncate(name));
  }

  private int unicodeIdentifier(int start) {
    int close = quotedIdentifierClose(start, start + 3);
    String raw = quotedIdentifierValue(start + 3, close);
    int end = close + 1;
    char escape = '\\';
    int clauseEnd = uescapeClause(end);
    if (clauseEnd >= 0) {
      escape = literalValue.charAt(0);
      end = clauseEnd;
    }
    String name = Identifiers.truncate(StringDecoding.unicode(raw, escape, start));
    return emit(TokenKind.UNICODE_IDENTIFIER, start, end, name);
  }

  /** The closing quote of a quoted identifier; {@code ""} inside is a quote. */
  private int quotedIdentifierClose(int start, int contentStart) {
    needsDecoding = false;
    int i = contentStart;
    while (true) {
      int close = sql.indexOf('"', i);
      if (close < 0) {
        throw new SqlLexException("unterminated quoted identifier", start);
      }
      if (at(close + 1) != '"') {
        if (close == contentStart) {
          throw new SqlLexException("zero-length delimited identifier", start);
        }
        return close;
      }
      needsDecoding = true;
      i = close + 2;
    }
  }

  private String quotedIdentifierValue(int contentStart, int close) {
    if (!needsDecoding) {
      return sql.substring(contentStart, close);
    }
    partCount = 0;
    addPart(contentStart, close);
    return StringDecoding.undouble(sql, parts, 1, '"');
  }

  /**
   * The optional {@code UESCAPE 'c'} after a {@code U&} literal, which the server's parser reads
   * with the literal: the key word, then a simple string ({@code '...'}, {@code E'...'} or
   * dollar-quoted) holding one ASCII character that cannot be confused with an escape. Returns
   * where the clause ends, with the character as {@link #literalValue}, or -1 when there is none.
   */
  private int uescapeClause(int from) {
    int word = skipSpaceAndComments(from);
    if (!isWord(word, "uescape")) {
      return -1;
    }
    int s = skipSpaceAndComments(word + "uescape".length());
    int c = at(s);
    if (c == '\'') {
      scanString(s, s + 1, plainMode(), TokenKind.STRING, true);
    } else if ((c == 'e' || c == 'E') && at(s + 1) == '\'') {
      scanString(s, s + 2, XE, TokenKind.ESCAPE_STRING, false);
    } else if (c == '$' && dollarDelimiterEnd(s) >= 0) {
      scanDollarQuoted(s, dollarDelimiterEnd(s));
    } else {
      throw new SqlLexException("UESCAPE must be followed by a simple string literal", s);
    }
    if (!StringDecoding.validUnicodeEscape(literalValue)) {
      throw new SqlLexException("invalid Unicode escape character", s);
    }
    return literalEnd;
  }

  /** Whether the unquoted word at {@code i} is {@code word} (lower case), ASCII case-folded. */
  private boolean isWord(int i, String word) {
    int end = i + word.length();
    if (end > length || (end < length && Identifiers.isPart(sql.charAt(end)))) {
      return false;
    }
    for (int k = 0; k < word.length(); k++) {
      char c = sql.charAt(i + k);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      }
      if (c != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }
}
