package io.dbwarden.sidecar.sql.analysis;

import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.parser.SimpleNode;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.schema.Table;

/**
 * Everything the visitors of one statement share: where names resolve, what has been found, and the
 * cancellation to honour.
 */
final class AnalysisContext {

  final AnalysisScope session;
  final TableNames tables;
  final Facts facts;
  final ParseCancellation cancellation;

  /** The statement's tokens (comments left out), for locating names in the text. */
  private final List<SqlToken> tokens;

  /** The statement's text; the parser's positions point into it. */
  private final String sourceText;

  /** The statement's outermost query, the only place where {@code SELECT ... INTO} is allowed. */
  Object topLevelQuery;

  /** {@code SELECT ... INTO TEMP}: the words were hidden from JSqlParser, the meaning kept here. */
  boolean selectIntoTemporary;

  AnalysisContext(
      AnalysisScope session,
      Facts facts,
      ParseCancellation cancellation,
      String sourceText,
      List<SqlToken> tokens) {
    this.sourceText = sourceText;
    this.tokens = tokens;
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

  /**
   * Records where a FROM item names a stored relation. The parser's node gives the position of the
   * name's first token; the name is then checked token by token against what was resolved, and a
   * name that cannot be found with certainty makes the relation {@link Facts#unlocated}.
   */
  void located(Table table, TableRef ref, boolean aliased) {
    int start = firstToken(table);
    List<String> parts = Names.parts(table);
    int end = start < 0 ? -1 : nameEnd(start, parts);
    if (end < 0) {
      facts.unlocated.add(ref);
      return;
    }
    facts.references.add(
        new TableReference(ref, start, end, aliased, TableReference.Kind.FROM_ITEM));
  }

  /** The index of the token the parser's node for this name starts at, or -1. */
  private int firstToken(Table table) {
    SimpleNode node = table.getASTNode();
    if (node == null || node.jjtGetFirstToken() == null) {
      return -1;
    }
    Token first = node.jjtGetFirstToken();
    int offset = offset(first.beginLine, first.beginColumn);
    if (offset < 0) {
      return -1;
    }
    for (int i = 0; i < tokens.size(); i++) {
      SqlToken token = tokens.get(i);
      if (token.start() == offset) {
        return token.text().equals(first.image) ? i : -1;
      }
      if (token.start() > offset) {
        return -1;
      }
    }
    return -1;
  }

  /**
   * Converts the parser's line and column (both from 1, a tab counting as one column) into an
   * offset; the token found there is compared with the parser's token, so a different way of
   * counting never goes unnoticed.
   */
  private int offset(int line, int column) {
    if (tokens.isEmpty()) {
      return -1;
    }
    String text = sourceText;
    int current = 1;
    int i = 0;
    while (current < line && i < text.length()) {
      if (text.charAt(i) == '\n') {
        current++;
      }
      i++;
    }
    return current == line ? i + column - 1 : -1;
  }

  /** Where a dotted name made of {@code parts} that starts at token {@code start} ends, or -1. */
  int nameEnd(int start, List<String> parts) {
    int at = start;
    for (int p = 0; p < parts.size(); p++) {
      if (p > 0) {
        if (at >= tokens.size() || !tokens.get(at).isPunctuation(".")) {
          return -1;
        }
        at++;
      }
      if (at >= tokens.size()) {
        return -1;
      }
      SqlToken token = tokens.get(at);
      boolean name =
          token.kind() == SqlToken.Kind.WORD || token.kind() == SqlToken.Kind.QUOTED_IDENTIFIER;
      if (!name || !Names.fold(token.text()).equals(parts.get(p))) {
        return -1;
      }
      at++;
    }
    return at;
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
