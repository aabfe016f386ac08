package io.dbwarden.sidecar.masking;

import io.dbwarden.sidecar.masking.classify.SqlNames;
import io.dbwarden.sidecar.sql.analysis.TableRef;
import io.dbwarden.sidecar.sql.analysis.TableReference;
import io.dbwarden.sidecar.sql.lexer.LexedStatement;
import io.dbwarden.sidecar.sql.lexer.Token;
import io.dbwarden.sidecar.sql.lexer.TokenKind;
import java.util.List;
import java.util.Map;

/**
 * Masking at the source: rewrites a statement's text so that every reference to a protected
 * relation reads a masking subquery instead ({@code FROM customers c} becomes {@code FROM (SELECT
 * id, <masked email> AS email, ... FROM public.customers) c}). Every read of the relation then goes
 * through the subquery, so select lists, functions, casts and their error messages, predicates,
 * ordering, grouping, joins, whole-row references and {@code COPY} all see masked values only.
 *
 * <p>The text is changed by substitution at token positions, everything else stays byte for byte as
 * the client wrote it. A reference whose tokens do not spell the relation's name is not rewritten
 * but refused ({@link MaskingException}).
 */
public final class MaskingRewriter {

  private MaskingRewriter() {}

  /**
   * @param statement the statement as the client sent it
   * @param references where it names relations, from its analysis
   * @param masks the protected relations
   * @return the rewritten text, or the statement's own text when no reference is protected
   * @throws MaskingException when a reference cannot be rewritten with certainty
   */
  public static String rewrite(
      LexedStatement statement,
      List<TableReference> references,
      Map<TableRef, TableMask> masks,
      HashKey key)
      throws MaskingException {
    List<Token> tokens = statement.significantTokens();
    String text = statement.text();
    StringBuilder out = new StringBuilder(text.length() + 256);
    int copied = 0;
    int lastEnd = -1;
    for (TableReference reference : references) {
      TableMask mask = masks.get(reference.table());
      if (mask == null) {
        continue;
      }
      if (reference.start() < lastEnd || reference.end() > tokens.size()) {
        throw new MaskingException("overlapping or misplaced reference to " + reference.table());
      }
      int nameEnd = reference.end();
      String columnList = null;
      if (reference.kind() == TableReference.Kind.COPY_TABLE
          && tokens.get(nameEnd - 1).kind() == TokenKind.RIGHT_PAREN) {
        int open = nameEnd - 1;
        while (open > reference.start() && tokens.get(open).kind() != TokenKind.LEFT_PAREN) {
          open--;
        }
        if (open <= reference.start() || open + 1 >= nameEnd - 1) {
          throw new MaskingException("cannot read the column list of COPY " + reference.table());
        }
        columnList = text.substring(tokens.get(open + 1).start(), tokens.get(nameEnd - 1).start());
        nameEnd = open;
      }
      checkName(tokens, reference.start(), nameEnd, reference.table());
      Token first = tokens.get(reference.start());
      Token last = tokens.get(reference.end() - 1);
      out.append(text, copied, first.start());
      String subquery = mask.subquery(key);
      String alias = SqlNames.quote(reference.table().name());
      if (reference.kind() == TableReference.Kind.COPY_TABLE) {
        out.append("(SELECT ")
            .append(columnList == null ? "*" : columnList)
            .append(" FROM ")
            .append(subquery)
            .append(" AS ")
            .append(alias)
            .append(')');
      } else {
        out.append(subquery);
        if (!reference.aliased()) {
          out.append(" AS ").append(alias);
        }
      }
      copied = last.end();
      lastEnd = reference.end();
    }
    if (copied == 0) {
      return text;
    }
    return out.append(text, copied, text.length()).toString();
  }

  /** The tokens must be {@code name} or {@code schema . name}, ending with the relation's name. */
  private static void checkName(List<Token> tokens, int start, int end, TableRef table)
      throws MaskingException {
    boolean expectName = true;
    for (int i = start; i < end; i++) {
      Token token = tokens.get(i);
      boolean name =
          token.kind() == TokenKind.IDENTIFIER || token.kind() == TokenKind.QUOTED_IDENTIFIER;
      if (expectName != name || (!expectName && token.kind() != TokenKind.DOT)) {
        throw new MaskingException("unexpected tokens where " + table + " is named");
      }
      expectName = !expectName;
    }
    Token last = tokens.get(end - 1);
    if (expectName || !last.value().equals(table.name())) {
      throw new MaskingException("the reference to " + table + " is not where it was found");
    }
  }

  /** Replaces each statement's text in the query it came from. */
  public static String replaceStatements(
      String query, List<LexedStatement> statements, List<String> texts) {
    StringBuilder out = new StringBuilder(query.length() + 512);
    int copied = 0;
    for (int i = 0; i < statements.size(); i++) {
      LexedStatement statement = statements.get(i);
      String text = texts.get(i);
      if (text == null || text.equals(statement.text())) {
        continue;
      }
      out.append(query, copied, statement.offset()).append(text);
      copied = statement.offset() + statement.text().length();
    }
    return out.append(query, copied, query.length()).toString();
  }
}
