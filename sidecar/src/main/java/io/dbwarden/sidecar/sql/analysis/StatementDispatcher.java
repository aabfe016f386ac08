package io.dbwarden.sidecar.sql.analysis;

import io.dbwarden.api.policy.Operation;
import java.util.List;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.statement.Block;
import net.sf.jsqlparser.statement.Commit;
import net.sf.jsqlparser.statement.CreateFunctionalStatement;
import net.sf.jsqlparser.statement.DeclareStatement;
import net.sf.jsqlparser.statement.DescribeStatement;
import net.sf.jsqlparser.statement.ExplainStatement;
import net.sf.jsqlparser.statement.IfElseStatement;
import net.sf.jsqlparser.statement.PurgeStatement;
import net.sf.jsqlparser.statement.ResetStatement;
import net.sf.jsqlparser.statement.RollbackStatement;
import net.sf.jsqlparser.statement.SavepointStatement;
import net.sf.jsqlparser.statement.SetStatement;
import net.sf.jsqlparser.statement.ShowColumnsStatement;
import net.sf.jsqlparser.statement.ShowStatement;
import net.sf.jsqlparser.statement.StatementVisitor;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.UnsupportedStatement;
import net.sf.jsqlparser.statement.UseStatement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterSession;
import net.sf.jsqlparser.statement.alter.AlterSystemStatement;
import net.sf.jsqlparser.statement.alter.RenameTableStatement;
import net.sf.jsqlparser.statement.alter.sequence.AlterSequence;
import net.sf.jsqlparser.statement.analyze.Analyze;
import net.sf.jsqlparser.statement.comment.Comment;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.schema.CreateSchema;
import net.sf.jsqlparser.statement.create.sequence.CreateSequence;
import net.sf.jsqlparser.statement.create.synonym.CreateSynonym;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.view.AlterView;
import net.sf.jsqlparser.statement.create.view.CreateView;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.delete.ParenthesedDelete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.execute.Execute;
import net.sf.jsqlparser.statement.grant.Grant;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.ParenthesedInsert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.refresh.RefreshMaterializedViewStatement;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.show.ShowIndexStatement;
import net.sf.jsqlparser.statement.show.ShowTablesStatement;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.statement.update.ParenthesedUpdate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.upsert.Upsert;

/**
 * Dispatches a parsed statement to the analysis of its kind. Every JSqlParser statement type is
 * listed: the kinds PostgreSQL does not have, and the ones our own recognisers take before
 * JSqlParser sees them (SET, SHOW, transaction control, DROP, TRUNCATE, GRANT, COMMENT...), fail
 * closed here.
 */
final class StatementDispatcher implements StatementVisitor<Void> {

  private final AnalysisContext context;
  private final Facts facts;

  StatementDispatcher(AnalysisContext context) {
    this.context = context;
    this.facts = context.facts;
  }

  @Override
  public <S> Void visit(Select select, S unused) {
    facts.operation = Operation.SELECT;
    context.topLevelQuery = select;
    facts.lineage = context.queries().analyze(select, Scope.root());
    if (facts.operation == Operation.CREATE) {
      // SELECT ... INTO returns no rows
      facts.lineage = List.of();
    }
    return null;
  }

  @Override
  public <S> Void visit(Insert insert, S unused) {
    facts.operation = Operation.INSERT;
    facts.lineage = context.writes().insert(insert, Scope.root());
    return null;
  }

  @Override
  public <S> Void visit(Update update, S unused) {
    facts.operation = Operation.UPDATE;
    facts.lineage = context.writes().update(update, Scope.root());
    return null;
  }

  @Override
  public <S> Void visit(Delete delete, S unused) {
    facts.operation = Operation.DELETE;
    facts.lineage = context.writes().delete(delete, Scope.root());
    return null;
  }

  @Override
  public <S> Void visit(Merge merge, S unused) {
    facts.operation = Operation.MERGE;
    context.writes().merge(merge, Scope.root());
    return null;
  }

  @Override
  public <S> Void visit(CreateTable create, S unused) {
    new DdlAnalyzer(context).createTable(create);
    return null;
  }

  @Override
  public <S> Void visit(CreateView create, S unused) {
    new DdlAnalyzer(context).createView(create);
    return null;
  }

  @Override
  public <S> Void visit(Alter alter, S unused) {
    new DdlAnalyzer(context).alterTable(alter);
    return null;
  }

  @Override
  public <S> Void visit(CreateSchema create, S unused) {
    new DdlAnalyzer(context).createSchema(create);
    return null;
  }

  @Override
  public <S> Void visit(CreateFunctionalStatement create, S unused) {
    new DdlAnalyzer(context).createFunction(create);
    return null;
  }

  @Override
  public <S> Void visit(RefreshMaterializedViewStatement refresh, S unused) {
    new DdlAnalyzer(context).refresh(refresh);
    return null;
  }

  @Override
  public <S> Void visit(Execute execute, S unused) {
    ExpressionAnalyzer arguments = context.expressions(Scope.root());
    switch (execute.getExecType()) {
      case EXECUTE -> {
        facts.operation = Operation.EXECUTE;
        facts.preparedName = Names.fold(execute.getName());
      }
      case CALL -> {
        facts.operation = Operation.CALL;
        arguments.record(FunctionNames.join(Names.split(execute.getName())));
      }
      default -> throw Unsupported.node("statement", execute);
    }
    ExpressionList<?> list = execute.getExprList();
    if (list != null) {
      arguments.analyze(list);
    }
    return null;
  }

  // ---- taken by our recognisers before JSqlParser: reaching here means a form they refused ----

  private Void notRecognised(Object statement) {
    throw Unsupported.node("statement", statement);
  }

  @Override
  public <S> Void visit(Analyze analyze, S unused) {
    return notRecognised(analyze);
  }

  @Override
  public <S> Void visit(SavepointStatement savepoint, S unused) {
    return notRecognised(savepoint);
  }

  @Override
  public <S> Void visit(RollbackStatement rollback, S unused) {
    return notRecognised(rollback);
  }

  @Override
  public <S> Void visit(Commit commit, S unused) {
    return notRecognised(commit);
  }

  @Override
  public <S> Void visit(Comment comment, S unused) {
    return notRecognised(comment);
  }

  @Override
  public <S> Void visit(Drop drop, S unused) {
    return notRecognised(drop);
  }

  @Override
  public <S> Void visit(Truncate truncate, S unused) {
    return notRecognised(truncate);
  }

  @Override
  public <S> Void visit(CreateIndex create, S unused) {
    return notRecognised(create);
  }

  @Override
  public <S> Void visit(SetStatement set, S unused) {
    return notRecognised(set);
  }

  @Override
  public <S> Void visit(ResetStatement reset, S unused) {
    return notRecognised(reset);
  }

  @Override
  public <S> Void visit(ShowStatement show, S unused) {
    return notRecognised(show);
  }

  @Override
  public <S> Void visit(ExplainStatement explain, S unused) {
    return notRecognised(explain);
  }

  @Override
  public <S> Void visit(DeclareStatement declare, S unused) {
    return notRecognised(declare);
  }

  @Override
  public <S> Void visit(Grant grant, S unused) {
    return notRecognised(grant);
  }

  @Override
  public <S> Void visit(CreateSequence create, S unused) {
    return notRecognised(create);
  }

  @Override
  public <S> Void visit(AlterSequence alter, S unused) {
    return notRecognised(alter);
  }

  // ---- not PostgreSQL, or not understood ----

  @Override
  public <S> Void visit(UnsupportedStatement statement, S unused) {
    return notRecognised(statement);
  }

  @Override
  public <S> Void visit(AlterView alter, S unused) {
    return notRecognised(alter);
  }

  @Override
  public <S> Void visit(Statements statements, S unused) {
    return notRecognised(statements);
  }

  @Override
  public <S> Void visit(ShowColumnsStatement show, S unused) {
    return notRecognised(show);
  }

  @Override
  public <S> Void visit(ShowIndexStatement show, S unused) {
    return notRecognised(show);
  }

  @Override
  public <S> Void visit(ShowTablesStatement show, S unused) {
    return notRecognised(show);
  }

  @Override
  public <S> Void visit(Upsert upsert, S unused) {
    return notRecognised(upsert);
  }

  @Override
  public <S> Void visit(UseStatement use, S unused) {
    return notRecognised(use);
  }

  @Override
  public <S> Void visit(Block block, S unused) {
    return notRecognised(block);
  }

  @Override
  public <S> Void visit(DescribeStatement describe, S unused) {
    return notRecognised(describe);
  }

  @Override
  public <S> Void visit(CreateSynonym create, S unused) {
    return notRecognised(create);
  }

  @Override
  public <S> Void visit(AlterSession alter, S unused) {
    return notRecognised(alter);
  }

  @Override
  public <S> Void visit(IfElseStatement statement, S unused) {
    return notRecognised(statement);
  }

  @Override
  public <S> Void visit(RenameTableStatement rename, S unused) {
    return notRecognised(rename);
  }

  @Override
  public <S> Void visit(PurgeStatement purge, S unused) {
    return notRecognised(purge);
  }

  @Override
  public <S> Void visit(AlterSystemStatement alter, S unused) {
    return notRecognised(alter);
  }

  @Override
  public <S> Void visit(ParenthesedInsert insert, S unused) {
    return notRecognised(insert);
  }

  @Override
  public <S> Void visit(ParenthesedUpdate update, S unused) {
    return notRecognised(update);
  }

  @Override
  public <S> Void visit(ParenthesedDelete delete, S unused) {
    return notRecognised(delete);
  }
}
