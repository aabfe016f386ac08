package io.dbwarden.sidecar.sql.lexer;

import static io.dbwarden.sidecar.sql.lexer.TokenKind.BIT_STRING;
import static io.dbwarden.sidecar.sql.lexer.TokenKind.BLOCK_COMMENT;
import static io.dbwarden.sidecar.sql.lexer.TokenKind.COLON;
import static io.dbwarden.sidecar.sql.lexer.TokenKind.COLON_EQUALS;
import static io.dbwarden.sidecar.sql.lexer.TokenKind.COMMA;
import static io.dbwarden.sidecar.sql.lexer.TokenKind.DOLLAR_STRING;
import static io.dbwarden.sidecar.sql.lexer.TokenKind.DOT;
import static io.dbwarden.sidecar.sql.lexer.TokenKind.DOT_DOT;
import static io.dbwarden.sidecar.sql.lexer.TokenKind.ESCAPE_STRING;
import static io.dbwarden.sidecar.sql.lexer.TokenKind.HEX_STRING;
import static io.dbwarden.sidecar.sql.lexer.TokenKind.IDENTIFIER;
import static io.dbwarden.sidecar.sql.lexer.TokenKind.INTEGER;
import static io.dbwarden.sidecar.sql.lexer.TokenKind.LEFT_BRACKET;
import static io.dbwarden.sidecar.sql.lexer.TokenKind.LEFT_PAREN;
import static io.dbwarden.sidecar.sql.lexer.TokenKind.LINE_COMMENT;
import static io.dbwarden.sidecar.sql.lexer.TokenKind.NATIONAL_STRING;
import static io.dbwarden.sidecar.sql.lexer.TokenKind.NUMERIC;
import static io.dbwarden.sidecar.sql.lexer.TokenKind.OPERATOR;
import static io.dbwarden.sidecar.sql.lexer.TokenKind.OTHER;
import static io.dbwarden.sidecar.sql.lexer.TokenKind.PARAMETER;
import static io.dbwarden.sidecar.sql.lexer.TokenKind.QUOTED_IDENTIFIER;
import static io.dbwarden.sidecar.sql.lexer.TokenKind.RIGHT_BRACKET;
import static io.dbwarden.sidecar.sql.lexer.TokenKind.RIGHT_PAREN;
import static io.dbwarden.sidecar.sql.lexer.TokenKind.SEMICOLON;
import static io.dbwarden.sidecar.sql.lexer.TokenKind.STRING;
import static io.dbwarden.sidecar.sql.lexer.TokenKind.TYPECAST;
import static io.dbwarden.sidecar.sql.lexer.TokenKind.UNICODE_IDENTIFIER;
import static io.dbwarden.sidecar.sql.lexer.TokenKind.UNICODE_STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlLexerTest {

  private static List<Token> lex(String sql) {
    return SqlLexer.tokenize(sql, true);
  }

  private static List<TokenKind> kinds(String sql, boolean scs) {
    return SqlLexer.tokenize(sql, scs).stream().map(Token::kind).toList();
  }

  private static List<TokenKind> kinds(String sql) {
    return kinds(sql, true);
  }

  private static List<String> values(String sql) {
    return lex(sql).stream().map(Token::value).toList();
  }

  /** The only token of {@code sql}, which must span all of it. */
  private static Token only(String sql, boolean scs) {
    List<Token> tokens = SqlLexer.tokenize(sql, scs);
    assertThat(tokens).hasSize(1);
    assertThat(tokens.get(0).start()).isZero();
    assertThat(tokens.get(0).end()).isEqualTo(sql.length());
    return tokens.get(0);
  }

  private static Token only(String sql) {
    return only(sql, true);
  }

  private static void rejects(String sql, boolean scs, String reason) {
    assertThatThrownBy(() -> SqlLexer.tokenize(sql, scs))
        .isInstanceOf(SqlLexException.class)
        .extracting(e -> ((SqlLexException) e).reason())
        .isEqualTo(reason);
  }

  private static void rejects(String sql, String reason) {
    rejects(sql, true, reason);
  }

  @Nested
  class Identifiers {

    @Test
    void unquotedWordsAreFoldedToLowerCase() {
      assertThat(values("SeLeCt Foo_1, bar$2 FROM \"T\""))
          .containsExactly("select", "foo_1", ",", "bar$2", "from", "T");
      assertThat(kinds("SeLeCt Foo_1")).containsExactly(IDENTIFIER, IDENTIFIER);
    }

    @Test
    void onlyAsciiLettersAreFolded() {
      // downcase_identifier leaves multi-byte characters alone in a UTF-8 database.
      assertThat(only("ÉtÉ").value()).isEqualTo("ÉtÉ");
      assertThat(only("Ä_b").value()).isEqualTo("Ä_b");
    }

    @Test
    void nonAsciiCharactersAreIdentifierCharacters() {
      assertThat(only("名前").kind()).isEqualTo(IDENTIFIER);
      assertThat(only("_x").value()).isEqualTo("_x");
    }

    @Test
    void dollarContinuesAnIdentifierAndStartsNoQuote() {
      assertThat(kinds("x$a$; y$a$")).containsExactly(IDENTIFIER, SEMICOLON, IDENTIFIER);
    }

    @Test
    void longNamesAreTruncatedTo63Bytes() {
      assertThat(only("A".repeat(70)).value()).isEqualTo("a".repeat(63));
      assertThat(only("é".repeat(40)).value()).isEqualTo("é".repeat(31));
      assertThat(only("x".repeat(62) + "é").value()).isEqualTo("x".repeat(62));
    }

    @Test
    void prefixLettersWithoutQuoteAreWords() {
      assertThat(kinds("b x e n u bx xe")).containsOnly(IDENTIFIER);
      assertThat(kinds("xe'a'")).containsExactly(IDENTIFIER, STRING);
      assertThat(kinds("u&x")).containsExactly(IDENTIFIER, OPERATOR, IDENTIFIER);
    }

    @Test
    void tokenIsMatchesUnquotedWordsOnly() {
      assertThat(only("SELECT").is("select")).isTrue();
      assertThat(only("\"select\"").is("select")).isFalse();
    }
  }

  @Nested
  class QuotedIdentifiers {

    @Test
    void caseIsKept() {
      Token token = only("\"MiXed\"");
      assertThat(token.kind()).isEqualTo(QUOTED_IDENTIFIER);
      assertThat(token.value()).isEqualTo("MiXed");
    }

    @Test
    void doubledQuoteIsAQuote() {
      assertThat(only("\"a\"\"b\"").value()).isEqualTo("a\"b");
    }

    @Test
    void semicolonsQuotesAndCommentsInsideAreName() {
      assertThat(only("\"; DROP TABLE t; -- ' /*\"").value()).isEqualTo("; DROP TABLE t; -- ' /*");
    }

    @Test
    void longNamesAreTruncated() {
      assertThat(only("\"" + "B".repeat(64) + "\"").value()).isEqualTo("B".repeat(63));
    }

    @Test
    void emptyAndUnterminatedAreRejected() {
      rejects("select \"\"", "zero-length delimited identifier");
      rejects("select \"abc", "unterminated quoted identifier");
      rejects("select \"a\"\"", "unterminated quoted identifier");
    }
  }

  @Nested
  class UnicodeIdentifiers {

    @Test
    void escapesAreDecoded() {
      Token token = only("U&\"d\\0061t\\+000061\"");
      assertThat(token.kind()).isEqualTo(UNICODE_IDENTIFIER);
      assertThat(token.value()).isEqualTo("data");
    }

    @Test
    void doubledQuotesAndTheUescapeClauseBelongToTheToken() {
      Token token = only("u&\"a\"\"!0062\" /* c */ UESCAPE '!'");
      assertThat(token.value()).isEqualTo("a\"b");
    }

    @Test
    void allowedWhateverTheSetting() {
      assertThat(only("U&\"x\"", false).value()).isEqualTo("x");
    }

    @Test
    void emptyIsRejected() {
      rejects("U&\"\"", "zero-length delimited identifier");
    }
  }

  @Nested
  class Strings {

    @Test
    void doubledQuoteIsAQuote() {
      Token token = only("'it''s'");
      assertThat(token.kind()).isEqualTo(STRING);
      assertThat(token.value()).isEqualTo("it's");
    }

    @Test
    void backslashIsOrdinaryWithStandardConformingStrings() {
      assertThat(kinds("'a\\'; x", true)).containsExactly(STRING, SEMICOLON, IDENTIFIER);
      assertThat(lex("'a\\'").get(0).value()).isEqualTo("a\\");
    }

    @Test
    void backslashEscapesWithoutStandardConformingStrings() {
      Token token = only("'a\\'b'", false);
      assertThat(token.value()).isEqualTo("a'b");
      assertThat(only("'\\n\\\\'", false).value()).isEqualTo("\n\\");
    }

    @Test
    void emptyString() {
      assertThat(only("''").value()).isEmpty();
    }

    @Test
    void unterminatedIsRejected() {
      rejects("select 'abc", "unterminated quoted string");
      rejects("select 'a''", "unterminated quoted string");
      rejects("select 'a\\'", false, "unterminated quoted string");
      rejects("select 'a\\", false, "unterminated quoted string");
    }
  }

  @Nested
  class Continuation {

    @Test
    void stringsSeparatedByANewlineAreOne() {
      assertThat(only("'a'\n'b'").value()).isEqualTo("ab");
      assertThat(only("'a'  \r\n\t 'b'\n'c'").value()).isEqualTo("abc");
      assertThat(only("'a'\r'b'").value()).isEqualTo("ab");
    }

    @Test
    void lineCommentsMayBeInTheWay() {
      assertThat(only("'a' -- one\n'b'").value()).isEqualTo("ab");
      assertThat(only("'a'-- one\n-- two\n  'b'").value()).isEqualTo("ab");
    }

    @Test
    void withoutNewlineTheyAreTwoStrings() {
      assertThat(kinds("'a' 'b'")).containsExactly(STRING, STRING);
    }

    @Test
    void blockCommentsBreakTheContinuation() {
      assertThat(kinds("'a' /* c */\n'b'")).containsExactly(STRING, BLOCK_COMMENT, STRING);
      assertThat(kinds("'a'\n/* c */'b'")).containsExactly(STRING, BLOCK_COMMENT, STRING);
    }

    @Test
    void aMinusIsNotWhitespace() {
      assertThat(kinds("'a'\n-'b'")).containsExactly(STRING, OPERATOR, STRING);
    }

    @Test
    void continuationIsReadLikeTheFirstPart() {
      // E'...' continued by '...': the continuation still takes backslash escapes.
      Token token = only("E'a'\n'\\'; DROP TABLE t; --'");
      assertThat(token.kind()).isEqualTo(ESCAPE_STRING);
      assertThat(token.value()).isEqualTo("a'; DROP TABLE t; --");
      assertThat(only("B'01'\n'10'").value()).isEqualTo("0110");
      assertThat(only("X'1f'\n'2'").value()).isEqualTo("1f2");
      assertThat(only("U&'\\0061'\n'\\0062'").value()).isEqualTo("ab");
      assertThat(only("N'a'\n'b'").value()).isEqualTo("ab");
    }

    @Test
    void dollarQuotesDoNotContinue() {
      assertThat(kinds("$$a$$\n'b'")).containsExactly(DOLLAR_STRING, STRING);
    }

    @Test
    void anUnterminatedContinuationIsRejected() {
      rejects("'a'\n'b", "unterminated quoted string");
    }
  }

  @Nested
  class EscapeStrings {

    @Test
    void backslashEscapesWhateverTheSetting() {
      Token token = only("E'\\''", true);
      assertThat(token.kind()).isEqualTo(ESCAPE_STRING);
      assertThat(token.value()).isEqualTo("'");
      assertThat(only("e'a\\'b'", false).value()).isEqualTo("a'b");
    }

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        quoteCharacter = '"',
        value = {
          "E'\\q\\\\\\''          | q\\'",
          "E'\\101\\60\\7x'       | A0\u0007x",
          "E'\\x41\\x4g'          | A\u0004g",
          "E'\\xg'                | xg",
          "E'\\u00e9\\U0001F600'  | é\uD83D\uDE00",
          "E'\\ud83d\\ude00'      | \uD83D\uDE00",
          "E'\\303\\251'          | é",
          "E'\\xC3\\xA9'          | é",
          "E'a''b'                | a'b",
          "E'\\d800'              | d800",
        })
    void escapesAreDecoded(String sql, String value) {
      assertThat(only(sql).value()).isEqualTo(value);
    }

    @Test
    void controlCharacterEscapes() {
      assertThat(only("E'\\b\\f\\n\\r\\t\\v.'").value()).isEqualTo("\b\f\n\r\t\u000B.");
    }

    @Test
    void anEscapedNewlineIsANewline() {
      assertThat(only("E'a\\\nb'").value()).isEqualTo("a\nb");
    }

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "E'\\u00'          | invalid Unicode escape",
          "E'\\U0001F60'     | invalid Unicode escape",
          "E'\\u0000'        | invalid Unicode escape value",
          "E'\\U00110000'    | invalid Unicode escape value",
          "E'\\ud83d'        | invalid Unicode surrogate pair",
          "E'\\ud83dx'       | invalid Unicode surrogate pair",
          "E'\\ud83d\\u0041' | invalid Unicode surrogate pair",
          "E'\\ude00'        | invalid Unicode surrogate pair",
          "E'\\0'            | invalid byte sequence for encoding \"UTF8\"",
          "E'\\xC3'          | invalid byte sequence for encoding \"UTF8\"",
          "E'\\777'          | invalid byte sequence for encoding \"UTF8\"",
          "E'abc\\'          | unterminated quoted string",
        })
    void badEscapesAreRejected(String sql, String reason) {
      rejects(sql, reason);
    }
  }

  @Nested
  class UnicodeStrings {

    @Test
    void escapesAreDecoded() {
      Token token = only("U&'d\\0061t\\+000061'");
      assertThat(token.kind()).isEqualTo(UNICODE_STRING);
      assertThat(token.value()).isEqualTo("data");
      assertThat(only("u&'\\\\'").value()).isEqualTo("\\");
      assertThat(only("U&'\\D83D\\DE00'").value()).isEqualTo("\uD83D\uDE00");
      assertThat(only("U&'\\1100'").value()).isEqualTo("ᄀ");
    }

    @Test
    void doubledQuoteIsAQuoteAndBackslashEscapesNothing() {
      assertThat(only("U&'a''b'").value()).isEqualTo("a'b");
      assertThat(kinds("U&'\\\\'; x")).containsExactly(UNICODE_STRING, SEMICOLON, IDENTIFIER);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "U&'d!0061t' UESCAPE '!'",
          "U&'d!0061t'uescape'!'",
          "U&'d!0061t' /* c */ UESCAPE -- c\n '!'",
          "U&'d!0061t' UESCAPE E'!'",
          "U&'d!0061t' UESCAPE $$!$$",
          "U&'d!0061t' UESCAPE 'g'",
        })
    void uescapeClauseSetsTheEscapeAndBelongsToTheToken(String sql) {
      Token token = only(sql);
      assertThat(token.kind()).isEqualTo(UNICODE_STRING);
      assertThat(token.value()).isEqualTo(sql.contains("'g'") ? "d!0061t" : "dat");
    }

    @Test
    void aWordThatOnlyLooksLikeUescapeIsNotTheClause() {
      assertThat(kinds("U&'x' uescapes")).containsExactly(UNICODE_STRING, IDENTIFIER);
      assertThat(kinds("U&'x' \"uescape\"")).containsExactly(UNICODE_STRING, QUOTED_IDENTIFIER);
      // Java's case-insensitive comparison would take U+017F for an s; PostgreSQL folds ASCII only.
      assertThat(kinds("U&'x' ueſcape")).containsExactly(UNICODE_STRING, IDENTIFIER);
    }

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "U&'\\ud83d'             | invalid Unicode escape",
          "U&'\\'                  | invalid Unicode escape",
          "U&'a\\00'               | invalid Unicode escape",
          "U&'\\0000'              | invalid Unicode escape value",
          "U&'\\+110000'           | invalid Unicode escape value",
          "U&'\\D83D'              | invalid Unicode surrogate pair",
          "U&'\\DE00'              | invalid Unicode surrogate pair",
          "U&'x' UESCAPE           | UESCAPE must be followed by a simple string literal",
          "U&'x' UESCAPE N'!'      | UESCAPE must be followed by a simple string literal",
          "U&'x' UESCAPE 'ab'      | invalid Unicode escape character",
          "U&'x' UESCAPE '+'       | invalid Unicode escape character",
          "U&'x' UESCAPE 'a'       | invalid Unicode escape character",
          "U&'x' UESCAPE ' '       | invalid Unicode escape character",
          "U&'x' UESCAPE ''''      | invalid Unicode escape character",
          "U&'x' UESCAPE 'é'       | invalid Unicode escape character",
          "U&'abc                  | unterminated quoted string",
        })
    void badEscapesAreRejected(String sql, String reason) {
      rejects(sql, reason);
    }

    @Test
    void refusedWithoutStandardConformingStrings() {
      assertThatThrownBy(() -> SqlLexer.tokenize("select U&'x'", false))
          .isInstanceOf(SqlLexException.class)
          .hasMessageContaining("unsafe use of string constant with Unicode escapes");
    }
  }

  @Nested
  class NationalStrings {

    @Test
    void aPlainStringOfTypeNchar() {
      Token token = only("N'abc'");
      assertThat(token.kind()).isEqualTo(NATIONAL_STRING);
      assertThat(token.value()).isEqualTo("abc");
    }

    @Test
    void readLikeAPlainStringUnderEachSetting() {
      assertThat(kinds("n'a\\'; x", true)).containsExactly(NATIONAL_STRING, SEMICOLON, IDENTIFIER);
      assertThat(only("n'a\\'; x'", false).value()).isEqualTo("a'; x");
    }
  }

  @Nested
  class BitStrings {

    @Test
    void binaryAndHexDigitsAsWritten() {
      assertThat(only("B'0101'").kind()).isEqualTo(BIT_STRING);
      assertThat(only("b'0101'").value()).isEqualTo("0101");
      assertThat(only("X'1F'").kind()).isEqualTo(HEX_STRING);
      assertThat(only("x'1f'").value()).isEqualTo("1f");
    }

    @Test
    void noDoubledQuotesNorEscapes() {
      // B'01''10' is a bit string followed by a string, as in the server.
      assertThat(kinds("B'01''10'")).containsExactly(BIT_STRING, STRING);
      assertThat(kinds("X'\\'; x", false)).containsExactly(HEX_STRING, SEMICOLON, IDENTIFIER);
    }

    @Test
    void unterminatedIsRejected() {
      rejects("B'01", "unterminated bit string literal");
      rejects("X'1F", "unterminated hexadecimal string literal");
    }
  }

  @Nested
  class DollarQuotes {

    @Test
    void bodyIsTakenAsIs() {
      Token token = only("$$it's; \\ -- /* $$");
      assertThat(token.kind()).isEqualTo(DOLLAR_STRING);
      assertThat(token.value()).isEqualTo("it's; \\ -- /* ");
    }

    @Test
    void taggedQuotesEndOnlyAtTheSameTag() {
      assertThat(only("$fn$ select $$x$$; $a$ ; $fn$").value()).isEqualTo(" select $$x$$; $a$ ; ");
      assertThat(only("$a$x$b$y$a$").value()).isEqualTo("x$b$y");
      assertThat(only("$a$$a$").value()).isEmpty();
      assertThat(only("$_$a$_$").value()).isEqualTo("a");
      assertThat(only("$é$b$é$").value()).isEqualTo("b");
      assertThat(only("$a1$x$a1$").value()).isEqualTo("x");
    }

    @Test
    void tagsAreCaseSensitive() {
      assertThat(only("$A$x$a$ $A$").value()).isEqualTo("x$a$ ");
    }

    @Test
    void aDigitCannotStartATag() {
      assertThat(kinds("$1$")).containsExactly(PARAMETER, OTHER);
      assertThat(kinds("$a$ $1 $a$")).containsExactly(DOLLAR_STRING);
    }

    @Test
    void aDollarStartingNothingIsOther() {
      assertThat(kinds("$ a")).containsExactly(OTHER, IDENTIFIER);
      assertThat(kinds("$abc d")).containsExactly(OTHER, IDENTIFIER, IDENTIFIER);
    }

    @Test
    void unterminatedIsRejected() {
      rejects("select $$abc", "unterminated dollar-quoted string");
      rejects("select $a$abc$$", "unterminated dollar-quoted string");
      rejects("select $a$abc$b$", "unterminated dollar-quoted string");
    }
  }

  @Nested
  class Numbers {

    @ParameterizedTest
    @CsvSource({
      "42, INTEGER",
      "1_000, INTEGER",
      "08, INTEGER",
      "0x1F, INTEGER",
      "0X_1f, INTEGER",
      "0o17, INTEGER",
      "0b1_01, INTEGER",
      "1.5, NUMERIC",
      ".5, NUMERIC",
      "5., NUMERIC",
      "1.5e10, NUMERIC",
      "1E-3, NUMERIC",
      "1.e+5, NUMERIC",
      "1_000.000_1, NUMERIC",
    })
    void literalsAsWritten(String sql, TokenKind kind) {
      Token token = only(sql);
      assertThat(token.kind()).isEqualTo(kind);
      assertThat(token.value()).isEqualTo(sql);
    }

    @Test
    void numbersNextToOtherTokens() {
      assertThat(kinds("1..2")).containsExactly(INTEGER, DOT_DOT, INTEGER);
      assertThat(kinds("1.2.3")).containsExactly(NUMERIC, NUMERIC);
      assertThat(kinds("t.5")).containsExactly(IDENTIFIER, NUMERIC);
      assertThat(kinds("1e+5$")).containsExactly(NUMERIC, OTHER);
      assertThat(kinds("12$")).containsExactly(INTEGER, OTHER);
      assertThat(kinds("1-2")).containsExactly(INTEGER, OPERATOR, INTEGER);
      assertThat(kinds("1--2")).containsExactly(INTEGER, LINE_COMMENT);
    }

    @ParameterizedTest
    @CsvSource({
      "1abc, trailing junk after numeric literal",
      "1_000_, trailing junk after numeric literal",
      "1__2, trailing junk after numeric literal",
      "1e, trailing junk after numeric literal",
      "1e+, trailing junk after numeric literal",
      "1.5e, trailing junk after numeric literal",
      "1.x, trailing junk after numeric literal",
      "1é, trailing junk after numeric literal",
      "1_000$, trailing junk after numeric literal",
      "1e5$, trailing junk after numeric literal",
      "0x1F$, trailing junk after numeric literal",
      "0b12, trailing junk after numeric literal",
      "0o78, trailing junk after numeric literal",
      "0x1FG, trailing junk after numeric literal",
      "0xg, trailing junk after numeric literal",
      "0x, invalid hexadecimal integer",
      "0x_, invalid hexadecimal integer",
      "0o, invalid octal integer",
      "0b, invalid binary integer",
    })
    void junkIsRejected(String sql, String reason) {
      rejects("select " + sql, reason);
    }
  }

  @Nested
  class Parameters {

    @Test
    void positionalParameters() {
      assertThat(kinds("$1 + $23")).containsExactly(PARAMETER, OPERATOR, PARAMETER);
      assertThat(values("$1 + $23")).containsExactly("$1", "+", "$23");
      assertThat(kinds("$1.5")).containsExactly(PARAMETER, NUMERIC);
    }

    @Test
    void junkIsRejected() {
      rejects("select $1a", "trailing junk after parameter");
      rejects("select $1_0", "trailing junk after parameter");
    }
  }

  @Nested
  class Operators {

    @ParameterizedTest
    @CsvSource(
        delimiter = ';',
        value = {
          "a<=b       ; a,<=,b",
          "a<>b       ; a,<>,b",
          "a!=b       ; a,!=,b",
          "a->>b      ; a,->>,b",
          "a=-1       ; a,=,-,1",
          "a=+-1      ; a,=,+,-,1",
          "a=>b       ; a,=>,b",
          "a@-b       ; a,@-,b",
          "a?-b       ; a,?-,b",
          "a*-b       ; a,*,-,b",
          "a<=-b      ; a,<=,-,b",
          "a||b       ; a,||,b",
          "a!!-b      ; a,!!-,b",
          "a%-b       ; a,%-,b",
          "a+-+-b     ; a,+,-,+,-,b",
        })
    void longestRunWithTrailingSignsStripped(String sql, String expected) {
      assertThat(String.join(",", values(sql))).isEqualTo(expected);
    }

    @Test
    void commentStartsInsideAnOperatorEndIt() {
      assertThat(kinds("a */* c */ b"))
          .containsExactly(IDENTIFIER, OPERATOR, BLOCK_COMMENT, IDENTIFIER);
      assertThat(values("a*/*c*/b")).containsExactly("a", "*", "/*c*/", "b");
      assertThat(values("a+-- c\nb")).containsExactly("a", "+", "-- c", "b");
      assertThat(values("a<--b")).containsExactly("a", "<", "--b");
      assertThat(values("a=-/*x*/1")).containsExactly("a", "=", "-", "/*x*/", "1");
      assertThat(values("a//*x*/b")).containsExactly("a", "/", "/*x*/", "b");
    }

    @Test
    void operatorsOf64CharactersAreRejected() {
      assertThat(only("~".repeat(63)).kind()).isEqualTo(OPERATOR);
      rejects("a " + "~".repeat(64) + " b", "operator too long");
    }

    @Test
    void longRunsOfSignsAreLinear() {
      String sql = "+-".repeat(50_000);
      assertThat(lex(sql)).hasSize(100_000);
    }
  }

  @Nested
  class Punctuation {

    @Test
    void singleAndDoubleCharacterTokens() {
      assertThat(kinds("( ) [ ] , ; . .. : :: :="))
          .containsExactly(
              LEFT_PAREN,
              RIGHT_PAREN,
              LEFT_BRACKET,
              RIGHT_BRACKET,
              COMMA,
              SEMICOLON,
              DOT,
              DOT_DOT,
              COLON,
              TYPECAST,
              COLON_EQUALS);
      assertThat(kinds("a::b[1:2]"))
          .containsExactly(
              IDENTIFIER,
              TYPECAST,
              IDENTIFIER,
              LEFT_BRACKET,
              INTEGER,
              COLON,
              INTEGER,
              RIGHT_BRACKET);
    }

    @Test
    void charactersTheGrammarRejectsAreOther() {
      assertThat(kinds("\\ { }")).containsExactly(OTHER, OTHER, OTHER);
    }

    @Test
    void verticalTabIsWhitespace() {
      assertThat(kinds("select\u000B1")).containsExactly(IDENTIFIER, INTEGER);
    }
  }

  @Nested
  class Comments {

    @Test
    void lineCommentRunsToTheEndOfTheLine() {
      List<Token> tokens = lex("a -- it's; /*\nb");
      assertThat(tokens)
          .extracting(Token::kind)
          .containsExactly(IDENTIFIER, LINE_COMMENT, IDENTIFIER);
      assertThat(tokens.get(1).value()).isEqualTo("-- it's; /*");
      assertThat(kinds("a -- x\rb")).containsExactly(IDENTIFIER, LINE_COMMENT, IDENTIFIER);
      assertThat(kinds("a --")).containsExactly(IDENTIFIER, LINE_COMMENT);
    }

    @Test
    void blockCommentsNest() {
      Token token = only("/* a /* b; ' */ c \" */");
      assertThat(token.kind()).isEqualTo(BLOCK_COMMENT);
      assertThat(only("/**/").kind()).isEqualTo(BLOCK_COMMENT);
      assertThat(only("/*/ x */").kind()).isEqualTo(BLOCK_COMMENT);
      assertThat(kinds("/* x **/ y")).containsExactly(BLOCK_COMMENT, IDENTIFIER);
      assertThat(kinds("/* a */* b")).containsExactly(BLOCK_COMMENT, OPERATOR, IDENTIFIER);
    }

    @Test
    void unterminatedIsRejected() {
      rejects("select 1 /* a", "unterminated /* comment");
      rejects("select 1 /* a /* b */", "unterminated /* comment");
      rejects("select 1 /*/", "unterminated /* comment");
    }
  }

  @Nested
  class Offsets {

    @Test
    void tokensPointIntoTheText() {
      String sql = "SELECT  'a''b' ,\"x\"";
      List<Token> tokens = lex(sql);
      assertThat(tokens)
          .extracting(t -> sql.substring(t.start(), t.end()))
          .containsExactly("SELECT", "'a''b'", ",", "\"x\"");
    }

    @Test
    void errorsCarryTheOffsetOfTheToken() {
      assertThatThrownBy(() -> SqlLexer.tokenize("select 1, 'abc", true))
          .isInstanceOf(SqlLexException.class)
          .hasMessage("unterminated quoted string at offset 10")
          .extracting(e -> ((SqlLexException) e).offset())
          .isEqualTo(10);
    }
  }
}
