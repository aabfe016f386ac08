package io.dbwarden.sidecar.sql.analysis;

import io.dbwarden.api.policy.Operation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.AllValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.WindowDefinition;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.piped.FromQuery;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.Distinct;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.LateralSubSelect;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SelectVisitor;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableStatement;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * Analyses a query (SELECT, set operation, VALUES, TABLE) at one query level and returns its output
 * columns with their sources. The visitor's context argument is the query level's {@link Scope},
 * created by the caller with the right view of the enclosing levels.
 */
final class QueryAnalyzer implements SelectVisitor<List<OutputColumn>> {

  /** Iterations after which a recursive CTE's lineage is taken as settled. */
  private static final int RECURSION_LIMIT = 16;

  private final AnalysisContext context;

  QueryAnalyzer(AnalysisContext context) {
    this.context = context;
  }

  /** The output of a query analysed at the given (new) query level. */
  List<OutputColumn> analyze(Select select, Scope level) {
    context.checkCancelled();
    List<OutputColumn> outputs = select.accept(this, level);
    return outputs;
  }

  @Override
  public <S> List<OutputColumn> visit(PlainSelect select, S scope) {
    Scope level = (Scope) scope;
    checkSelect(select);
    checkPlain(select);
    declareCtes(select.getWithItemsList(), level);
    if (select.getFromItem() != null) {
      new FromAnalyzer(context).from(select.getFromItem(), select.getJoins(), level);
    } else if (select.getJoins() != null && !select.getJoins().isEmpty()) {
      throw new Unsupported("joins without FROM");
    }
    context.read(select.getWhere(), level);
    List<OutputColumn> outputs = selectItems(select.getSelectItems(), level);
    Distinct distinct = select.getDistinct();
    if (distinct != null && distinct.getOnSelectItems() != null) {
      for (SelectItem<?> item : distinct.getOnSelectItems()) {
        readSorting(item.getExpression(), level, outputs, true);
      }
    }
    readGroupBy(select.getGroupBy(), level, outputs);
    context.read(select.getHaving(), level);
    if (select.getWindowDefinitions() != null) {
      ExpressionAnalyzer expressions = context.expressions(level);
      for (WindowDefinition window : select.getWindowDefinitions()) {
        expressions.readWindowDefinition(window);
      }
    }
    readOrderBy(select.getOrderByElements(), level, outputs);
    readLimits(select, level);
    if (select.getIntoTables() != null && !select.getIntoTables().isEmpty()) {
      selectInto(select);
      return List.of();
    }
    return outputs;
  }

  @Override
  public <S> List<OutputColumn> visit(SetOperationList setOperation, S scope) {
    Scope level = (Scope) scope;
    checkSelect(setOperation);
    declareCtes(setOperation.getWithItemsList(), level);
    List<OutputColumn> result = null;
    for (Select branch : setOperation.getSelects()) {
      List<OutputColumn> outputs = analyze(branch, level.correlated());
      result = result == null ? outputs : columnWise(result, outputs);
    }
    Scope outputScope = outputScope(level, result);
    readOrderBy(setOperation.getOrderByElements(), outputScope, result);
    readLimits(setOperation, outputScope);
    return result;
  }

  @Override
  public <S> List<OutputColumn> visit(ParenthesedSelect select, S scope) {
    Scope level = (Scope) scope;
    checkSelect(select);
    checkNoPivot(select.getPivot(), select.getUnPivot());
    declareCtes(select.getWithItemsList(), level);
    List<OutputColumn> outputs = analyze(select.getSelect(), level.correlated());
    Scope outputScope = outputScope(level, outputs);
    readOrderBy(select.getOrderByElements(), outputScope, outputs);
    readLimits(select, outputScope);
    return outputs;
  }

  @Override
  public <S> List<OutputColumn> visit(LateralSubSelect select, S scope) {
    return visit((ParenthesedSelect) select, scope);
  }

  @Override
  public <S> List<OutputColumn> visit(Values values, S scope) {
    Scope level = (Scope) scope;
    checkSelect(values);
    return values(values, level);
  }

  @Override
  public <S> List<OutputColumn> visit(TableStatement table, S scope) {
    Scope level = (Scope) scope;
    checkSelect(table);
    if (table.getSampleClause() != null) {
      throw Unsupported.node("clause", table.getSampleClause());
    }
    FromNode node = new FromAnalyzer(context).table(table.getTable(), level, false);
    level.addFromNode(node);
    List<OutputColumn> outputs = node.columns();
    readAll(outputs, node);
    readOrderBy(table.getOrderByElements(), level, outputs);
    readLimits(table, level);
    return outputs;
  }

  @Override
  public <S> List<OutputColumn> visit(WithItem<?> withItem, S scope) {
    throw Unsupported.node("query", withItem);
  }

  @Override
  public <S> List<OutputColumn> visit(FromQuery fromQuery, S scope) {
    throw Unsupported.node("query", fromQuery);
  }

  // ---- VALUES ----

  List<OutputColumn> values(Values values, Scope level) {
    ExpressionAnalyzer expressions = context.expressions(level);
    List<Set<ColumnRef>> columns = new ArrayList<>();
    for (List<? extends Expression> row : rows(values.getExpressions())) {
      for (int i = 0; i < row.size(); i++) {
        Set<ColumnRef> sources = expressions.analyze(row.get(i));
        if (i < columns.size()) {
          columns.set(i, RangeEntry.union(columns.get(i), sources));
        } else {
          columns.add(sources);
        }
      }
    }
    List<OutputColumn> outputs = new ArrayList<>(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      outputs.add(new OutputColumn("column" + (i + 1), columns.get(i)));
    }
    return outputs;
  }

  /** The rows of a VALUES list: one row is a parenthesised list, several are a list of those. */
  static List<List<? extends Expression>> rows(ExpressionList<?> expressions) {
    List<List<? extends Expression>> rows = new ArrayList<>();
    if (expressions instanceof ParenthesedExpressionList<?> single) {
      rows.add(single);
      return rows;
    }
    for (Expression row : expressions) {
      if (row instanceof ParenthesedExpressionList<?> list
          && !(row instanceof net.sf.jsqlparser.expression.RowConstructor<?>)) {
        rows.add(list);
      } else {
        rows.add(List.of(row));
      }
    }
    return rows;
  }

  // ---- select list ----

  /** The output columns of a select list (or RETURNING list) over the level's FROM entries. */
  List<OutputColumn> selectItems(List<? extends SelectItem<?>> items, Scope level) {
    List<OutputColumn> outputs = new ArrayList<>();
    ExpressionAnalyzer expressions = context.expressions(level);
    for (SelectItem<?> item : items) {
      Expression expression = item.getExpression();
      if (expression instanceof AllColumns all) {
        if (all.getExceptColumns() != null || all.getReplaceExpressions() != null) {
          throw Unsupported.node("select item", all);
        }
        for (FromNode node : level.fromNodes()) {
          List<OutputColumn> columns = node.columns();
          readAll(columns, node);
          outputs.addAll(columns);
        }
      } else if (expression instanceof AllTableColumns table) {
        RangeEntry entry = entryFor(table.getTable(), level);
        List<OutputColumn> columns = entry.columns();
        readAll(columns, entry);
        outputs.addAll(columns);
      } else {
        Set<ColumnRef> sources = expressions.analyze(expression);
        outputs.add(new OutputColumn(OutputNames.of(item), sources));
      }
    }
    return outputs;
  }

  private RangeEntry entryFor(Table table, Scope level) {
    List<String> parts = Names.parts(table);
    for (Scope visible : level.visibleLevels()) {
      RangeEntry entry =
          parts.size() == 1
              ? visible.entryNamed(parts.get(0))
              : visible.entryFor(new TableRef(parts.get(0), parts.get(1)));
      if (entry != null) {
        return entry;
      }
    }
    throw new Unsupported("missing FROM-clause entry for \"" + String.join(".", parts) + "\"");
  }

  private void readAll(List<OutputColumn> columns, FromNode node) {
    for (OutputColumn column : columns) {
      context.facts.columnsRead.addAll(column.sources());
    }
    for (RangeEntry entry : node.entries()) {
      entry.noteReference();
    }
  }

  // ---- ORDER BY, GROUP BY, LIMIT ----

  private void readOrderBy(List<OrderByElement> elements, Scope level, List<OutputColumn> outputs) {
    if (elements != null) {
      for (OrderByElement element : elements) {
        readSorting(element.getExpression(), level, outputs, true);
      }
    }
  }

  /**
   * A sort or grouping key. A bare name matching an output column means that column in ORDER BY
   * (output names win) and in GROUP BY only when no input column has the name (input names win).
   */
  private void readSorting(
      Expression key, Scope level, List<OutputColumn> outputs, boolean outputNamesFirst) {
    if (key instanceof Column column
        && column.getTable() == null
        && column.getArrayConstructor() == null) {
      String name = Names.fold(column.getColumnName());
      boolean isOutput = outputs.stream().anyMatch(o -> o.name().equals(name));
      if (isOutput
          && (outputNamesFirst
              || level.entries().stream().noneMatch(e -> e.hasKnownColumn(name)))) {
        return;
      }
    }
    context.read(key, level);
  }

  private void readGroupBy(GroupByElement groupBy, Scope level, List<OutputColumn> outputs) {
    if (groupBy == null) {
      return;
    }
    if (groupBy.isMysqlWithRollup()) {
      throw Unsupported.node("clause", groupBy);
    }
    ExpressionList<?> keys = groupBy.getGroupByExpressionList();
    if (keys != null) {
      for (Expression key : keys) {
        readGroupingKey(key, level, outputs);
      }
    }
    if (groupBy.getGroupingSets() != null) {
      for (ExpressionList<?> set : groupBy.getGroupingSets()) {
        for (Expression key : set) {
          readGroupingKey(key, level, outputs);
        }
      }
    }
  }

  private void readGroupingKey(Expression key, Scope level, List<OutputColumn> outputs) {
    // ROLLUP (a, b) and CUBE (a, b) parse as calls; they are grouping syntax, not functions
    if (key instanceof Function function
        && function.getMultipartName().size() == 1
        && !Names.isQuoted(function.getName())
        && (Names.lower(function.getName()).equals("rollup")
            || Names.lower(function.getName()).equals("cube"))) {
      if (function.getParameters() != null) {
        for (Expression inner : function.getParameters()) {
          readGroupingKey(inner, level, outputs);
        }
      }
      return;
    }
    if (key instanceof ParenthesedExpressionList<?> list) {
      for (Expression inner : list) {
        readGroupingKey(inner, level, outputs);
      }
      return;
    }
    readSorting(key, level, outputs, false);
  }

  private void readLimits(Select select, Scope level) {
    if (select.getLimit() != null) {
      if (select.getLimit().getByExpressions() != null) {
        throw Unsupported.node("clause", select.getLimit());
      }
      if (!(select.getLimit().getRowCount() instanceof AllValue)) {
        // LIMIT ALL is no limit
        context.read(select.getLimit().getRowCount(), level);
      }
      context.read(select.getLimit().getOffset(), level);
    }
    if (select.getOffset() != null) {
      context.read(select.getOffset().getOffset(), level);
    }
    if (select.getFetch() != null) {
      context.read(select.getFetch().getExpression(), level);
    }
  }

  /** A scope in which ORDER BY of a set operation or parenthesised query sees the outputs. */
  private static Scope outputScope(Scope level, List<OutputColumn> outputs) {
    Scope scope = level.correlated();
    scope.add(RangeEntry.derived(null, outputs));
    return scope;
  }

  private static List<OutputColumn> columnWise(List<OutputColumn> first, List<OutputColumn> next) {
    List<OutputColumn> merged = new ArrayList<>(first.size());
    for (int i = 0; i < first.size(); i++) {
      Set<ColumnRef> sources = new LinkedHashSet<>(first.get(i).sources());
      if (i < next.size()) {
        sources.addAll(next.get(i).sources());
      }
      merged.add(new OutputColumn(first.get(i).name(), sources));
    }
    return merged;
  }

  // ---- WITH ----

  /** Declares the CTEs of a WITH clause at this level, in order, each seeing the ones before. */
  void declareCtes(List<WithItem<?>> withItems, Scope level) {
    if (withItems == null) {
      return;
    }
    for (WithItem<?> item : withItems) {
      String name = Names.fold(item.getAliasName());
      List<String> aliases = columnAliases(item.getWithItemList());
      List<OutputColumn> columns;
      if (item.getParenthesedStatement() instanceof ParenthesedSelect) {
        columns = cteQuery(item, name, aliases, level);
      } else {
        columns = rename(context.writes().nested(item, level), aliases);
      }
      level.declareCte(name, columns);
    }
  }

  private List<OutputColumn> cteQuery(
      WithItem<?> item, String name, List<String> aliases, Scope level) {
    Select body = item.getSelect().getSelect();
    if (!item.isRecursive() || !(body instanceof SetOperationList setOperation)) {
      return rename(analyze(item.getSelect(), level.correlated()), aliases);
    }
    // the recursive term reads the CTE itself: grow its lineage until nothing changes
    List<OutputColumn> columns =
        rename(analyze(setOperation.getSelects().get(0), level.correlated()), aliases);
    for (int i = 0; i < RECURSION_LIMIT; i++) {
      level.declareCte(name, columns);
      List<OutputColumn> next =
          columnWise(columns, rename(analyze(body, level.correlated()), aliases));
      if (next.equals(columns)) {
        break;
      }
      columns = next;
    }
    return columns;
  }

  private static List<String> columnAliases(List<SelectItem<?>> items) {
    if (items == null) {
      return List.of();
    }
    List<String> names = new ArrayList<>(items.size());
    for (SelectItem<?> item : items) {
      names.add(OutputNames.of(item));
    }
    return names;
  }

  /** Output columns renamed by a column alias list ({@code AS x(a, b)}); extra ones keep names. */
  static List<OutputColumn> rename(List<OutputColumn> columns, List<String> aliases) {
    if (aliases.isEmpty()) {
      return columns;
    }
    if (aliases.size() > columns.size()) {
      throw new Unsupported("more column aliases than columns");
    }
    List<OutputColumn> renamed = new ArrayList<>(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      String name = i < aliases.size() ? aliases.get(i) : columns.get(i).name();
      renamed.add(new OutputColumn(name, columns.get(i).sources()));
    }
    return renamed;
  }

  static List<String> aliasColumns(Alias alias) {
    if (alias == null || alias.getAliasColumns() == null) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (Alias.AliasColumn column : alias.getAliasColumns()) {
      // a column definition list (AS r(a int, b text)) names the columns the same way
      names.add(Names.fold(column.name));
    }
    return names;
  }

  // ---- SELECT INTO ----

  private void selectInto(PlainSelect select) {
    if (select != context.topLevelQuery) {
      throw new Unsupported("SELECT ... INTO is only allowed at the top of a statement");
    }
    if (select.getIntoTables().size() != 1) {
      throw new Unsupported("SELECT ... INTO more than one table");
    }
    Table into = select.getIntoTables().get(0);
    TableRef created = context.tables.forCreate(Names.parts(into), context.selectIntoTemporary);
    context.facts.operation = Operation.CREATE;
    context.facts.objectKind = ObjectKind.TABLE;
    context.facts.tablesWritten.add(created);
    if (context.tables.isTemporary(created)) {
      context.facts.features.add(Feature.CREATES_TEMPORARY_TABLE);
    }
  }

  // ---- clauses PostgreSQL does not have ----

  private static void checkSelect(Select select) {
    if (select.getForClause() != null) {
      throw Unsupported.node("clause", select.getForClause());
    }
    if (select.getIsolation() != null) {
      throw Unsupported.node("clause", select.getIsolation());
    }
    if (select.getLimitBy() != null) {
      throw Unsupported.node("clause", select.getLimitBy());
    }
    if (select.getWait() != null) {
      throw Unsupported.node("clause", select.getWait());
    }
    if (select.isOracleSiblings()) {
      throw new Unsupported("unsupported clause: ORDER SIBLINGS BY");
    }
  }

  private static void checkPlain(PlainSelect select) {
    Object[] foreign = {
      select.getIntoTempTable(),
      select.getSampleClause(),
      select.getOptimizeFor(),
      select.getTop(),
      select.getSkip(),
      select.getFirst(),
      select.getBigQuerySelectQualifier(),
      select.getQualify(),
      select.getOracleHierarchical(),
      select.getPreferringClause(),
      select.getOracleHint(),
      select.getForXmlPath(),
      select.getKsqlWindow(),
      select.getMySqlSqlCacheFlag()
    };
    for (Object clause : foreign) {
      if (clause != null) {
        throw Unsupported.node("clause", clause);
      }
    }
    if (select.getLateralViews() != null && !select.getLateralViews().isEmpty()) {
      throw new Unsupported("unsupported clause: LATERAL VIEW");
    }
    if (select.getMySqlHintStraightJoin()
        || select.getMySqlSqlCalcFoundRows()
        || select.isUsingFinal()
        || select.isUseWithNoLog()
        || select.isEmitChanges()) {
      throw new Unsupported("unsupported SELECT modifier");
    }
    if (select.getDistinct() != null && select.getDistinct().isUseUnique()) {
      throw new Unsupported("unsupported clause: SELECT UNIQUE");
    }
  }

  /** PIVOT and UNPIVOT are not PostgreSQL. */
  static void checkNoPivot(Object pivot, Object unpivot) {
    if (pivot != null || unpivot != null) {
      throw Unsupported.node("clause", pivot != null ? pivot : unpivot);
    }
  }
}
