package io.dbwarden.sidecar.sql.lexer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatementSplitterTest {

  private static List<String> texts(String sql, boolean scs) {
    return StatementSplitter.split(sql, scs).statements().stream()
        .map(LexedStatement::text)
        .toList();
  }

  private static List<String> texts(String sql) {
    return texts(sql, true);
  }

  private static LexedStatement only(String sql) {
    List<LexedStatement> statements = StatementSplitter.split(sql, true).statements();
    assertThat(statements).hasSize(1);
    return statements.get(0);
  }

  @Nested
  class Smuggling {

    @Test
    void escapedQuoteInAnEscapeString() {
      assertThat(texts("SELECT E'\\''; DROP TABLE t; -- '", true))
          .containsExactly("SELECT E'\\''", "DROP TABLE t");
      assertThat(texts("SELECT E'\\'; DROP TABLE t; --'", true))
          .containsExactly("SELECT E'\\'; DROP TABLE t; --'");
      assertThat(texts("SELECT E'\\'; DROP TABLE t; --'", false))
          .containsExactly("SELECT E'\\'; DROP TABLE t; --'");
    }

    @Test
    void backslashInAPlainStringDependsOnTheSetting() {
      String sql = "SELECT 'a\\'; DROP TABLE t; --'";
      SplitQuery on = StatementSplitter.split(sql, true);
      SplitQuery off = StatementSplitter.split(sql, false);
      assertThat(on.statements())
          .extracting(LexedStatement::text)
          .containsExactly("SELECT 'a\\'", "DROP TABLE t");
      assertThat(off.statements())
          .extracting(LexedStatement::text)
          .containsExactly("SELECT 'a\\'; DROP TABLE t; --'");
      assertThat(on.settingSensitive()).isTrue();
      assertThat(off.settingSensitive()).isTrue();
    }

    @Test
    void taggedDollarQuotesHideOtherTagsAndSemicolons() {
      assertThat(texts("SELECT $fn$ $$; DROP TABLE t; $$ $a$ ; $fn$; SELECT 2"))
          .containsExactly("SELECT $fn$ $$; DROP TABLE t; $$ $a$ ; $fn$", "SELECT 2");
      assertThat(texts("SELECT $a$; $b$; DROP TABLE t; $a$"))
          .containsExactly("SELECT $a$; $b$; DROP TABLE t; $a$");
    }

    @Test
    void dollarTagVersusParameter() {
      assertThat(texts("SELECT $a$; DROP TABLE t; $a$")).hasSize(1);
      assertThat(texts("SELECT $1; DROP TABLE t; $1"))
          .containsExactly("SELECT $1", "DROP TABLE t", "$1");
      assertThat(texts("SELECT x$a$; DROP TABLE t; SELECT $a$x$a$"))
          .containsExactly("SELECT x$a$", "DROP TABLE t", "SELECT $a$x$a$");
    }

    @Test
    void nestedCommentsHideQuotesAndSemicolons() {
      assertThat(texts("SELECT /* a /* ' ; */ \" ; */ 1; SELECT 2"))
          .containsExactly("SELECT /* a /* ' ; */ \" ; */ 1", "SELECT 2");
    }

    @Test
    void lineCommentHidesAQuote() {
      assertThat(texts("SELECT 1 -- it's\n; DROP TABLE t; -- '"))
          .containsExactly("SELECT 1 -- it's", "DROP TABLE t");
    }

    @Test
    void commentStartingInsideAnOperator() {
      assertThat(texts("SELECT 2 */* ; DROP TABLE t; */ 3"))
          .containsExactly("SELECT 2 */* ; DROP TABLE t; */ 3");
      assertThat(texts("SELECT 2 <-- '\n; DROP TABLE t"))
          .containsExactly("SELECT 2 <-- '", "DROP TABLE t");
    }

    @Test
    void unicodeIdentifierWithDoubledQuotes() {
      assertThat(texts("SELECT 1 AS U&\"a\"\"; DROP TABLE t; --\"; SELECT 2"))
          .containsExactly("SELECT 1 AS U&\"a\"\"; DROP TABLE t; --\"", "SELECT 2");
    }

    @Test
    void stringContinuationAcrossANewline() {
      assertThat(texts("SELECT 'a'\n'; DROP TABLE t; --'")).hasSize(1);
      assertThat(texts("SELECT 'a' -- x\n'; DROP TABLE t; --'")).hasSize(1);
      assertThat(texts("SELECT E'a'\n'\\'; DROP TABLE t; --'")).hasSize(1);
      assertThat(texts("SELECT 'a' /* x */\n'; DROP TABLE t; --'")).hasSize(1);
    }

    @Test
    void quotedIdentifiersHideSemicolonsAndQuotes() {
      assertThat(texts("SELECT 1 AS \"; DROP TABLE t; '\"; SELECT 2"))
          .containsExactly("SELECT 1 AS \"; DROP TABLE t; '\"", "SELECT 2");
    }

    @Test
    void bitStringsHaveNoEscapes() {
      assertThat(texts("SELECT B'\\'; DROP TABLE t; --'", false))
          .containsExactly("SELECT B'\\'", "DROP TABLE t");
    }
  }

  @Nested
  class Boundaries {

    @Test
    void emptyStatementsAreDropped() {
      assertThat(texts(";; SELECT 1 ;;; SELECT 2;")).containsExactly("SELECT 1", "SELECT 2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", ";", " ; ;\n", "-- only a comment", "/* a */ ; -- b\n"})
    void onlyCommentsAndWhitespaceGiveNoStatement(String sql) {
      assertThat(StatementSplitter.split(sql, true).isEmpty()).isTrue();
    }

    @Test
    void textKeepsLeadingCommentsAndDropsTrailingWhitespace() {
      List<LexedStatement> statements =
          StatementSplitter.split(
                  "  /* reason: ticket 1 */ SELECT 1 \n; \n-- two\nSELECT 2  ", true)
              .statements();
      assertThat(statements)
          .extracting(LexedStatement::text)
          .containsExactly("/* reason: ticket 1 */ SELECT 1", "-- two\nSELECT 2");
      assertThat(statements).extracting(LexedStatement::offset).containsExactly(2, 38);
      assertThat(statements.get(1).firstWord()).isEqualTo("select");
    }

    @Test
    void tokensAreRelativeToTheStatement() {
      LexedStatement second =
          StatementSplitter.split("SELECT 1; SELECT 'x'", true).statements().get(1);
      assertThat(second.tokens())
          .extracting(t -> second.text().substring(t.start(), t.end()))
          .containsExactly("SELECT", "'x'");
    }

    @Test
    void parenthesesDoNotHideSemicolons() {
      // The server's grammar has no statement inside parentheses: it splits (and then rejects).
      assertThat(texts("SELECT (1; SELECT 2)")).containsExactly("SELECT (1", "SELECT 2)");
    }

    @Test
    void unterminatedTextIsRejected() {
      for (String sql :
          List.of(
              "SELECT 'a; SELECT 2",
              "SELECT \"a; SELECT 2",
              "SELECT $$a; SELECT 2",
              "SELECT /* a; SELECT 2",
              "SELECT 1; SELECT E'\\'",
              "SELECT 'a\\'; SELECT 2")) {
        assertThatThrownBy(() -> StatementSplitter.split(sql, false))
            .as(sql)
            .isInstanceOf(SqlLexException.class)
            .hasMessageContaining("unterminated");
      }
    }
  }

  @Nested
  class RoutineBodies {

    @Test
    void semicolonsInsideBeginAtomicDoNotSplit() {
      String create =
          "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END";
      assertThat(texts(create + "; DROP TABLE t")).containsExactly(create, "DROP TABLE t");
    }

    @Test
    void orReplaceAndProcedures() {
      String create =
          "create or replace procedure p() language sql begin atomic insert into t values (1);"
              + " delete from t; end";
      assertThat(texts(create + ";select 1")).containsExactly(create, "select 1");
    }

    @Test
    void caseInsideABody() {
      String create =
          "CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC"
              + " SELECT CASE WHEN x > 0 THEN 1 ELSE CASE x WHEN 0 THEN 0 END END; END";
      assertThat(texts(create + "; SELECT 3")).containsExactly(create, "SELECT 3");
    }

    @Test
    void keyWordsUsedAsLabelsDoNotEndTheBody() {
      // Valid in PostgreSQL: END and BEGIN ATOMIC as column labels inside the body.
      String create =
          "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1 end;"
              + " SELECT t.end FROM t; SELECT begin atomic FROM t; END";
      assertThat(texts(create + "; SELECT 3")).containsExactly(create, "SELECT 3");
    }

    @Test
    void emptyBodyAndCommentsBetweenKeyWords() {
      String create =
          "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN /* x */ ATOMIC -- y\n END";
      assertThat(texts(create + "; SELECT 3")).containsExactly(create, "SELECT 3");
    }

    @Test
    void beginAsANameIsNotABody() {
      String create = "CREATE FUNCTION begin(begin int) RETURNS int LANGUAGE sql RETURN begin";
      assertThat(texts(create + "; DROP TABLE t")).containsExactly(create, "DROP TABLE t");
      String table = "CREATE FUNCTION f() RETURNS TABLE (begin atomic) LANGUAGE sql RETURN 1";
      assertThat(texts(table + "; DROP TABLE t")).containsExactly(table, "DROP TABLE t");
    }

    @Test
    void beginAtomicOutsideARoutineSplits() {
      assertThat(texts("SELECT begin atomic FROM t; SELECT 2; END"))
          .containsExactly("SELECT begin atomic FROM t", "SELECT 2", "END");
      assertThat(texts("BEGIN; SELECT 1; END")).containsExactly("BEGIN", "SELECT 1", "END");
    }

    @Test
    void nestedBodies() {
      String create =
          "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC"
              + " CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;"
              + " SELECT 2; END";
      assertThat(texts(create + "; SELECT 3")).containsExactly(create, "SELECT 3");
    }

    @Test
    void normalizedBodyKeepsItsSemicolons() {
      LexedStatement statement =
          only("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END");
      assertThat(statement.normalized())
          .isEqualTo("create function f() returns int language sql begin atomic select $1; end");
    }
  }

  @Nested
  class Fingerprints {

    @Test
    void caseFolding() {
      assertThat(only("SeLeCt \"MiXed\", Other FROM T").normalized())
          .isEqualTo("select \"MiXed\", other from t");
    }

    @Test
    void sameStructureSameFingerprint() {
      LexedStatement one = only("select * from t where id = 1");
      LexedStatement two = only("SELECT  *  FROM t WHERE id=2");
      assertThat(one.normalized()).isEqualTo("select * from t where id = $1");
      assertThat(two.normalized()).isEqualTo(one.normalized());
      assertThat(two.fingerprint()).isEqualTo(one.fingerprint()).matches("[0-9a-f]{16}");
    }

    @Test
    void otherStructureOtherFingerprint() {
      String base = only("select * from t where id = 1").fingerprint();
      assertThat(only("select * from t where id > 1").fingerprint()).isNotEqualTo(base);
      assertThat(only("select * from u where id = 1").fingerprint()).isNotEqualTo(base);
      assertThat(only("select * from \"T\" where id = 1").fingerprint()).isNotEqualTo(base);
      assertThat(only("select * from t where id = 1 and 2 = 2").fingerprint()).isNotEqualTo(base);
    }

    @Test
    void commentsAndLayoutDoNotMatter() {
      assertThat(only("/* reason: x */ select a,b from t -- y").fingerprint())
          .isEqualTo(only("SELECT a , b\nFROM t").fingerprint());
    }

    @Test
    void everyKindOfLiteralIsAPlaceholder() {
      LexedStatement statement =
          only(
              "select 'a', E'b\\n', N'c', U&'\\0064', $$e$$, $t$f$t$, B'01', X'1F', 42, 1.5e3,"
                  + " .5, 0x1F, 1_000, 'g'\n'h'");
      assertThat(statement.normalized())
          .isEqualTo("select $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14");
      assertThat(statement.literals())
          .containsExactly(
              "a", "b\n", "c", "d", "e", "f", "01", "1F", "42", "1.5e3", ".5", "0x1F", "1_000",
              "gh");
    }

    @Test
    void placeholdersAreNumberedAfterTheHighestParameter() {
      LexedStatement statement = only("select 'x' from t where a = $2 and b = $1 and c = 3");
      assertThat(statement.normalized())
          .isEqualTo("select $3 from t where a = $2 and b = $1 and c = $4");
      assertThat(statement.redacted())
          .isEqualTo("select $3 from t where a = $2 and b = $1 and c = $4");
    }

    @Test
    void spacingIsCanonical() {
      assertThat(only("SELECT t.a::text, f( 1 ,2 )[ 1 ] FROM s . t").normalized())
          .isEqualTo("select t.a::text, f($1, $2)[$3] from s.t");
    }

    @Test
    void keyWordsAndIdentifiersAreNotLiterals() {
      assertThat(only("select true, null, x from t").literals()).isEmpty();
    }
  }

  @Nested
  class Redaction {

    @Test
    void literalsAreReplacedAndEverythingElseKept() {
      LexedStatement statement =
          only(
              "/* reason: JIRA-1 */ SELECT *\n  FROM users -- find her\n WHERE email = 'a@b.c'"
                  + " AND age > 30");
      assertThat(statement.redacted())
          .isEqualTo(
              "/* reason: JIRA-1 */ SELECT *\n  FROM users -- find her\n WHERE email = $1"
                  + " AND age > $2");
      assertThat(statement.literals()).containsExactly("a@b.c", "30");
    }

    @Test
    void aContinuedStringIsOnePlaceholder() {
      assertThat(only("select 'secret'\n  'more' as x").redacted()).isEqualTo("select $1 as x");
    }

    @Test
    void withoutLiteralsTheTextIsKept() {
      LexedStatement statement = only("SELECT a FROM t");
      assertThat(statement.redacted()).isSameAs(statement.text());
    }
  }

  @Nested
  class SettingSensitivity {

    @Test
    void noBackslashNoSensitivity() {
      assertThat(StatementSplitter.split("select 'a;b'; select 2", true).settingSensitive())
          .isFalse();
    }

    @Test
    void backslashesThatLexTheSameEitherWayAreFine() {
      // Same tokens under both settings; only the value differs.
      assertThat(StatementSplitter.split("select 'a\\nb'", true).settingSensitive()).isFalse();
      assertThat(StatementSplitter.split("select E'a\\'b'", true).settingSensitive()).isFalse();
    }

    @Test
    void theOtherSettingRejectingTheQueryIsNoRisk() {
      // Off: "'a\'" escapes its closing quote and the string never ends, so the server rejects it.
      assertThat(StatementSplitter.split("select 'a\\'", true).settingSensitive()).isFalse();
    }

    @Test
    void otherTokensUnderTheOtherSetting() {
      assertThat(StatementSplitter.split("select 'a\\', 'b' -- '", true).settingSensitive())
          .isTrue();
      assertThat(StatementSplitter.split("select n'a\\', 'b' -- '", true).settingSensitive())
          .isTrue();
      assertThat(StatementSplitter.split("select 'a\\'' -- '", false).settingSensitive()).isTrue();
    }

    @Test
    void uescapeStringsAreLexedUnderTheSessionSetting() {
      assertThat(
              StatementSplitter.split("select U&\"a\" UESCAPE '\\'; select 2", true)
                  .settingSensitive())
          .isFalse();
    }
  }
}
