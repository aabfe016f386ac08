package io.dbwarden.sidecar.sql.analysis;

import io.dbwarden.api.policy.Operation;
import java.util.List;
import java.util.Objects;
import net.sf.jsqlparser.statement.Statement;

/**
 * Analyses one SQL statement for governance: what it does, which tables and columns it reads and
 * writes (resolved through the session's search path and the catalog), which functions it calls,
 * where each result column comes from, and the facts guardrails act on. Thread-safe and reusable:
 * it holds no state between calls.
 *
 * <p>How a statement is read:
 *
 * <ol>
 *   <li>Our own tokenizer follows the server's lexical rules (dollar quotes, {@code E''}, nested
 *       comments) and blanks every constant and comment in the text JSqlParser will see, so that
 *       literal values can never influence the result.
 *   <li>Statements whose tokens tell everything (transaction control, SET/SHOW, cursors, COPY,
 *       EXPLAIN, PREPARE, GRANT, DROP...) are recognised from the tokens, since JSqlParser knows
 *       few of them.
 *   <li>The rest is parsed by JSqlParser and walked by visitors that list every node type: whatever
 *       they do not understand makes {@link StatementAnalysis#unknown()} say what it was, and the
 *       statement fails closed.
 * </ol>
 */
public final class StatementAnalyzer {

  /** Parenthesis nesting beyond this is refused rather than risk the parser's stack. */
  private static final int MAX_NESTING = 100;

  /**
   * Analyses one statement.
   *
   * @param statement exactly one statement: no trailing text after an optional {@code ;}, may start
   *     with comments and contain {@code $n} parameters
   * @param scope the session's catalog, search path and temporary tables
   * @param cancellation lets another thread stop the analysis (at its deadline)
   * @return the analysis; {@link StatementAnalysis#understood()} is false when part of the
   *     statement was not understood
   * @throws AnalysisException when the statement cannot be parsed, is empty or is more than one
   *     statement, or when the analysis was cancelled ({@link AnalysisException#timedOut()})
   */
  public StatementAnalysis analyze(
      String statement, AnalysisScope scope, ParseCancellation cancellation)
      throws AnalysisException {
    Objects.requireNonNull(statement, "statement must not be null");
    Objects.requireNonNull(scope, "scope must not be null");
    Objects.requireNonNull(cancellation, "cancellation must not be null");
    try {
      StatementAnalysis analysis = run(statement, scope, cancellation);
      cancellation.check();
      return analysis;
    } catch (AnalysisContext.Cancelled cancelled) {
      throw AnalysisException.timeout();
    } catch (StackOverflowError tooDeep) {
      throw new AnalysisException("cannot parse statement: nested too deeply");
    }
  }

  /** Analyses one statement without a deadline. */
  public StatementAnalysis analyze(String statement, AnalysisScope scope) throws AnalysisException {
    return analyze(statement, scope, new ParseCancellation());
  }

  private StatementAnalysis run(String statement, AnalysisScope scope, ParseCancellation cancel)
      throws AnalysisException {
    cancel.check();
    SqlTokenizer.Result tokenized = SqlTokenizer.tokenize(statement);
    List<SqlToken> tokens = tokenized.tokens();
    checkShape(statement, tokens);
    Facts facts = new Facts(Operation.UTILITY, null);
    AnalysisContext context = new AnalysisContext(scope, facts, cancel, statement, tokens);
    TokenCursor cursor = new TokenCursor(statement, tokens);
    Recognition recognition =
        new Recognition(statement, cursor, context, inner -> run(inner, scope, cancel));
    StatementAnalysis recognised = UtilityRecognizer.recognize(recognition);
    if (recognised != null) {
      return recognised;
    }
    ParserCompatibility.Result compatible =
        ParserCompatibility.adjust(tokens, tokenized.normalized());
    context.selectIntoTemporary = compatible.intoTemporary();
    Statement parsed = JSqlParsing.parse(compatible.text(), depth(tokens), cancel);
    facts.operation = fallbackOperation(tokens.get(0));
    try {
      parsed.accept(new StatementDispatcher(context), null);
    } catch (Unsupported unsupported) {
      facts.unsupported(unsupported.getMessage());
    } catch (AnalysisContext.Cancelled cancelled) {
      throw cancelled;
    } catch (RuntimeException surprise) {
      // a tree shape the visitors did not expect: fail closed rather than fail the connection
      facts.unsupported("unsupported syntax (" + surprise.getClass().getSimpleName() + ")");
    }
    return facts.build();
  }

  /** Exactly one non-empty statement, not absurdly nested. */
  private static void checkShape(String statement, List<SqlToken> tokens) throws AnalysisException {
    if (tokens.isEmpty() || (tokens.size() == 1 && tokens.get(0).isPunctuation(";"))) {
      throw new AnalysisException("cannot parse statement: empty statement");
    }
    for (int i = 0; i < tokens.size() - 1; i++) {
      if (tokens.get(i).isPunctuation(";")) {
        throw AnalysisException.syntax(
            statement, tokens.get(i + 1).start(), "more than one statement");
      }
    }
    if (depth(tokens) > MAX_NESTING) {
      throw new AnalysisException("cannot parse statement: nested too deeply");
    }
  }

  private static int depth(List<SqlToken> tokens) {
    int depth = 0;
    int max = 0;
    for (SqlToken token : tokens) {
      if (token.isPunctuation("(") || token.isPunctuation("[")) {
        max = Math.max(max, ++depth);
      } else if (token.isPunctuation(")") || token.isPunctuation("]")) {
        depth--;
      }
    }
    return max;
  }

  /** What a statement that fails before its kind is known most likely does. */
  private static Operation fallbackOperation(SqlToken first) {
    if (first.kind() != SqlToken.Kind.WORD) {
      return Operation.SELECT;
    }
    return switch (Names.lower(first.text())) {
      case "select", "with", "values", "table" -> Operation.SELECT;
      case "insert" -> Operation.INSERT;
      case "update" -> Operation.UPDATE;
      case "delete" -> Operation.DELETE;
      case "merge" -> Operation.MERGE;
      case "create" -> Operation.CREATE;
      case "alter" -> Operation.ALTER;
      case "refresh" -> Operation.REFRESH;
      case "execute" -> Operation.EXECUTE;
      case "call" -> Operation.CALL;
      default -> Operation.UTILITY;
    };
  }
}
