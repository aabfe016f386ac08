package io.dbwarden.sidecar.sql.analysis;

import java.util.List;
import java.util.Set;

/**
 * Reads the parts of DDL that JSqlParser keeps as raw text (column constraints, defaults, generated
 * columns, check constraints, table options, index definitions, trigger conditions) for what
 * matters to governance: relations referenced ({@code REFERENCES t}, {@code INHERITS (t)}, {@code
 * LIKE t}, {@code PARTITION OF t}) are read, and every {@code name(} that is not a keyword or a
 * type is taken as a function call. Taking a keyword for a function only adds a harmless name; the
 * server does not allow subqueries in these places, and one is refused here too.
 */
final class DefinitionScanner {

  /** Words followed by a parenthesis in DDL that are not function calls. */
  private static final Set<String> NOT_FUNCTIONS =
      Set.of(
          "check",
          "key",
          "unique",
          "primary",
          "foreign",
          "references",
          "as",
          "identity",
          "exclude",
          "using",
          "with",
          "include",
          "generated",
          "in",
          "not",
          "null",
          "constraint",
          "on",
          "match",
          "where",
          "values",
          "table",
          "inherits",
          "partition",
          "by",
          "range",
          "list",
          "hash",
          "for",
          "from",
          "to",
          "of",
          "set",
          "reset",
          "options",
          "storage",
          "compression",
          "default",
          "and",
          "or",
          "when",
          "then",
          "else",
          "is",
          "distinct",
          "nulls",
          "tablespace",
          "varchar",
          "numeric",
          "decimal",
          "char",
          "character",
          "varying",
          "time",
          "timestamp",
          "interval",
          "bit",
          "float",
          "double",
          "precision",
          "int",
          "integer",
          "bigint",
          "smallint",
          "btree",
          "gist",
          "gin",
          "spgist",
          "brin",
          "array",
          "row",
          "cube",
          "rollup",
          "any",
          "all",
          "some",
          "execute",
          "function",
          "procedure",
          "each",
          "statement",
          "before",
          "after",
          "instead",
          "insert",
          "update",
          "delete",
          "truncate",
          "like",
          "type",
          "cast",
          "collate",
          "only",
          "concurrently",
          "if",
          "exists",
          "index",
          "desc",
          "asc",
          "first",
          "last",
          "enum");

  private final AnalysisContext context;

  DefinitionScanner(AnalysisContext context) {
    this.context = context;
  }

  /** Scans a fragment of definition text. */
  void scan(String fragment) {
    if (fragment == null || fragment.isBlank()) {
      return;
    }
    List<SqlToken> tokens;
    try {
      tokens = SqlTokenizer.tokenize(fragment).tokens();
    } catch (AnalysisException unreadable) {
      throw new Unsupported("definition text not understood");
    }
    ExpressionAnalyzer recorder = context.expressions(Scope.root());
    for (int i = 0; i < tokens.size(); i++) {
      SqlToken token = tokens.get(i);
      if (!token.isIdentifier()) {
        continue;
      }
      String word = token.identifier();
      if (token.kind() == SqlToken.Kind.WORD && word.equals("select")) {
        throw new Unsupported("subquery in a definition");
      }
      if (token.kind() == SqlToken.Kind.WORD
          && (word.equals("references") || word.equals("like") || word.equals("inherits"))) {
        i = relations(tokens, i + 1, word.equals("inherits"));
        continue;
      }
      if (token.kind() == SqlToken.Kind.WORD
          && word.equals("partition")
          && i + 1 < tokens.size()
          && tokens.get(i + 1).isWord("of")) {
        i = relations(tokens, i + 2, false);
        continue;
      }
      int end = qualifiedEnd(tokens, i);
      if (end < tokens.size()
          && tokens.get(end).isPunctuation("(")
          && !(end == i + 1
              && token.kind() == SqlToken.Kind.WORD
              && NOT_FUNCTIONS.contains(word))) {
        recorder.record(functionName(tokens, i, end));
      }
      i = end - 1;
    }
  }

  /** Reads one relation name (or a parenthesised list) starting at {@code i}; returns the end. */
  private int relations(List<SqlToken> tokens, int i, boolean list) {
    int at = i;
    boolean parenthesised = at < tokens.size() && tokens.get(at).isPunctuation("(");
    if (parenthesised) {
      at++;
    }
    do {
      if (at < tokens.size() && tokens.get(at).isPunctuation(",")) {
        at++;
      }
      if (at >= tokens.size() || !tokens.get(at).isIdentifier()) {
        break;
      }
      int end = qualifiedEnd(tokens, at);
      List<String> parts =
          tokens.subList(at, end).stream()
              .filter(SqlToken::isIdentifier)
              .map(SqlToken::identifier)
              .toList();
      TableRef read = context.tables.resolve(parts);
      context.facts.tablesRead.add(read);
      context.facts.unlocated.add(read);
      at = end;
    } while ((list || parenthesised) && at < tokens.size() && tokens.get(at).isPunctuation(","));
    return at - 1;
  }

  private static int qualifiedEnd(List<SqlToken> tokens, int start) {
    int end = start + 1;
    while (end + 1 < tokens.size()
        && tokens.get(end).isPunctuation(".")
        && tokens.get(end + 1).isIdentifier()) {
      end += 2;
    }
    return end;
  }

  private static String functionName(List<SqlToken> tokens, int start, int end) {
    List<String> parts =
        tokens.subList(start, end).stream()
            .filter(SqlToken::isIdentifier)
            .map(SqlToken::text)
            .toList();
    return FunctionNames.normalize(parts);
  }
}
