package io.dbwarden.sidecar.sql.lexer;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbwarden.sidecar.demo.EmbeddedPostgres;
import io.dbwarden.sidecar.testing.PostgresExtension;
import io.dbwarden.sidecar.testing.SimpleQueryClient;
import io.dbwarden.sidecar.testing.SimpleQueryClient.Outcome;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential test against the real server: each Query goes to PostgreSQL as one simple-protocol
 * Query, and the statements the server ran (one CommandComplete each) must be the statements the
 * splitter found, under both settings of {@code standard_conforming_strings}. A table that smuggled
 * {@code DROP TABLE}s aim at shows whether a hidden statement ran.
 */
@ExtendWith(PostgresExtension.class)
class StatementSplitterIT {

  private static final String DATABASE = "lexer_it";
  private static final String CANARY = "lexer_canary";
  private static final String DROP = "DROP TABLE " + CANARY;

  private static SimpleQueryClient on;
  private static SimpleQueryClient off;

  @BeforeAll
  static void connect(EmbeddedPostgres postgres) throws SQLException, IOException {
    try (Connection admin = postgres.connect("postgres");
        Statement statement = admin.createStatement()) {
      try (ResultSet rs =
          statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
        if (!rs.next()) {
          statement.execute("CREATE DATABASE " + DATABASE);
        }
      }
    }
    on = SimpleQueryClient.connect(postgres, DATABASE);
    off = SimpleQueryClient.connect(postgres, DATABASE);
    // A Query of its own: a SET only applies to the Queries after the one that holds it.
    off.execute("SET standard_conforming_strings = off");
    off.execute("SET escape_string_warning = off");
  }

  @AfterAll
  static void disconnect() throws IOException {
    on.close();
    off.close();
  }

  static Stream<String> trickyQueries() {
    return Stream.of(
        "SELECT E'\\''; " + DROP + "; -- '",
        "SELECT E'\\'; " + DROP + "; --'",
        "SELECT 'a\\'; " + DROP + "; --'",
        "SELECT 'a\\\\'; " + DROP + "; --'",
        "SELECT n'a\\'; " + DROP + "; --'",
        "SELECT $fn$ $$; " + DROP + "; $$ $a$ ; $fn$; SELECT 2",
        "SELECT $a$; $b$; " + DROP + "; $a$",
        "SELECT $a$$a$, $_$;$_$; SELECT $é$ ; $é$",
        "SELECT 1 x$a$; " + DROP + "; SELECT $a$x$a$",
        "SELECT /* a /* ' ; */ \" ; */ 1; SELECT 2",
        "SELECT 1 -- it's\n; SELECT 2; -- '",
        "SELECT 2 */* ; " + DROP + "; */ 3",
        "SELECT 2 <-- '\n 3; SELECT 4",
        "SELECT 1 AS U&\"a\"\"; " + DROP + "; --\"; SELECT 2",
        "SELECT 'a'\n'; " + DROP + "; --'",
        "SELECT 'a' -- x\n'; " + DROP + "; --'",
        "SELECT 'a'\r\n  -- x\r\n'; " + DROP + "; --'",
        "SELECT E'a'\n'\\'; " + DROP + "; --'",
        "SELECT 'a' /* x */\n'; " + DROP + "; --'",
        "SELECT 1 AS \"; " + DROP + "; '\"; SELECT 2",
        "SELECT B'1'\n'0'; SELECT X'1F'; SELECT B'\\'; " + DROP + "; --'",
        "SELECT U&'d!0061t' /* c */ UESCAPE '!'; SELECT 2",
        "SELECT 1 AS U&\"\\0061\" UESCAPE '\\'; " + DROP + "; --'",
        "SELECT $$a$$; SELECT 'it''s'; SELECT e'\\x41'; SELECT n'x'",
        "SELECT 0x1F, 0o17, 0b101, 1_000, .5, 1.5e3, 5.; SELECT 1",
        ";; SELECT 1;;; SELECT 2;",
        " -- nothing\n ; /* at all */ ;",
        "",
        "CREATE OR REPLACE FUNCTION lexer_f() RETURNS int LANGUAGE sql BEGIN ATOMIC"
            + " SELECT 1 end; SELECT CASE WHEN true THEN 2 END; END; SELECT 3",
        "CREATE OR REPLACE FUNCTION lexer_g(begin int) RETURNS int LANGUAGE sql RETURN begin;"
            + " SELECT 4",
        "CREATE OR REPLACE PROCEDURE lexer_p() LANGUAGE sql BEGIN /* x */ ATOMIC SELECT 1;"
            + " SELECT begin atomic FROM (SELECT 1 AS begin) t; END; SELECT 5",
        "CREATE OR REPLACE FUNCTION lexer_h() RETURNS int LANGUAGE sql BEGIN ATOMIC"
            + " SELECT t.end FROM (SELECT 1 AS end) t; END; SELECT 6",
        "SELECT begin atomic FROM (SELECT 1 AS begin) t; BEGIN; SELECT 1; END",
        "SELECT (1; " + DROP + ")",
        "SET standard_conforming_strings = off; SELECT 'a\\'; " + DROP + "; --'",
        "SET standard_conforming_strings = on; SELECT 'a\\'; " + DROP + "; --'",
        "SELECT 'abc; " + DROP,
        "SELECT $$a; " + DROP,
        "SELECT $a$ $$; " + DROP + "; $b$",
        "SELECT /* a; /* */ " + DROP,
        "SELECT \"a; " + DROP,
        "SELECT E'\\'; " + DROP,
        "SELECT 1; SELECT U&'\\d83d'; " + DROP,
        "SELECT 1; SELECT 1abc; " + DROP);
  }

  @ParameterizedTest
  @MethodSource("trickyQueries")
  void standardConformingStringsOn(String sql) throws IOException {
    check(on, sql, true);
  }

  @ParameterizedTest
  @MethodSource("trickyQueries")
  void standardConformingStringsOff(String sql) throws IOException {
    check(off, sql, false);
  }

  @Test
  void randomQueriesSplitLikeTheServer() throws IOException {
    for (boolean scs : new boolean[] {true, false}) {
      // -Dlexer.fuzz.seed and -Dlexer.fuzz.queries run a longer or different search by hand.
      Random random = new Random(Long.getLong("lexer.fuzz.seed", 4242) + (scs ? 0 : 1));
      int[] results = new int[Result.values().length];
      for (int i = 0; i < Integer.getInteger("lexer.fuzz.queries", 300); i++) {
        results[check(scs ? on : off, randomQuery(random), scs).ordinal()]++;
      }
      // The alphabet is tuned so that all three cases happen often enough to mean something.
      String counts = "accepted, failed, unterminated: " + Arrays.toString(results);
      assertThat(results[Result.ACCEPTED.ordinal()]).as(counts).isGreaterThan(90);
      assertThat(results[Result.FAILED.ordinal()]).as(counts).isGreaterThan(20);
      assertThat(results[Result.UNTERMINATED.ordinal()]).as(counts).isGreaterThan(40);
    }
  }

  /** Characters and pairs that end or start strings, comments and statements. */
  private static final String[] FRAGMENTS = {
    ";",
    ";",
    "'",
    "''",
    "\\",
    "\\'",
    "$",
    "$$",
    "$x$",
    "$1x$",
    "\"",
    "--",
    "/*",
    "*/",
    "\n",
    "\r",
    " ",
    "x",
    "E'",
    "U&'",
    "select 1",
  };

  /**
   * A few statements whose literals, identifiers and comments hold random fragments, then maybe a
   * stray fragment somewhere: many are valid, many are near misses the server rejects.
   */
  private static String randomQuery(Random random) {
    StringBuilder sql = new StringBuilder();
    int statements = 1 + random.nextInt(4);
    for (int i = 0; i < statements; i++) {
      sql.append(i == 0 ? "" : random.nextBoolean() ? ";" : ";\n").append("select ");
      sql.append(randomItem(random));
      if (random.nextBoolean()) {
        sql.append(", ").append(randomItem(random));
      }
    }
    if (random.nextInt(10) < 4) {
      sql.insert(random.nextInt(sql.length() + 1), fragment(random));
    }
    return sql.toString();
  }

  private static String fragment(Random random) {
    return FRAGMENTS[random.nextInt(FRAGMENTS.length)];
  }

  private static String randomItem(Random random) {
    StringBuilder text = new StringBuilder();
    for (int n = random.nextInt(6); n > 0; n--) {
      text.append(fragment(random));
    }
    String c = text.toString();
    return switch (random.nextInt(10)) {
      case 0 -> "'" + c.replace("'", "''") + "'";
      case 1 -> "E'" + c.replace("\\", "\\\\").replace("'", "''") + "'";
      case 2 -> "e'" + c.replace("\\", "\\\\").replace("'", "\\'") + "'";
      case 3 -> "$$" + c.replace("$", "") + "$$";
      case 4 -> "$x$" + c.replace("$x$", "") + "$x$";
      case 5 -> "1 AS \"" + c.replace("\"", "\"\"") + "x\"";
      case 6 -> "1 /*" + c.replace("*/", "").replace("/*", "") + "*/";
      case 7 -> "1 --" + c.replace("\n", "").replace("\r", "") + "\n";
      case 8 -> "'" + c.replace("'", "''") + "'\n  '" + c.replace("'", "''") + "'";
      default -> "1 " + c;
    };
  }

  private enum Result {
    ACCEPTED,
    FAILED,
    UNTERMINATED
  }

  /** Runs {@code sql} on the server and checks that it ran what the splitter says. */
  private static Result check(SimpleQueryClient session, String sql, boolean scs)
      throws IOException {
    session.execute("CREATE TABLE IF NOT EXISTS " + CANARY + " (id int)");
    List<LexedStatement> statements = null;
    SqlLexException lexError = null;
    try {
      statements = StatementSplitter.split(sql, scs).statements();
    } catch (SqlLexException e) {
      lexError = e;
    }
    Outcome outcome = session.run(sql);
    // Some queries change the setting; the next one must start from the session's own.
    session.execute("SET standard_conforming_strings = " + (scs ? "on" : "off"));
    String what = (scs ? "on: " : "off: ") + sql.replace("\n", "\\n") + " -> " + outcome;
    if (lexError != null) {
      assertThat(outcome.failed()).as(what + " / we: " + lexError.getMessage()).isTrue();
      assertThat(outcome.tags()).as(what).isEmpty();
      assertThat(outcome.sqlState()).as(what).matches("42...|22...|0A000");
      assertThat(canaryExists(session)).as(what).isTrue();
      return Result.UNTERMINATED;
    }
    List<String> expected = statements.stream().map(StatementSplitterIT::commandOf).toList();
    List<String> ran = outcome.tags().stream().map(StatementSplitterIT::commandOf).toList();
    if (outcome.failed()) {
      // The server ran the first statements, then one failed (or none ran: a syntax error).
      assertThat(expected.size()).as(what).isGreaterThan(ran.size());
      assertThat(expected.subList(0, ran.size())).as(what).isEqualTo(ran);
      return Result.FAILED;
    }
    assertThat(ran).as(what).isEqualTo(expected);
    assertThat(outcome.empty()).as(what).isEqualTo(expected.isEmpty());
    assertThat(canaryExists(session)).as(what).isEqualTo(!expected.contains("DROP"));
    return Result.ACCEPTED;
  }

  private static boolean canaryExists(SimpleQueryClient session) throws IOException {
    return !session.run("SELECT 1 FROM " + CANARY + " LIMIT 0").failed();
  }

  /** The command word of a CommandComplete tag ({@code SELECT 1}, {@code CREATE TABLE}). */
  private static String commandOf(String tag) {
    int space = tag.indexOf(' ');
    return space < 0 ? tag : tag.substring(0, space);
  }

  /** The tag's command word the server sends for a statement. */
  private static String commandOf(LexedStatement statement) {
    String word = statement.firstWord().toUpperCase(Locale.ROOT);
    return switch (word) {
      case "END" -> "COMMIT";
      case "VALUES", "TABLE" -> "SELECT";
      default -> word;
    };
  }
}
