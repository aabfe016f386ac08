package io.dbwarden.sidecar.sql.analysis;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.expression.AllValue;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.AnalyticType;
import net.sf.jsqlparser.expression.AnyComparisonExpression;
import net.sf.jsqlparser.expression.ArrayConstructor;
import net.sf.jsqlparser.expression.ArrayExpression;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.CollateExpression;
import net.sf.jsqlparser.expression.ConnectByPriorOperator;
import net.sf.jsqlparser.expression.ConnectByRootOperator;
import net.sf.jsqlparser.expression.DateTimeLiteralExpression;
import net.sf.jsqlparser.expression.DateValue;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitor;
import net.sf.jsqlparser.expression.ExtractExpression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.HexValue;
import net.sf.jsqlparser.expression.HighExpression;
import net.sf.jsqlparser.expression.IntervalExpression;
import net.sf.jsqlparser.expression.Inverse;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.JsonAggregateFunction;
import net.sf.jsqlparser.expression.JsonExpression;
import net.sf.jsqlparser.expression.JsonFunction;
import net.sf.jsqlparser.expression.KeepExpression;
import net.sf.jsqlparser.expression.LambdaExpression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.LowExpression;
import net.sf.jsqlparser.expression.MySQLGroupConcat;
import net.sf.jsqlparser.expression.NextValExpression;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.NumericBind;
import net.sf.jsqlparser.expression.OracleHierarchicalExpression;
import net.sf.jsqlparser.expression.OracleHint;
import net.sf.jsqlparser.expression.OracleNamedFunctionParameter;
import net.sf.jsqlparser.expression.OverlapsCondition;
import net.sf.jsqlparser.expression.RangeExpression;
import net.sf.jsqlparser.expression.RowConstructor;
import net.sf.jsqlparser.expression.RowGetExpression;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.StructType;
import net.sf.jsqlparser.expression.TimeKeyExpression;
import net.sf.jsqlparser.expression.TimeValue;
import net.sf.jsqlparser.expression.TimestampValue;
import net.sf.jsqlparser.expression.TimezoneExpression;
import net.sf.jsqlparser.expression.TranscodingFunction;
import net.sf.jsqlparser.expression.TrimFunction;
import net.sf.jsqlparser.expression.UserVariable;
import net.sf.jsqlparser.expression.VariableAssignment;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.WindowDefinition;
import net.sf.jsqlparser.expression.WindowElement;
import net.sf.jsqlparser.expression.WindowOffset;
import net.sf.jsqlparser.expression.XMLSerializeExpr;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.BitwiseAnd;
import net.sf.jsqlparser.expression.operators.arithmetic.BitwiseLeftShift;
import net.sf.jsqlparser.expression.operators.arithmetic.BitwiseOr;
import net.sf.jsqlparser.expression.operators.arithmetic.BitwiseRightShift;
import net.sf.jsqlparser.expression.operators.arithmetic.BitwiseXor;
import net.sf.jsqlparser.expression.operators.arithmetic.Concat;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.IntegerDivision;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.conditional.XorExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ContainedBy;
import net.sf.jsqlparser.expression.operators.relational.Contains;
import net.sf.jsqlparser.expression.operators.relational.CosineSimilarity;
import net.sf.jsqlparser.expression.operators.relational.DoubleAnd;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExcludesExpression;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.FullTextSearch;
import net.sf.jsqlparser.expression.operators.relational.GeometryDistance;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IncludesExpression;
import net.sf.jsqlparser.expression.operators.relational.IsBooleanExpression;
import net.sf.jsqlparser.expression.operators.relational.IsDistinctExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.IsUnknownExpression;
import net.sf.jsqlparser.expression.operators.relational.JsonOperator;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.Matches;
import net.sf.jsqlparser.expression.operators.relational.MemberOfExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.Plus;
import net.sf.jsqlparser.expression.operators.relational.PriorTo;
import net.sf.jsqlparser.expression.operators.relational.RegExpMatchOperator;
import net.sf.jsqlparser.expression.operators.relational.SimilarToExpression;
import net.sf.jsqlparser.expression.operators.relational.TSQLLeftJoin;
import net.sf.jsqlparser.expression.operators.relational.TSQLRightJoin;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.piped.FromQuery;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FunctionAllColumns;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Walks an expression, records the columns and functions it uses and the subqueries in it, and
 * returns the stored columns its value derives from (its lineage): operands of operators, function
 * arguments, cast inputs, every branch and condition of CASE, the output of scalar subqueries.
 * Conditions that only filter (EXISTS, IN subqueries, FILTER, window ordering) are recorded as
 * reads but are not sources. Every JSqlParser expression type is listed: the ones PostgreSQL does
 * not have fail closed.
 */
final class ExpressionAnalyzer implements ExpressionVisitor<Set<ColumnRef>> {

  private final AnalysisContext context;
  private final Scope scope;

  ExpressionAnalyzer(AnalysisContext context, Scope scope) {
    this.context = context;
    this.scope = scope;
  }

  /** The sources of an expression (empty for null). */
  Set<ColumnRef> analyze(Expression expression) {
    if (expression == null) {
      return Set.of();
    }
    Set<ColumnRef> sources = expression.accept(this, null);
    return sources == null ? Set.of() : sources;
  }

  Set<ColumnRef> analyzeAll(List<? extends Expression> expressions) {
    if (expressions == null) {
      return Set.of();
    }
    Set<ColumnRef> all = new LinkedHashSet<>();
    for (Expression expression : expressions) {
      all.addAll(analyze(expression));
    }
    return all;
  }

  private static Set<ColumnRef> union(Set<ColumnRef> a, Set<ColumnRef> b) {
    return RangeEntry.union(a, b);
  }

  private Set<ColumnRef> binary(BinaryExpression expression) {
    return union(analyze(expression.getLeftExpression()), analyze(expression.getRightExpression()));
  }

  private Set<ColumnRef> subquery(Select select) {
    List<OutputColumn> outputs = context.queries().analyze(select, scope.correlated());
    Set<ColumnRef> all = new LinkedHashSet<>();
    for (OutputColumn output : outputs) {
      all.addAll(output.sources());
    }
    return all;
  }

  private void readOrderBy(List<OrderByElement> elements) {
    if (elements != null) {
      for (OrderByElement element : elements) {
        analyze(element.getExpression());
      }
    }
  }

  private static Set<ColumnRef> none() {
    return Set.of();
  }

  private static <S> Set<ColumnRef> unsupported(Object node) {
    throw Unsupported.node("expression", node);
  }

  // ---- constants and parameters: no sources ----

  @Override
  public <S> Set<ColumnRef> visit(NullValue value, S context) {
    return none();
  }

  @Override
  public <S> Set<ColumnRef> visit(DoubleValue value, S context) {
    return none();
  }

  @Override
  public <S> Set<ColumnRef> visit(LongValue value, S context) {
    return none();
  }

  @Override
  public <S> Set<ColumnRef> visit(HexValue value, S context) {
    return none();
  }

  @Override
  public <S> Set<ColumnRef> visit(DateValue value, S context) {
    return none();
  }

  @Override
  public <S> Set<ColumnRef> visit(TimeValue value, S context) {
    return none();
  }

  @Override
  public <S> Set<ColumnRef> visit(TimestampValue value, S context) {
    return none();
  }

  @Override
  public <S> Set<ColumnRef> visit(StringValue value, S context) {
    return none();
  }

  @Override
  public <S> Set<ColumnRef> visit(BooleanValue value, S context) {
    return none();
  }

  @Override
  public <S> Set<ColumnRef> visit(DateTimeLiteralExpression value, S context) {
    return none();
  }

  @Override
  public <S> Set<ColumnRef> visit(TimeKeyExpression value, S context) {
    return none();
  }

  @Override
  public <S> Set<ColumnRef> visit(JdbcParameter parameter, S context) {
    if (!"$".equals(parameter.getParameterCharacter())) {
      return unsupported(parameter);
    }
    return none();
  }

  @Override
  public <S> Set<ColumnRef> visit(IntervalExpression interval, S context) {
    return analyze(interval.getExpression());
  }

  // ---- columns ----

  @Override
  public <S> Set<ColumnRef> visit(Column column, S context) {
    Set<ColumnRef> sources = new ColumnResolver(this.context, scope).resolve(column);
    if (column.getArrayConstructor() != null) {
      // subscripts are read but the element still derives from the column
      analyze(column.getArrayConstructor());
    }
    return sources;
  }

  @Override
  public <S> Set<ColumnRef> visit(AllTableColumns columns, S context) {
    // t.* inside an expression (row_to_json(t.*)) is the whole row
    Column asColumn = new Column(columns.getTable(), columns.getTable().getName());
    asColumn.setTable(null);
    return new ColumnResolver(this.context, scope).resolve(asColumn);
  }

  @Override
  public <S> Set<ColumnRef> visit(AllColumns columns, S context) {
    if (columns.getExceptColumns() != null || columns.getReplaceExpressions() != null) {
      return unsupported(columns);
    }
    // only count(*) puts * in an expression: it reads no column
    return none();
  }

  @Override
  public <S> Set<ColumnRef> visit(FunctionAllColumns columns, S context) {
    return unsupported(columns);
  }

  // ---- operators ----

  @Override
  public <S> Set<ColumnRef> visit(Addition expression, S context) {
    return binary(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(Subtraction expression, S context) {
    return binary(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(Multiplication expression, S context) {
    return binary(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(Division expression, S context) {
    return binary(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(IntegerDivision expression, S context) {
    return unsupported(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(Modulo expression, S context) {
    return binary(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(Concat expression, S context) {
    return binary(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(BitwiseAnd expression, S context) {
    return binary(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(BitwiseOr expression, S context) {
    return binary(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(BitwiseXor expression, S context) {
    return binary(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(BitwiseLeftShift expression, S context) {
    return binary(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(BitwiseRightShift expression, S context) {
    return binary(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(AndExpression expression, S context) {
    return binary(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(OrExpression expression, S context) {
    return binary(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(XorExpression expression, S context) {
    return unsupported(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(EqualsTo expression, S context) {
    return binary(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(NotEqualsTo expression, S context) {
    return binary(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(GreaterThan expression, S context) {
    return binary(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(GreaterThanEquals expression, S context) {
    return binary(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(MinorThan expression, S context) {
    return binary(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(MinorThanEquals expression, S context) {
    return binary(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(IsDistinctExpression expression, S context) {
    return binary(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(LikeExpression expression, S context) {
    switch (expression.getLikeKeyWord()) {
      case LIKE, ILIKE, SIMILAR_TO -> {
        // LIKE ... ESCAPE: the escape character is a constant or an expression
        return union(binary(expression), analyze(expression.getEscape()));
      }
      default -> {
        return unsupported(expression);
      }
    }
  }

  @Override
  public <S> Set<ColumnRef> visit(SimilarToExpression expression, S context) {
    return binary(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(RegExpMatchOperator expression, S context) {
    return binary(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(JsonOperator expression, S context) {
    return binary(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(Contains expression, S context) {
    return binary(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(ContainedBy expression, S context) {
    return binary(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(DoubleAnd expression, S context) {
    return binary(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(Matches expression, S context) {
    return binary(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(GeometryDistance expression, S context) {
    return binary(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(CosineSimilarity expression, S context) {
    return binary(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(Between expression, S context) {
    Set<ColumnRef> all = new LinkedHashSet<>(analyze(expression.getLeftExpression()));
    all.addAll(analyze(expression.getBetweenExpressionStart()));
    all.addAll(analyze(expression.getBetweenExpressionEnd()));
    return all;
  }

  @Override
  public <S> Set<ColumnRef> visit(InExpression expression, S context) {
    if (expression.isGlobal() || expression.getOldOracleJoinSyntax() != 0) {
      return unsupported(expression);
    }
    return union(analyze(expression.getLeftExpression()), analyze(expression.getRightExpression()));
  }

  @Override
  public <S> Set<ColumnRef> visit(IsNullExpression expression, S context) {
    return analyze(expression.getLeftExpression());
  }

  @Override
  public <S> Set<ColumnRef> visit(IsBooleanExpression expression, S context) {
    return analyze(expression.getLeftExpression());
  }

  @Override
  public <S> Set<ColumnRef> visit(IsUnknownExpression expression, S context) {
    return analyze(expression.getLeftExpression());
  }

  @Override
  public <S> Set<ColumnRef> visit(NotExpression expression, S context) {
    return analyze(expression.getExpression());
  }

  @Override
  public <S> Set<ColumnRef> visit(SignedExpression expression, S context) {
    return analyze(expression.getExpression());
  }

  @Override
  public <S> Set<ColumnRef> visit(OverlapsCondition expression, S context) {
    return union(analyze(expression.getLeft()), analyze(expression.getRight()));
  }

  @Override
  public <S> Set<ColumnRef> visit(JsonExpression expression, S context) {
    Set<ColumnRef> all = new LinkedHashSet<>(analyze(expression.getExpression()));
    all.addAll(analyzeAll(expression.getIdents()));
    return all;
  }

  @Override
  public <S> Set<ColumnRef> visit(TimezoneExpression expression, S context) {
    Set<ColumnRef> all = new LinkedHashSet<>(analyze(expression.getLeftExpression()));
    all.addAll(analyzeAll(expression.getTimezoneExpressions()));
    return all;
  }

  @Override
  public <S> Set<ColumnRef> visit(CollateExpression expression, S context) {
    return analyze(expression.getLeftExpression());
  }

  // ---- structured values ----

  @Override
  public <S> Set<ColumnRef> visit(ExpressionList<? extends Expression> list, S context) {
    return analyzeAll(list);
  }

  @Override
  public <S> Set<ColumnRef> visit(RowConstructor<? extends Expression> row, S context) {
    return analyzeAll(row);
  }

  @Override
  public <S> Set<ColumnRef> visit(RowGetExpression expression, S context) {
    return analyze(expression.getExpression());
  }

  @Override
  public <S> Set<ColumnRef> visit(ArrayExpression expression, S context) {
    Set<ColumnRef> sources = analyze(expression.getObjExpression());
    analyze(expression.getIndexExpression());
    analyze(expression.getStartIndexExpression());
    analyze(expression.getStopIndexExpression());
    return sources;
  }

  @Override
  public <S> Set<ColumnRef> visit(ArrayConstructor expression, S context) {
    return analyze(expression.getExpressions());
  }

  @Override
  public <S> Set<ColumnRef> visit(CaseExpression expression, S context) {
    Set<ColumnRef> all = new LinkedHashSet<>(analyze(expression.getSwitchExpression()));
    for (WhenClause when : expression.getWhenClauses()) {
      all.addAll(analyze(when));
    }
    all.addAll(analyze(expression.getElseExpression()));
    return all;
  }

  @Override
  public <S> Set<ColumnRef> visit(WhenClause expression, S context) {
    // the condition decides which value comes out: it is a source too
    return union(analyze(expression.getWhenExpression()), analyze(expression.getThenExpression()));
  }

  @Override
  public <S> Set<ColumnRef> visit(CastExpression expression, S context) {
    if (expression.getColumnDefinitions() != null && !expression.getColumnDefinitions().isEmpty()) {
      return unsupported(expression);
    }
    return analyze(expression.getLeftExpression());
  }

  @Override
  public <S> Set<ColumnRef> visit(ExtractExpression expression, S context) {
    record("extract");
    return analyze(expression.getExpression());
  }

  @Override
  public <S> Set<ColumnRef> visit(TrimFunction expression, S context) {
    // the server calls btrim, ltrim or rtrim
    record(OutputNames.of(expression));
    return union(analyze(expression.getExpression()), analyze(expression.getFromExpression()));
  }

  // ---- functions ----

  @Override
  public <S> Set<ColumnRef> visit(Function function, S context) {
    if (function.getKeep() != null
        || function.isEscaped()
        || function.getHavingClause() != null
        || function.getLimit() != null
        || function.getOnOverflowTruncate() != null
        || function.getNullHandling() != null
        || function.isUnique()) {
      return unsupported(function);
    }
    String name = FunctionNames.normalize(function.getMultipartName());
    if (!isSyntax(function, name)) {
      record(name);
    }
    Set<ColumnRef> all = new LinkedHashSet<>(analyze(function.getParameters()));
    all.addAll(analyze(function.getNamedParameters()));
    if (function.getAttribute() instanceof Expression attribute) {
      all.addAll(analyze(attribute));
    }
    readOrderBy(function.getOrderByElements());
    return all;
  }

  /** {@code = ANY(array)}, {@code ARRAY(subquery)} and {@code ROW(...)} parse as functions. */
  private static boolean isSyntax(Function function, String name) {
    return function.getMultipartName().size() == 1
        && !Names.isQuoted(function.getName())
        && (name.equals("any")
            || name.equals("all")
            || name.equals("some")
            || name.equals("array")
            || name.equals("row"));
  }

  void record(String functionName) {
    this.context.facts.functions.add(functionName);
    if (FunctionNames.runsDynamicSql(functionName)) {
      this.context.facts.features.add(Feature.DYNAMIC_SQL);
    }
  }

  @Override
  public <S> Set<ColumnRef> visit(AnalyticExpression expression, S context) {
    if (expression.getKeep() != null
        || expression.getHavingClause() != null
        || expression.getLimit() != null
        || expression.getNullHandling() != null
        || expression.getOnOverflowTruncate() != null
        || expression.isIgnoreNulls()
        || expression.isIgnoreNullsOutside()
        || expression.isUnique()) {
      return unsupported(expression);
    }
    record(Names.fold(expression.getName()));
    Set<ColumnRef> all = new LinkedHashSet<>(analyze(expression.getExpression()));
    all.addAll(analyze(expression.getOffset()));
    all.addAll(analyze(expression.getDefaultValue()));
    analyze(expression.getPartitionExpressionList());
    if (expression.getType() == AnalyticType.WITHIN_GROUP
        || expression.getType() == AnalyticType.WITHIN_GROUP_OVER) {
      // an ordered-set aggregate (percentile_cont) computes its value from the WITHIN GROUP keys
      if (expression.getOrderByElements() != null) {
        for (OrderByElement element : expression.getOrderByElements()) {
          all.addAll(analyze(element.getExpression()));
        }
      }
    } else {
      readOrderBy(expression.getOrderByElements());
    }
    readOrderBy(expression.getFuncOrderBy());
    analyze(expression.getFilterExpression());
    readWindow(expression.getWindowElement());
    WindowDefinition window = expression.getWindowDefinition();
    if (window != null) {
      readWindowDefinition(window);
    }
    return all;
  }

  void readWindowDefinition(WindowDefinition window) {
    analyze(window.getPartitionExpressionList());
    readOrderBy(window.getOrderByElements());
    readWindow(window.getWindowElement());
  }

  private void readWindow(WindowElement element) {
    if (element == null) {
      return;
    }
    if (element.getOffset() != null) {
      readOffset(element.getOffset());
    }
    if (element.getRange() != null) {
      readOffset(element.getRange().getStart());
      readOffset(element.getRange().getEnd());
    }
  }

  private void readOffset(WindowOffset offset) {
    if (offset != null) {
      analyze(offset.getExpression());
    }
  }

  // ---- subqueries ----

  @Override
  public <S> Set<ColumnRef> visit(ParenthesedSelect select, S context) {
    return subquery(select);
  }

  @Override
  public <S> Set<ColumnRef> visit(Select select, S context) {
    return subquery(select);
  }

  @Override
  public <S> Set<ColumnRef> visit(ExistsExpression expression, S context) {
    // the subquery is read, but only whether it has rows comes out
    analyze(expression.getRightExpression());
    return none();
  }

  @Override
  public <S> Set<ColumnRef> visit(AnyComparisonExpression expression, S context) {
    return subquery(expression.getSelect());
  }

  // ---- not PostgreSQL: fail closed ----

  @Override
  public <S> Set<ColumnRef> visit(JdbcNamedParameter parameter, S context) {
    return unsupported(parameter);
  }

  @Override
  public <S> Set<ColumnRef> visit(NumericBind bind, S context) {
    return unsupported(bind);
  }

  @Override
  public <S> Set<ColumnRef> visit(UserVariable variable, S context) {
    return unsupported(variable);
  }

  @Override
  public <S> Set<ColumnRef> visit(VariableAssignment assignment, S context) {
    return unsupported(assignment);
  }

  @Override
  public <S> Set<ColumnRef> visit(IncludesExpression expression, S context) {
    return unsupported(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(ExcludesExpression expression, S context) {
    return unsupported(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(FullTextSearch expression, S context) {
    return unsupported(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(MemberOfExpression expression, S context) {
    return unsupported(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(OracleHierarchicalExpression expression, S context) {
    return unsupported(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(KeepExpression expression, S context) {
    return unsupported(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(MySQLGroupConcat expression, S context) {
    return unsupported(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(OracleHint hint, S context) {
    return unsupported(hint);
  }

  @Override
  public <S> Set<ColumnRef> visit(NextValExpression expression, S context) {
    return unsupported(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(XMLSerializeExpr expression, S context) {
    return unsupported(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(JsonAggregateFunction expression, S context) {
    return unsupported(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(JsonFunction expression, S context) {
    return unsupported(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(ConnectByRootOperator expression, S context) {
    return unsupported(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(ConnectByPriorOperator expression, S context) {
    return unsupported(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(OracleNamedFunctionParameter expression, S context) {
    return unsupported(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(AllValue expression, S context) {
    return unsupported(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(TranscodingFunction expression, S context) {
    return unsupported(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(RangeExpression expression, S context) {
    return unsupported(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(TSQLLeftJoin expression, S context) {
    return unsupported(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(TSQLRightJoin expression, S context) {
    return unsupported(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(StructType expression, S context) {
    return unsupported(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(LambdaExpression expression, S context) {
    return unsupported(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(HighExpression expression, S context) {
    return unsupported(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(LowExpression expression, S context) {
    return unsupported(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(Plus expression, S context) {
    return unsupported(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(PriorTo expression, S context) {
    return unsupported(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(Inverse expression, S context) {
    return unsupported(expression);
  }

  @Override
  public <S> Set<ColumnRef> visit(FromQuery query, S context) {
    return unsupported(query);
  }
}
