package io.dbwarden.sidecar.sql.lexer;

/**
 * Finds the semicolons that end statements, which is all of them except those inside the body of a
 * SQL-standard routine: {@code CREATE [OR REPLACE] FUNCTION|PROCEDURE ... BEGIN ATOMIC stmt; ...
 * END} (<a href="https://www.postgresql.org/docs/current/sql-createfunction.html">CREATE
 * FUNCTION</a>).
 *
 * <p>The server's grammar knows where such a body ends; psql guesses by counting BEGIN, CASE and
 * END words, which goes wrong for {@code SELECT 1 end;} or {@code SELECT begin atomic FROM t} (both
 * valid: key words can be column labels). This tracker follows the grammar more closely:
 *
 * <ul>
 *   <li>a body starts at {@code BEGIN ATOMIC} (two consecutive words, outside parentheses) in a
 *       statement that starts with {@code CREATE [OR REPLACE] FUNCTION|PROCEDURE};
 *   <li>the body is a list of statements each ended by {@code ;}, and no statement in it can start
 *       with {@code END} (the legacy {@code END} transaction command is not allowed there), so the
 *       body ends at the first {@code END} that directly follows {@code ;} or {@code ATOMIC};
 *   <li>a statement inside a body may itself create a routine with a body (the server rejects it
 *       later, but the grammar accepts it), so bodies nest.
 * </ul>
 *
 * Fed the significant tokens (no comments) of one query in order; one instance per query.
 */
final class RoutineBodyTracker {

  private static final int EXPECT_CREATE = 0;
  private static final int AFTER_CREATE = 1;
  private static final int AFTER_OR = 2;
  private static final int AFTER_REPLACE = 3;
  private static final int ROUTINE = 4;
  private static final int NOT_ROUTINE = 5;

  /** How far the current statement (inside a body: the current inner one) matches the header. */
  private int header = EXPECT_CREATE;

  private int parenDepth;
  private int bodyDepth;
  private boolean bodyMayEnd;
  private boolean afterBegin;
  private boolean afterDot;

  /** Takes the next significant token; true when it is a semicolon that ends the statement. */
  boolean endsStatement(TokenKind kind, String value) {
    if (kind == TokenKind.SEMICOLON) {
      if (bodyDepth == 0) {
        bodyMayEnd = false;
        startStatement();
        return true;
      }
      startStatement();
      bodyMayEnd = true;
      return false;
    }
    boolean word = kind == TokenKind.IDENTIFIER;
    if (bodyMayEnd && word && value.equals("end")) {
      bodyDepth--;
      bodyMayEnd = false;
      // The routine whose body just ended cannot have another.
      header = NOT_ROUTINE;
      return false;
    }
    bodyMayEnd = false;
    switch (header) {
      case EXPECT_CREATE -> header = word && value.equals("create") ? AFTER_CREATE : NOT_ROUTINE;
      case AFTER_CREATE -> {
        if (word && value.equals("or")) {
          header = AFTER_OR;
        } else {
          header = isRoutine(word, value) ? ROUTINE : NOT_ROUTINE;
        }
      }
      case AFTER_OR -> header = word && value.equals("replace") ? AFTER_REPLACE : NOT_ROUTINE;
      case AFTER_REPLACE -> header = isRoutine(word, value) ? ROUTINE : NOT_ROUTINE;
      case ROUTINE -> routineToken(kind, word, value);
      default -> {}
    }
    return false;
  }

  private static boolean isRoutine(boolean word, String value) {
    return word && (value.equals("function") || value.equals("procedure"));
  }

  private void routineToken(TokenKind kind, boolean word, String value) {
    boolean begin = afterBegin;
    boolean dot = afterDot;
    afterBegin = false;
    afterDot = kind == TokenKind.DOT;
    switch (kind) {
      case LEFT_PAREN, LEFT_BRACKET -> parenDepth++;
      case RIGHT_PAREN, RIGHT_BRACKET -> parenDepth = Math.max(0, parenDepth - 1);
      default -> {
        if (word && parenDepth == 0) {
          if (begin && value.equals("atomic")) {
            bodyDepth++;
            startStatement();
            bodyMayEnd = true;
          } else {
            // "x.begin" is a column, never the start of a body.
            afterBegin = !dot && value.equals("begin");
          }
        }
      }
    }
  }

  private void startStatement() {
    header = EXPECT_CREATE;
    parenDepth = 0;
    afterBegin = false;
    afterDot = false;
  }
}
