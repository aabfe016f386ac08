package io.dbwarden.sidecar.sql.analysis;

import io.dbwarden.api.policy.Operation;
import java.util.List;

/**
 * VACUUM, ANALYZE, CLUSTER, REINDEX and LOCK: they act on the relations they name (recorded as
 * written, like the object of DDL), and on all the user's relations when they name none.
 */
final class MaintenanceRecognizer {

  private MaintenanceRecognizer() {}

  static boolean recognize(Recognition r, String word) throws AnalysisException {
    TokenCursor cursor = r.cursor;
    cursor.next();
    switch (word) {
      case "vacuum" -> {
        r.operation(Operation.VACUUM, null);
        options(cursor, "full", "freeze", "verbose", "analyze", "analyse");
        relations(r);
      }
      case "analyze", "analyse" -> {
        r.operation(Operation.ANALYZE, null);
        options(cursor, "verbose");
        relations(r);
      }
      case "cluster" -> cluster(r);
      case "reindex" -> reindex(r);
      case "lock" -> lock(r);
      default -> {
        return false;
      }
    }
    cursor.expectEnd();
    return true;
  }

  /** A parenthesised option list, or the old option words. */
  private static void options(TokenCursor cursor, String... words) throws AnalysisException {
    if (cursor.peekPunctuation("(")) {
      cursor.skipParenthesised();
      return;
    }
    while (cursor.acceptAnyWord(words) != null) {
      // the old syntax lists options as bare words
    }
  }

  private static void relations(Recognition r) throws AnalysisException {
    if (!r.cursor.atEnd()) {
      r.facts.tablesWritten.addAll(r.relations(true));
    }
  }

  /** {@code CLUSTER [VERBOSE] [table [USING index]]}, or the old {@code CLUSTER index ON table}. */
  private static void cluster(Recognition r) throws AnalysisException {
    TokenCursor cursor = r.cursor;
    r.operation(Operation.UTILITY, null);
    options(cursor, "verbose");
    if (cursor.atEnd()) {
      return;
    }
    List<String> first = cursor.qualifiedName();
    if (cursor.acceptWords("on")) {
      r.facts.tablesWritten.add(r.relation());
      return;
    }
    r.facts.tablesWritten.add(r.context.tables.resolve(first));
    if (cursor.acceptWords("using")) {
      cursor.identifier();
    }
  }

  /**
   * {@code REINDEX [(options)] {INDEX | TABLE | SCHEMA | DATABASE | SYSTEM} [CONCURRENTLY] name}.
   */
  private static void reindex(Recognition r) throws AnalysisException {
    TokenCursor cursor = r.cursor;
    r.operation(Operation.UTILITY, null);
    options(cursor);
    String kind = cursor.acceptAnyWord("index", "table", "schema", "database", "system");
    if (kind == null) {
      throw cursor.syntaxError();
    }
    cursor.acceptWords("concurrently");
    if (cursor.atEnd()) {
      return;
    }
    if (kind.equals("index") || kind.equals("table")) {
      r.facts.tablesWritten.add(r.relation());
    } else {
      cursor.identifier();
    }
  }

  /**
   * {@code LOCK [TABLE] name [, ...] [IN mode MODE] [NOWAIT]}. ACCESS SHARE only blocks schema
   * changes and needs SELECT; every stronger mode needs a write privilege and blocks writers.
   */
  private static void lock(Recognition r) throws AnalysisException {
    TokenCursor cursor = r.cursor;
    r.operation(Operation.LOCK, null);
    cursor.acceptWords("table");
    List<TableRef> tables = r.relations(false);
    boolean accessShare = false;
    if (cursor.acceptWords("in")) {
      accessShare = cursor.peekWord("access") && cursor.peekWord(1, "share");
      while (!cursor.atEnd() && !cursor.peekWord("mode")) {
        cursor.identifier();
      }
      cursor.expectWords("mode");
    }
    cursor.acceptWords("nowait");
    if (accessShare) {
      r.facts.tablesRead.addAll(tables);
      r.facts.unlocated.addAll(tables);
    } else {
      r.facts.tablesWritten.addAll(tables);
    }
  }
}
