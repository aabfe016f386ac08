package io.dbwarden.sidecar.sql.analysis;

import io.dbwarden.api.policy.Operation;
import java.util.List;
import java.util.Set;

/**
 * Statements that wrap another: {@code PREPARE name AS statement}, {@code EXPLAIN statement},
 * {@code DECLARE cursor FOR query}, and {@code DEALLOCATE}, which ends a prepared statement.
 */
final class WrappedStatements {

  /** The single column of EXPLAIN's result. */
  private static final OutputColumn QUERY_PLAN = new OutputColumn("QUERY PLAN", Set.of());

  private WrappedStatements() {}

  /**
   * {@code PREPARE name [(types)] AS statement}: the prepared statement is the inner analysis; the
   * outer one carries nothing else, since nothing runs until EXECUTE.
   */
  static boolean prepare(Recognition r) throws AnalysisException {
    r.cursor.next();
    r.operation(Operation.PREPARE, null);
    r.facts.preparedName = r.cursor.identifier();
    if (r.cursor.peekPunctuation("(")) {
      r.cursor.skipParenthesised();
    }
    r.cursor.expectWords("as");
    StatementAnalysis inner = r.analyzeRest();
    r.facts.inner = inner;
    // the text PREPARE sends is what runs at EXECUTE: its references are rewritten here
    r.facts.references.addAll(inner.references());
    r.facts.unlocated.addAll(inner.unlocated());
    if (!inner.understood()) {
      r.facts.unsupported(inner.unknown());
    }
    return true;
  }

  /**
   * {@code EXPLAIN [(options)] [ANALYZE] [VERBOSE] statement}. The outer analysis carries all the
   * inner one touches: the server checks the same privileges for EXPLAIN as for running the
   * statement, and EXPLAIN ANALYZE does run it.
   */
  static boolean explain(Recognition r) throws AnalysisException {
    r.cursor.next();
    r.operation(Operation.EXPLAIN, null);
    if (r.cursor.peekPunctuation("(")) {
      r.cursor.skipParenthesised();
    } else {
      r.cursor.acceptAnyWord("analyze", "analyse");
      r.cursor.acceptWords("verbose");
    }
    StatementAnalysis inner = r.analyzeRest();
    r.facts.inner = inner;
    r.facts.absorb(inner);
    r.facts.lineage = List.of(QUERY_PLAN);
    return true;
  }

  /**
   * {@code DECLARE name [BINARY] [ASENSITIVE | INSENSITIVE] [[NO] SCROLL] CURSOR [WITH[OUT] HOLD]
   * FOR query}: the cursor returns the query's rows, so it is analysed as that query.
   */
  static StatementAnalysis declare(Recognition r) throws AnalysisException {
    TokenCursor cursor = r.cursor;
    cursor.next();
    cursor.identifier();
    cursor.acceptWords("binary");
    if (cursor.acceptAnyWord("asensitive", "insensitive") == null) {
      cursor.acceptWords("binary");
    }
    cursor.acceptWords("no");
    cursor.acceptWords("scroll");
    cursor.expectWords("cursor");
    if (cursor.acceptAnyWord("with", "without") != null) {
      cursor.expectWords("hold");
    }
    cursor.expectWords("for");
    return r.analyzeRest();
  }

  /** {@code DEALLOCATE [PREPARE] {name | ALL}}; the prepared name is null for ALL. */
  static boolean deallocate(Recognition r) throws AnalysisException {
    r.cursor.next();
    r.operation(Operation.DEALLOCATE, null);
    r.cursor.acceptWords("prepare");
    if (!r.cursor.acceptWords("all")) {
      r.facts.preparedName = r.cursor.identifier();
    }
    r.cursor.expectEnd();
    return true;
  }
}
