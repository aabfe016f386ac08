package io.dbwarden.sidecar.policy;

import io.dbwarden.sidecar.catalog.CatalogService;
import io.dbwarden.sidecar.proxy.SessionInfo;
import io.dbwarden.sidecar.sql.analysis.AnalysisCache;
import io.dbwarden.sidecar.sql.analysis.AnalysisScope;
import io.dbwarden.sidecar.sql.analysis.StatementAnalysis;
import io.dbwarden.sidecar.sql.analysis.TableRef;
import io.dbwarden.sidecar.sql.lexer.LexedStatement;
import io.dbwarden.sidecar.sql.lexer.SqlLexException;
import io.dbwarden.sidecar.sql.lexer.StatementSplitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Why the decision step decides a query as it does, for people ({@code kubectl dbwarden explain}):
 * the decision itself, exactly as the proxy takes it, and for each statement what each step says of
 * it under each policy on its own. The decision stops at the first step that refuses; the steps are
 * all asked, so the explanation also shows what a later step would have said.
 *
 * @param decision the decision, as the proxy takes it for a fresh session
 * @param statements each statement's steps, in the order of the query; empty when the query could
 *     not be split into statements (the decision says why)
 */
public record Explanation(Decision decision, List<StatementSteps> statements) {

  public Explanation {
    statements = List.copyOf(statements);
  }

  /**
   * One statement and what each policy's steps say of it. The steps judge the statement on its own,
   * under the session's default search path; the decision also counts what earlier statements of
   * the same query change (a {@code SET search_path}, a {@code PREPARE}).
   *
   * @param text the statement with its literals replaced by placeholders
   * @param operation what it does, e.g. {@code SELECT}; null when it could not be analysed
   * @param tablesRead tables it reads, {@code schema.table}
   * @param tablesWritten tables it writes
   * @param columnsRead columns it reads, {@code schema.table.column}
   * @param policies each policy's steps, in name order; empty when it could not be analysed
   */
  public record StatementSteps(
      String text,
      String operation,
      List<String> tablesRead,
      List<String> tablesWritten,
      List<String> columnsRead,
      List<PolicySteps> policies) {

    public StatementSteps {
      tablesRead = List.copyOf(tablesRead);
      tablesWritten = List.copyOf(tablesWritten);
      columnsRead = List.copyOf(columnsRead);
      policies = List.copyOf(policies);
    }
  }

  /**
   * What each step of one policy says of one statement; a null step had nothing to say.
   *
   * @param policy the policy
   * @param cannotJudge a refusal because the statement cannot be seen through (a DO block, syntax
   *     the analysis does not handle...) and the policy does not fail open for it
   * @param guardrail the guardrail that refuses the statement or holds it for approval
   * @param permission the permissions' answer: a denial, or an allowance naming the rules that
   *     grant it ({@code default} for the default action) with their row limit; null when the
   *     statement needs no grant (BEGIN, SET, SHOW...)
   * @param approval the approval rule that holds the statement for a person's decision
   */
  public record PolicySteps(
      CompiledPolicy policy,
      Decision cannotJudge,
      Decision guardrail,
      Decision permission,
      Decision approval) {}

  /** Explains {@code sql} for {@code session}, which must be fresh: deciding changes its state. */
  static CompletableFuture<Explanation> of(
      PolicyDecider decider,
      AnalysisCache analyses,
      CatalogService catalogs,
      SessionInfo session,
      String sql) {
    List<LexedStatement> statements;
    try {
      statements = StatementSplitter.split(sql, true).statements();
    } catch (SqlLexException e) {
      statements = List.of();
    }
    List<LexedStatement> split = statements;
    List<StatementJudge> judges =
        decider.policies().members().stream().map(StatementJudge::new).toList();
    CompletableFuture<List<StatementSteps>> steps =
        catalogs
            .catalog(session.database())
            .thenCompose(
                database -> {
                  AnalysisScope scope =
                      new AnalysisScope(database.catalog(), database.defaultSearchPath(), Set.of());
                  List<CompletableFuture<StatementSteps>> each = new ArrayList<>();
                  for (LexedStatement statement : split) {
                    each.add(
                        analyses
                            .analysis(statement.normalized(), statement.text(), scope)
                            .handle(
                                (analysis, failure) ->
                                    steps(session, judges, statement, analysis, split.size())));
                  }
                  return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                      .thenApply(done -> each.stream().map(CompletableFuture::join).toList());
                });
    return decider
        .decide(session, new StatementRequest(sql, StatementRequest.Protocol.SIMPLE))
        .toCompletableFuture()
        .thenCombine(steps, Explanation::new);
  }

  private static StatementSteps steps(
      SessionInfo session,
      List<StatementJudge> judges,
      LexedStatement statement,
      StatementAnalysis analysis,
      int statementsInQuery) {
    if (analysis == null) {
      return new StatementSteps(
          statement.redacted(), null, List.of(), List.of(), List.of(), List.of());
    }
    List<PolicySteps> policies =
        judges.stream()
            .map(judge -> judge.steps(session.identity(), analysis, statementsInQuery))
            .toList();
    return new StatementSteps(
        statement.redacted(),
        analysis.operation().name(),
        names(analysis.tablesRead()),
        names(analysis.tablesWritten()),
        analysis.columnsRead().stream().map(Object::toString).sorted().toList(),
        policies);
  }

  private static List<String> names(Set<TableRef> tables) {
    return tables.stream().sorted().map(TableRef::toString).collect(Collectors.toList());
  }
}
