package io.dbwarden.sidecar.sql.analysis;

import io.dbwarden.api.policy.Operation;
import java.util.ArrayList;
import java.util.List;

/**
 * One statement being recognised from its tokens: the cursor over them, the facts found, and a way
 * to analyse a statement embedded in it ({@code PREPARE ... AS}, {@code EXPLAIN}, {@code COPY
 * (query)}).
 */
final class Recognition {

  /** Analyses an embedded statement with the same session and cancellation. */
  @FunctionalInterface
  interface InnerAnalysis {
    StatementAnalysis analyze(String statement) throws AnalysisException;
  }

  final String sql;
  final TokenCursor cursor;
  final AnalysisContext context;
  final Facts facts;
  private final InnerAnalysis inner;

  Recognition(String sql, TokenCursor cursor, AnalysisContext context, InnerAnalysis inner) {
    this.sql = sql;
    this.cursor = cursor;
    this.context = context;
    this.facts = context.facts;
    this.inner = inner;
  }

  void operation(Operation operation, ObjectKind kind) {
    facts.operation = operation;
    facts.objectKind = kind;
  }

  /**
   * Analyses the text between two offsets as a statement of its own. Everything outside is blanked
   * rather than cut, so that positions in errors still point into the whole statement.
   */
  StatementAnalysis analyzeInner(int from, int to) throws AnalysisException {
    char[] text = sql.toCharArray();
    for (int i = 0; i < text.length; i++) {
      if ((i < from || i >= to) && text[i] != '\n' && text[i] != '\r') {
        text[i] = ' ';
      }
    }
    int before = 0;
    while (before < cursor.size() && cursor.tokenAt(before).start() < from) {
      before++;
    }
    // the embedded statement's token positions count from its own first token
    return inner.analyze(new String(text)).shifted(before);
  }

  /** Analyses the rest of the statement, from the current token on. */
  StatementAnalysis analyzeRest() throws AnalysisException {
    if (cursor.atEnd()) {
      throw cursor.syntaxError();
    }
    int end = cursor.tokenAt(cursor.size() - 1).end();
    return analyzeInner(cursor.offset(), end);
  }

  /** An existing relation's name at the cursor, resolved through the search path. */
  TableRef relation() throws AnalysisException {
    return context.tables.resolve(cursor.qualifiedName());
  }

  /**
   * A comma-separated list of relations, each optionally preceded by {@code ONLY}, followed by
   * {@code *} or by a column list.
   */
  List<TableRef> relations(boolean columnLists) throws AnalysisException {
    List<TableRef> relations = new ArrayList<>();
    do {
      cursor.acceptWords("only");
      relations.add(relation());
      SqlToken next = cursor.peek();
      if (next != null && next.kind() == SqlToken.Kind.OPERATOR && next.text().equals("*")) {
        cursor.next();
      }
      if (columnLists && cursor.peekPunctuation("(")) {
        cursor.skipParenthesised();
      }
    } while (cursor.acceptPunctuation(","));
    return relations;
  }

  /** Skips names until one of the given words (or the end); for object lists not analysed. */
  void skipUntil(String... words) throws AnalysisException {
    while (!cursor.atEnd()) {
      for (String word : words) {
        if (cursor.peekWord(word)) {
          return;
        }
      }
      if (cursor.peekPunctuation("(")) {
        cursor.skipParenthesised();
      } else {
        cursor.next();
      }
    }
  }

  /** Everything left only names things (words, constants, commas): nothing to analyse. */
  void expectSimpleRest() throws AnalysisException {
    while (!cursor.atEnd()) {
      SqlToken token = cursor.peek();
      boolean simple =
          switch (token.kind()) {
            case WORD, QUOTED_IDENTIFIER, STRING, NUMBER -> true;
            case OPERATOR ->
                token.text().equals("-") || token.text().equals("+") || token.text().equals("=");
            case PUNCTUATION -> token.text().equals(",") || token.text().equals(".");
            default -> false;
          };
      if (!simple) {
        throw cursor.syntaxError();
      }
      cursor.next();
    }
  }
}
