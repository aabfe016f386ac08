package io.dbwarden.sidecar.sql.analysis;

import net.sf.jsqlparser.expression.Expression;

/**
 * Everything the visitors of one statement share: where names resolve, what has been found, and the
 * cancellation to honour.
 */
final class AnalysisContext {

  final AnalysisScope session;
  final TableNames tables;
  final Facts facts;
  final ParseCancellation cancellation;

  /** The statement's outermost query, the only place where {@code SELECT ... INTO} is allowed. */
  Object topLevelQuery;

  /** {@code SELECT ... INTO TEMP}: the words were hidden from JSqlParser, the meaning kept here. */
  boolean selectIntoTemporary;

  AnalysisContext(AnalysisScope session, Facts facts, ParseCancellation cancellation) {
    this.session = session;
    this.tables = new TableNames(session);
    this.facts = facts;
    this.cancellation = cancellation;
  }

  ExpressionAnalyzer expressions(Scope scope) {
    return new ExpressionAnalyzer(this, scope);
  }

  QueryAnalyzer queries() {
    return new QueryAnalyzer(this);
  }

  WriteAnalyzer writes() {
    return new WriteAnalyzer(this);
  }

  /** Reads of an expression whose value goes nowhere (WHERE, ON, ORDER BY...). */
  void read(Expression expression, Scope scope) {
    if (expression != null) {
      expressions(scope).analyze(expression);
    }
  }

  /** Honours a cancellation between steps of a long analysis. */
  void checkCancelled() {
    if (cancellation.isCancelled()) {
      throw new Cancelled();
    }
  }

  /** Unwinds the visitors when the analysis was cancelled. */
  static final class Cancelled extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Cancelled() {
      super(null, null, false, false);
    }
  }
}
