package io.dbwarden.sidecar.sql.lexer;

import java.util.List;

/**
 * The statements of one simple-protocol Query, in the order the server runs them.
 *
 * @param statements the non-empty statements; none when the Query holds only whitespace, comments
 *     and semicolons (the server answers EmptyQueryResponse then)
 * @param settingSensitive whether lexing the Query with the other value of {@code
 *     standard_conforming_strings} gives other statements or other tokens. Such a Query must be
 *     refused while a change of the setting may be in flight (a pipelined {@code SET}), since the
 *     server could then split it differently from the proxy.
 */
public record SplitQuery(List<LexedStatement> statements, boolean settingSensitive) {

  public SplitQuery {
    statements = List.copyOf(statements);
  }

  public boolean isEmpty() {
    return statements.isEmpty();
  }
}
