package io.dbwarden.sidecar.sql.analysis;

import io.dbwarden.api.policy.Operation;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.ReturningClause;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.delete.ParenthesedDelete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.InsertConflictAction;
import net.sf.jsqlparser.statement.insert.InsertConflictTarget;
import net.sf.jsqlparser.statement.insert.ParenthesedInsert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.merge.MergeDelete;
import net.sf.jsqlparser.statement.merge.MergeInsert;
import net.sf.jsqlparser.statement.merge.MergeOperation;
import net.sf.jsqlparser.statement.merge.MergeOperationVisitor;
import net.sf.jsqlparser.statement.merge.MergeUpdate;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.ParenthesedUpdate;
import net.sf.jsqlparser.statement.update.UpdateSet;

/**
 * INSERT, UPDATE, DELETE and MERGE, at the top of a statement or inside a WITH: the target is
 * written, the columns assigned are written, everything else is read, RETURNING gives the rows
 * coming back, and an UPDATE or DELETE whose condition does not limit the target's rows is marked
 * {@link Feature#UNBOUNDED_WRITE}.
 */
final class WriteAnalyzer {

  private final AnalysisContext context;

  WriteAnalyzer(AnalysisContext context) {
    this.context = context;
  }

  /** A data-modifying CTE: its RETURNING columns are the CTE's columns. */
  List<OutputColumn> nested(WithItem<?> item, Scope level) {
    Scope inner = level.correlated();
    Object statement = item.getParenthesedStatement();
    if (statement instanceof ParenthesedInsert insert) {
      context.facts.nestedWrite(Operation.INSERT);
      return insert(insert.getInsert(), inner);
    }
    if (statement instanceof ParenthesedUpdate update) {
      context.facts.nestedWrite(Operation.UPDATE);
      return update(update.getUpdate(), inner);
    }
    if (statement instanceof ParenthesedDelete delete) {
      context.facts.nestedWrite(Operation.DELETE);
      return delete(delete.getDelete(), inner);
    }
    throw Unsupported.node("WITH item", item);
  }

  // ---- INSERT ----

  List<OutputColumn> insert(Insert insert, Scope level) {
    if ((insert.getDuplicateUpdateSets() != null && !insert.getDuplicateUpdateSets().isEmpty())
        || (insert.getSetUpdateSets() != null && !insert.getSetUpdateSets().isEmpty())
        || insert.getOutputClause() != null
        || (insert.getPartitions() != null && !insert.getPartitions().isEmpty())
        || insert.isOverwrite()
        || insert.getModifierPriority() != null
        || insert.isModifierIgnore()
        || insert.getOracleHint() != null) {
      throw new Unsupported("unsupported INSERT form");
    }
    QueryAnalyzer queries = context.queries();
    queries.declareCtes(insert.getWithItemsList(), level);
    Target target = target(insert.getTable(), level);
    if (insert.getColumns() != null && !insert.getColumns().isEmpty()) {
      for (Column column : insert.getColumns()) {
        context.facts.columnsWritten.add(new ColumnRef(target.ref, assigned(column)));
      }
    } else if (!insert.isOnlyDefaultValues()) {
      writeAllColumns(target);
    }
    if (insert.getSelect() != null) {
      // the source query cannot see the target: a query level of its own
      queries.analyze(insert.getSelect(), level.correlated());
    }
    level.add(target.entry);
    level.addFromNode(target.entry);
    conflict(insert.getConflictTarget(), insert.getConflictAction(), target, level);
    List<OutputColumn> returning = returning(insert.getReturningClause(), level);
    readTargetIfReferenced(target);
    return returning;
  }

  private void conflict(
      InsertConflictTarget conflictTarget,
      InsertConflictAction action,
      Target target,
      Scope level) {
    if (conflictTarget != null) {
      // finding the conflicting row reads these columns (the server wants SELECT on them)
      for (String column : conflictTarget.getIndexColumnNames()) {
        context.facts.columnsRead.add(new ColumnRef(target.ref, Names.fold(column)));
        target.entry.noteReference();
      }
      context.read(conflictTarget.getIndexExpression(), level);
      context.read(conflictTarget.getWhereExpression(), level);
    }
    if (action == null || action.getUpdateSets() == null) {
      return;
    }
    // EXCLUDED is the row proposed for insertion, shaped like the target
    Scope update = level.correlated();
    update.add(RangeEntry.table(target.ref, "excluded", target.columns));
    assignments(action.getUpdateSets(), target, update);
    context.read(action.getWhereExpression(), update);
  }

  // ---- UPDATE ----

  List<OutputColumn> update(net.sf.jsqlparser.statement.update.Update update, Scope level) {
    if (update.getOutputClause() != null
        || update.getPreferringClause() != null
        || update.getOracleHint() != null
        || (update.getStartJoins() != null && !update.getStartJoins().isEmpty())
        || (update.getOrderByElements() != null && !update.getOrderByElements().isEmpty())
        || update.getLimit() != null
        || update.getModifierPriority() != null
        || update.isModifierIgnore()) {
      throw new Unsupported("unsupported UPDATE form");
    }
    context.queries().declareCtes(update.getWithItemsList(), level);
    Target target = target(update.getTable(), level);
    level.add(target.entry);
    level.addFromNode(target.entry);
    if (update.getFromItem() != null) {
      new FromAnalyzer(context).from(update.getFromItem(), update.getJoins(), level);
    } else if (update.getJoins() != null && !update.getJoins().isEmpty()) {
      throw new Unsupported("unsupported UPDATE form");
    }
    assignments(update.getUpdateSets(), target, level);
    bound(update.getWhere(), target, level);
    List<OutputColumn> returning = returning(update.getReturningClause(), level);
    readTargetIfReferenced(target);
    return returning;
  }

  private void assignments(List<UpdateSet> sets, Target target, Scope level) {
    ExpressionAnalyzer expressions = context.expressions(level);
    for (UpdateSet set : sets) {
      for (Column column : set.getColumns()) {
        context.facts.columnsWritten.add(new ColumnRef(target.ref, assigned(column)));
      }
      expressions.analyze(set.getValues());
    }
  }

  // ---- DELETE ----

  List<OutputColumn> delete(Delete delete, Scope level) {
    if (delete.getOutputClause() != null
        || (delete.getTables() != null && !delete.getTables().isEmpty())
        || (delete.getOrderByElements() != null && !delete.getOrderByElements().isEmpty())
        || delete.getLimit() != null
        || delete.getModifierPriority() != null
        || delete.isModifierIgnore()
        || delete.isModifierQuick()
        || delete.getOracleHint() != null
        || delete.getPreferringClause() != null) {
      throw new Unsupported("unsupported DELETE form");
    }
    context.queries().declareCtes(delete.getWithItemsList(), level);
    Target target = target(delete.getTable(), level);
    level.add(target.entry);
    level.addFromNode(target.entry);
    List<Table> using = delete.getUsingList();
    List<Join> joins = delete.getJoins();
    if (using != null && !using.isEmpty()) {
      List<Join> rest = new ArrayList<>();
      for (Table table : using.subList(1, using.size())) {
        Join comma = new Join();
        comma.setSimple(true);
        comma.setRightItem(table);
        rest.add(comma);
      }
      if (joins != null) {
        rest.addAll(joins);
      }
      new FromAnalyzer(context).from(using.get(0), rest, level);
    } else if (joins != null && !joins.isEmpty()) {
      throw new Unsupported("unsupported DELETE form");
    }
    bound(delete.getWhere(), target, level);
    List<OutputColumn> returning = returning(delete.getReturningClause(), level);
    readTargetIfReferenced(target);
    return returning;
  }

  // ---- MERGE ----

  void merge(Merge merge, Scope level) {
    if (merge.getOracleHint() != null || merge.getOutputClause() != null) {
      throw new Unsupported("unsupported MERGE form");
    }
    context.queries().declareCtes(merge.getWithItemsList(), level);
    Target target = target(merge.getTable(), level);
    new FromAnalyzer(context).from(merge.getFromItem(), null, level);
    level.add(target.entry);
    ExpressionAnalyzer expressions = context.expressions(level);
    WriteBounds bounds = new WriteBounds(expressions, target.entry);
    boolean joinLimits = bounds.limits(merge.getOnCondition());
    for (MergeOperation operation : merge.getOperations()) {
      operation.accept(new MergeActions(target, level, bounds, joinLimits), null);
    }
    readTargetIfReferenced(target);
  }

  /** The WHEN clauses of a MERGE. */
  private final class MergeActions implements MergeOperationVisitor<Void> {
    private final Target target;
    private final Scope level;
    private final WriteBounds bounds;
    private final boolean joinLimits;

    MergeActions(Target target, Scope level, WriteBounds bounds, boolean joinLimits) {
      this.target = target;
      this.level = level;
      this.bounds = bounds;
      this.joinLimits = joinLimits;
    }

    /** A matched row is changed: the join plus the WHEN condition must limit the rows. */
    private void matched(Expression condition) {
      boolean limited = bounds.limits(condition);
      if (!joinLimits && !limited) {
        context.facts.features.add(Feature.UNBOUNDED_WRITE);
      }
    }

    @Override
    public <S> Void visit(MergeDelete delete, S unused) {
      matched(delete.getAndPredicate());
      return null;
    }

    @Override
    public <S> Void visit(MergeUpdate update, S unused) {
      if (update.getWhereCondition() != null || update.getDeleteWhereCondition() != null) {
        throw new Unsupported("unsupported MERGE form");
      }
      matched(update.getAndPredicate());
      assignments(update.getUpdateSets(), target, level);
      return null;
    }

    @Override
    public <S> Void visit(MergeInsert insert, S unused) {
      if (insert.getWhereCondition() != null) {
        throw new Unsupported("unsupported MERGE form");
      }
      context.read(insert.getAndPredicate(), level);
      if (insert.getColumns() != null && !insert.getColumns().isEmpty()) {
        for (Column column : insert.getColumns()) {
          context.facts.columnsWritten.add(new ColumnRef(target.ref, assigned(column)));
        }
      } else {
        writeAllColumns(target);
      }
      context.expressions(level).analyze(insert.getValues());
      return null;
    }
  }

  // ---- shared ----

  /** A write's target relation, resolved and recorded as written. */
  private record Target(TableRef ref, List<String> columns, RangeEntry entry) {}

  private Target target(Table table, Scope level) {
    if (table.getIndexHint() != null || table.getSqlServerHints() != null) {
      throw Unsupported.node("table hint", table);
    }
    TableRef ref = context.tables.resolve(Names.parts(table));
    context.facts.tablesWritten.add(ref);
    List<String> columns = new FromAnalyzer(context).knownColumns(ref);
    Alias alias = table.getAlias();
    if (alias != null && alias.getAliasColumns() != null) {
      throw new Unsupported("column aliases on a write target");
    }
    String aliasName = alias != null ? Names.fold(alias.getName()) : null;
    return new Target(ref, columns, RangeEntry.table(ref, aliasName, columns));
  }

  /** The column an assignment target names: {@code col}, {@code col.field}, {@code col[i]}. */
  private static String assigned(Column column) {
    if (column.getTable() != null
        && column.getTable().getName() != null
        && !column.getTable().getName().isEmpty()) {
      // the server reads SET a.b as field b of column a, never as table a
      List<String> parts = Names.parts(column.getTable());
      return parts.get(0);
    }
    return Names.fold(column.getColumnName());
  }

  private void writeAllColumns(Target target) {
    if (target.columns != null) {
      for (String column : target.columns) {
        context.facts.columnsWritten.add(new ColumnRef(target.ref, column));
      }
    } else {
      // Not in the catalog: "*" stands for all of its columns.
      context.facts.columnsWritten.add(new ColumnRef(target.ref, "*"));
    }
  }

  private void bound(Expression where, Target target, Scope level) {
    WriteBounds bounds = new WriteBounds(context.expressions(level), target.entry);
    if (!bounds.limits(where)) {
      context.facts.features.add(Feature.UNBOUNDED_WRITE);
    }
  }

  private List<OutputColumn> returning(ReturningClause returning, Scope level) {
    if (returning == null) {
      return List.of();
    }
    if (returning.getKeyword() != ReturningClause.Keyword.RETURNING
        || (returning.getDataItems() != null && !returning.getDataItems().isEmpty())) {
      throw new Unsupported("unsupported RETURNING form");
    }
    return context.queries().selectItems(returning, level);
  }

  /** The target's rows were read when the statement referenced its columns. */
  private void readTargetIfReferenced(Target target) {
    if (target.entry.references() > 0) {
      context.facts.tablesRead.add(target.ref);
      context.facts.unlocated.add(target.ref);
    }
  }
}
