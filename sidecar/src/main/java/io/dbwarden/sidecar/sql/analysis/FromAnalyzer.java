package io.dbwarden.sidecar.sql.analysis;

import io.dbwarden.sidecar.catalog.Relation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.piped.FromQuery;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.FromItemVisitor;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.LateralSubSelect;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.TableStatement;
import net.sf.jsqlparser.statement.select.Values;

/**
 * Turns FROM items into range entries of a query level: stored relations (resolved through the
 * search path, CTEs shadowing tables of the same name), subqueries (seeing their siblings only with
 * {@code LATERAL}), functions (implicitly lateral), VALUES lists and joins. The visitor's context
 * argument is the query level's {@link Scope}.
 */
final class FromAnalyzer implements FromItemVisitor<FromNode> {

  /** Output columns of common set-returning functions used without a column list. */
  private static final Map<String, List<String>> FUNCTION_COLUMNS =
      Map.of(
          "json_each", List.of("key", "value"),
          "jsonb_each", List.of("key", "value"),
          "json_each_text", List.of("key", "value"),
          "jsonb_each_text", List.of("key", "value"),
          "json_array_elements", List.of("value"),
          "jsonb_array_elements", List.of("value"),
          "json_array_elements_text", List.of("value"),
          "jsonb_array_elements_text", List.of("value"));

  /** Set-returning functions with one result column, named after the alias or the function. */
  private static final Set<String> SCALAR_FUNCTIONS =
      Set.of(
          "generate_series",
          "generate_subscripts",
          "unnest",
          "regexp_split_to_table",
          "regexp_matches",
          "string_to_table",
          "json_object_keys",
          "jsonb_object_keys",
          "jsonb_path_query",
          "pg_ls_dir");

  private final AnalysisContext context;

  FromAnalyzer(AnalysisContext context) {
    this.context = context;
  }

  /** A FROM clause: its items and joins become the level's entries and {@code *} order. */
  void from(FromItem first, List<Join> joins, Scope level) {
    for (FromNode node : joinTree(first, joins, level)) {
      level.addFromNode(node);
    }
  }

  /** The top-level (comma-separated) nodes of a FROM clause; JOIN binds tighter than a comma. */
  List<FromNode> joinTree(FromItem first, List<Join> joins, Scope level) {
    List<FromNode> nodes = new ArrayList<>();
    FromNode current = item(first, level);
    nodes.add(current);
    if (joins == null) {
      return nodes;
    }
    for (Join join : joins) {
      checkJoin(join);
      FromNode right = item(join.getRightItem(), level);
      boolean conditioned =
          !join.getOnExpressions().isEmpty()
              || (join.getUsingColumns() != null && !join.getUsingColumns().isEmpty())
              || join.isNatural();
      if (join.isSimple() && !conditioned) {
        nodes.add(right);
        current = right;
        continue;
      }
      List<String> merged = merged(join, current, right);
      mergeColumns(merged, current, right, level);
      for (Expression on : join.getOnExpressions()) {
        context.read(on, level);
      }
      current = new JoinNode(current, right, merged);
      nodes.set(nodes.size() - 1, current);
    }
    return nodes;
  }

  private FromNode item(FromItem item, Scope level) {
    context.checkCancelled();
    return item.accept(this, level);
  }

  private static void checkJoin(Join join) {
    if (join.isApply()
        || join.isSemi()
        || join.isStraight()
        || join.isGlobal()
        || join.isWindowJoin()
        || join.getJoinHint() != null) {
      throw new Unsupported("unsupported join form");
    }
  }

  private static List<String> merged(Join join, FromNode left, FromNode right) {
    List<String> merged = new ArrayList<>();
    if (join.getUsingColumns() != null) {
      for (Column column : join.getUsingColumns()) {
        merged.add(Names.fold(column.getColumnName()));
      }
    }
    if (join.isNatural()) {
      List<String> rightNames = right.columns().stream().map(OutputColumn::name).toList();
      for (OutputColumn column : left.columns()) {
        if (rightNames.contains(column.name()) && !column.name().equals("*")) {
          merged.add(column.name());
        }
      }
      if (left.columns().stream().anyMatch(c -> c.name().equals("*")) || rightNames.contains("*")) {
        throw new Unsupported("NATURAL JOIN over a relation whose columns are not known");
      }
    }
    return merged;
  }

  /**
   * Columns merged by USING or NATURAL: an unqualified name now means the merged column (both
   * sides' values), while qualified names still reach each side.
   */
  private void mergeColumns(List<String> merged, FromNode left, FromNode right, Scope level) {
    if (merged.isEmpty()) {
      return;
    }
    List<OutputColumn> mergedColumns = new ArrayList<>();
    for (String name : merged) {
      Set<ColumnRef> sources = new LinkedHashSet<>();
      for (FromNode side : List.of(left, right)) {
        for (RangeEntry entry : side.entries()) {
          Optional<Set<ColumnRef>> column =
              entry.offersUnqualified(name) || entry.open() ? entry.column(name) : Optional.empty();
          if (column.isPresent()) {
            sources.addAll(column.get());
            entry.mergeAway(name);
            entry.noteReference();
          }
        }
      }
      context.facts.columnsRead.addAll(sources);
      mergedColumns.add(new OutputColumn(name, sources));
    }
    level.add(RangeEntry.derived(null, mergedColumns));
  }

  // ---- FROM items ----

  @Override
  public <S> FromNode visit(Table table, S scope) {
    return table(table, (Scope) scope);
  }

  FromNode table(Table table, Scope level) {
    return table(table, level, true);
  }

  /**
   * @param locatable whether the name stands where a subquery could replace it (not in {@code TABLE
   *     name})
   */
  FromNode table(Table table, Scope level, boolean locatable) {
    if (table.getIndexHint() != null || table.getSqlServerHints() != null) {
      throw Unsupported.node("table hint", table);
    }
    QueryAnalyzer.checkNoPivot(table.getPivot(), table.getUnPivot());
    List<String> parts = Names.parts(table);
    Alias alias = table.getAlias();
    String aliasName = alias != null ? Names.fold(alias.getName()) : null;
    List<String> aliasColumns = QueryAnalyzer.aliasColumns(alias);
    Optional<List<OutputColumn>> cte =
        parts.size() == 1 ? level.cte(parts.get(0)) : Optional.empty();
    RangeEntry entry;
    if (cte.isPresent()) {
      entry =
          RangeEntry.derived(
              aliasName != null ? aliasName : parts.get(0),
              QueryAnalyzer.rename(cte.get(), aliasColumns));
    } else {
      TableRef ref = context.tables.resolve(parts);
      context.facts.tablesRead.add(ref);
      if (locatable) {
        context.located(table, ref, alias != null);
      } else {
        context.facts.unlocated.add(ref);
      }
      entry = RangeEntry.table(ref, aliasName, knownColumns(ref));
      if (!aliasColumns.isEmpty()) {
        entry =
            RangeEntry.derived(entry.name(), QueryAnalyzer.rename(entry.columns(), aliasColumns));
      }
    }
    level.add(entry);
    return entry;
  }

  /** The catalog's column names of a relation, or null when it is not in the catalog. */
  List<String> knownColumns(TableRef ref) {
    return context
        .tables
        .relation(ref)
        .map(relation -> relation.columns().stream().map(Relation.Column::name).toList())
        .orElse(null);
  }

  @Override
  public <S> FromNode visit(ParenthesedSelect select, S scope) {
    Scope level = (Scope) scope;
    return subquery(select, level, level.isolated());
  }

  @Override
  public <S> FromNode visit(LateralSubSelect select, S scope) {
    Scope level = (Scope) scope;
    if (!"LATERAL".equalsIgnoreCase(select.getPrefix())) {
      throw Unsupported.node("FROM item", select);
    }
    return subquery(select, level, level.correlated());
  }

  private FromNode subquery(ParenthesedSelect select, Scope level, Scope inner) {
    QueryAnalyzer.checkNoPivot(select.getPivot(), select.getUnPivot());
    if (select.getSampleClause() != null) {
      throw Unsupported.node("clause", select.getSampleClause());
    }
    List<OutputColumn> outputs = context.queries().analyze(select, inner);
    Alias alias = select.getAlias();
    RangeEntry entry =
        RangeEntry.derived(
            alias != null ? Names.fold(alias.getName()) : null,
            QueryAnalyzer.rename(outputs, QueryAnalyzer.aliasColumns(alias)));
    level.add(entry);
    return entry;
  }

  @Override
  public <S> FromNode visit(TableFunction tableFunction, S scope) {
    Scope level = (Scope) scope;
    QueryAnalyzer.checkNoPivot(tableFunction.getPivot(), tableFunction.getUnPivot());
    if (tableFunction.getSampleClause() != null
        || (tableFunction.getPrefix() != null
            && !tableFunction.getPrefix().equalsIgnoreCase("LATERAL"))) {
      throw Unsupported.node("FROM item", tableFunction);
    }
    String withClause = tableFunction.getWithClause();
    boolean ordinality = withClause != null && withClause.equalsIgnoreCase("ORDINALITY");
    if (withClause != null && !ordinality) {
      throw Unsupported.node("FROM item", tableFunction);
    }
    Function function = tableFunction.getFunction();
    // functions in FROM see the items before them, LATERAL or not
    Set<ColumnRef> sources = context.expressions(level).analyze(function);
    String functionName = FunctionNames.normalize(function.getMultipartName());
    String base = functionName.substring(functionName.lastIndexOf('.') + 1);
    Alias alias = tableFunction.getAlias();
    String name = alias != null ? Names.fold(alias.getName()) : base;
    List<String> columns = QueryAnalyzer.aliasColumns(alias);
    if (columns.isEmpty()) {
      if (FUNCTION_COLUMNS.containsKey(base)) {
        columns = new ArrayList<>(FUNCTION_COLUMNS.get(base));
      } else if (SCALAR_FUNCTIONS.contains(base)) {
        columns = new ArrayList<>(List.of(name));
      }
      if (!columns.isEmpty() && ordinality) {
        columns.add("ordinality");
      }
    }
    RangeEntry entry;
    if (columns.isEmpty()) {
      entry = RangeEntry.openDerived(name, sources);
    } else {
      List<OutputColumn> outputs = new ArrayList<>();
      for (String column : columns) {
        outputs.add(new OutputColumn(column, sources));
      }
      entry = RangeEntry.derived(name, outputs);
    }
    level.add(entry);
    return entry;
  }

  @Override
  public <S> FromNode visit(ParenthesedFromItem parenthesed, S scope) {
    Scope level = (Scope) scope;
    QueryAnalyzer.checkNoPivot(parenthesed.getPivot(), parenthesed.getUnPivot());
    if (parenthesed.getSampleClause() != null) {
      throw Unsupported.node("clause", parenthesed.getSampleClause());
    }
    List<FromNode> nodes = joinTree(parenthesed.getFromItem(), parenthesed.getJoins(), level);
    FromNode node = nodes.get(0);
    for (int i = 1; i < nodes.size(); i++) {
      node = new JoinNode(node, nodes.get(i), List.of());
    }
    Alias alias = parenthesed.getAlias();
    if (alias == null) {
      return node;
    }
    // an aliased join hides the names inside it
    level.remove(node.entries());
    RangeEntry entry =
        RangeEntry.derived(
            Names.fold(alias.getName()),
            QueryAnalyzer.rename(node.columns(), QueryAnalyzer.aliasColumns(alias)));
    level.add(entry);
    return entry;
  }

  @Override
  public <S> FromNode visit(Values values, S scope) {
    Scope level = (Scope) scope;
    QueryAnalyzer.checkNoPivot(values.getPivot(), values.getUnPivot());
    List<OutputColumn> outputs = context.queries().values(values, level.isolated());
    Alias alias = values.getAlias();
    RangeEntry entry =
        RangeEntry.derived(
            alias != null ? Names.fold(alias.getName()) : null,
            QueryAnalyzer.rename(outputs, QueryAnalyzer.aliasColumns(alias)));
    level.add(entry);
    return entry;
  }

  @Override
  public <S> FromNode visit(PlainSelect select, S scope) {
    throw Unsupported.node("FROM item", select);
  }

  @Override
  public <S> FromNode visit(SetOperationList select, S scope) {
    throw Unsupported.node("FROM item", select);
  }

  @Override
  public <S> FromNode visit(TableStatement select, S scope) {
    throw Unsupported.node("FROM item", select);
  }

  @Override
  public <S> FromNode visit(FromQuery query, S scope) {
    throw Unsupported.node("FROM item", query);
  }
}
