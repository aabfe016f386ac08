package io.dbwarden.sidecar.sql.analysis;

import io.dbwarden.api.policy.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code COPY table [(columns)] FROM {'file' | PROGRAM 'command' | STDIN} [options]} and {@code
 * COPY {table [(columns)] | (query)} TO {'file' | PROGRAM 'command' | STDOUT} [options]}. Options
 * only shape the data format; {@code COPY ... FROM ... WHERE condition} fails closed.
 */
final class CopyRecognizer {

  private CopyRecognizer() {}

  static boolean copy(Recognition r) throws AnalysisException {
    TokenCursor cursor = r.cursor;
    cursor.next();
    r.operation(Operation.COPY, null);
    StatementAnalysis query = null;
    TableRef table = null;
    int copySource = -1;
    int copySourceEnd = -1;
    List<String> columns = new ArrayList<>();
    if (cursor.peekPunctuation("(")) {
      int open = cursor.position();
      cursor.skipParenthesised();
      int close = cursor.position() - 1;
      query = r.analyzeInner(cursor.tokenAt(open).end(), cursor.tokenAt(close).start());
    } else {
      boolean binary = cursor.acceptWords("binary");
      int nameStart = cursor.position();
      table = r.relation();
      if (cursor.acceptPunctuation("(")) {
        do {
          columns.add(cursor.identifier());
        } while (cursor.acceptPunctuation(","));
        cursor.expectPunctuation(")");
      }
      copySource = binary ? -1 : nameStart;
      copySourceEnd = cursor.position();
    }
    boolean from = cursor.acceptWords("from");
    if (!from) {
      cursor.expectWords("to");
    }
    if (from && query != null) {
      throw cursor.syntaxError();
    }
    endpoint(r, from);
    options(r);
    if (query != null) {
      r.facts.absorb(query);
      r.facts.lineage = query.lineage();
    } else if (from) {
      r.facts.features.add(Feature.COPY_FROM);
      r.facts.tablesWritten.add(table);
      r.facts.columnsWritten.addAll(columns(r, table, columns));
    } else {
      r.facts.tablesRead.add(table);
      if (copySource >= 0) {
        r.facts.references.add(
            new TableReference(
                table, copySource, copySourceEnd, false, TableReference.Kind.COPY_TABLE));
      } else {
        r.facts.unlocated.add(table);
      }
      List<OutputColumn> lineage = new ArrayList<>();
      for (ColumnRef column : columns(r, table, columns)) {
        r.facts.columnsRead.add(column);
        lineage.add(new OutputColumn(column.column(), Set.of(column)));
      }
      r.facts.lineage = lineage;
    }
    return true;
  }

  /** STDIN / STDOUT, a file on the server, or a program the server runs. */
  private static void endpoint(Recognition r, boolean from) throws AnalysisException {
    TokenCursor cursor = r.cursor;
    if (cursor.acceptWords(from ? "stdin" : "stdout")) {
      return;
    }
    if (cursor.acceptWords("program")) {
      r.facts.features.add(Feature.COPY_PROGRAM);
    } else {
      r.facts.features.add(Feature.COPY_SERVER_FILE);
    }
    SqlToken target = cursor.next();
    if (target.kind() != SqlToken.Kind.STRING) {
      cursor.reset(cursor.position() - 1);
      throw cursor.syntaxError();
    }
  }

  /** {@code [WITH] (option value, ...)} or the old {@code CSV HEADER DELIMITER ','} words. */
  private static void options(Recognition r) throws AnalysisException {
    TokenCursor cursor = r.cursor;
    while (!cursor.atEnd()) {
      if (cursor.peekWord("where")) {
        throw new Unsupported("COPY ... WHERE is not supported");
      }
      if (cursor.peekPunctuation("(")) {
        cursor.skipParenthesised();
        continue;
      }
      SqlToken token = cursor.next();
      boolean allowed =
          token.isIdentifier()
              || token.kind() == SqlToken.Kind.STRING
              || token.kind() == SqlToken.Kind.NUMBER
              || token.isPunctuation(",")
              || (token.kind() == SqlToken.Kind.OPERATOR && token.text().equals("*"));
      if (!allowed) {
        cursor.reset(cursor.position() - 1);
        throw cursor.syntaxError();
      }
    }
  }

  private static List<ColumnRef> columns(Recognition r, TableRef table, List<String> listed) {
    List<String> names = listed;
    if (names.isEmpty()) {
      names = new FromAnalyzer(r.context).knownColumns(table);
      if (names == null) {
        // Not in the catalog: "*" stands for all of its columns.
        return List.of(new ColumnRef(table, "*"));
      }
    }
    List<ColumnRef> refs = new ArrayList<>(names.size());
    for (String name : names) {
      refs.add(new ColumnRef(table, name));
    }
    return refs;
  }
}
