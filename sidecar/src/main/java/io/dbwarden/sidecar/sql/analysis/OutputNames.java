package io.dbwarden.sidecar.sql.analysis;

import java.util.Map;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.ArrayConstructor;
import net.sf.jsqlparser.expression.ArrayExpression;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.CollateExpression;
import net.sf.jsqlparser.expression.DateTimeLiteralExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExtractExpression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.IntervalExpression;
import net.sf.jsqlparser.expression.RowConstructor;
import net.sf.jsqlparser.expression.RowGetExpression;
import net.sf.jsqlparser.expression.TimeKeyExpression;
import net.sf.jsqlparser.expression.TimezoneExpression;
import net.sf.jsqlparser.expression.TrimFunction;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.create.table.ColDataType;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;

/**
 * The name PostgreSQL gives a result column without an alias ({@code FigureColname} in the server):
 * a column's name, a function's name, the type of a cast of something nameless, {@code case},
 * {@code exists}, {@code array}, {@code row}, and {@code ?column?} for everything else.
 */
final class OutputNames {

  static final String UNNAMED = "?column?";

  /** Type names as the server prints them after the grammar translated SQL spellings. */
  private static final Map<String, String> TYPE_NAMES =
      Map.ofEntries(
          Map.entry("int", "int4"),
          Map.entry("integer", "int4"),
          Map.entry("bigint", "int8"),
          Map.entry("smallint", "int2"),
          Map.entry("real", "float4"),
          Map.entry("float", "float8"),
          Map.entry("double precision", "float8"),
          Map.entry("boolean", "bool"),
          Map.entry("character varying", "varchar"),
          Map.entry("char varying", "varchar"),
          Map.entry("character", "bpchar"),
          Map.entry("char", "bpchar"),
          Map.entry("decimal", "numeric"),
          Map.entry("dec", "numeric"),
          Map.entry("timestamp without time zone", "timestamp"),
          Map.entry("timestamp with time zone", "timestamptz"),
          Map.entry("time without time zone", "time"),
          Map.entry("time with time zone", "timetz"),
          Map.entry("bit varying", "varbit"));

  private OutputNames() {}

  static String of(SelectItem<?> item) {
    if (item.getAlias() != null) {
      return Names.fold(item.getAlias().getName());
    }
    return of(item.getExpression());
  }

  static String of(Expression expression) {
    String name = named(expression);
    return name != null ? name : UNNAMED;
  }

  /** The name the expression gives its column, or null when it has none of its own. */
  private static String named(Expression expression) {
    if (expression instanceof Column column) {
      if (ColumnResolver.isValueKeyword(column)) {
        return Names.lower(column.getColumnName());
      }
      return Names.fold(column.getColumnName());
    }
    if (expression instanceof Function function) {
      String raw = function.getMultipartName().get(function.getMultipartName().size() - 1);
      if (function.getAttribute() != null) {
        // (f(x)).field is named after the field
        return function.getAttributeColumn() != null
            ? Names.fold(function.getAttributeColumn().getColumnName())
            : UNNAMED;
      }
      return Names.fold(raw);
    }
    if (expression instanceof AnalyticExpression analytic) {
      return Names.fold(analytic.getName());
    }
    if (expression instanceof CastExpression cast) {
      String inner = named(cast.getLeftExpression());
      return inner != null ? inner : typeName(cast.getColDataType());
    }
    if (expression instanceof CollateExpression collate) {
      return named(collate.getLeftExpression());
    }
    if (expression instanceof RowConstructor<?>) {
      return "row";
    }
    if (expression instanceof ParenthesedExpressionList<?> list) {
      return list.size() == 1 ? named(list.get(0)) : "row";
    }
    if (expression instanceof CaseExpression) {
      return "case";
    }
    if (expression instanceof ExistsExpression) {
      return "exists";
    }
    if (expression instanceof ArrayConstructor) {
      return "array";
    }
    if (expression instanceof ArrayExpression subscript) {
      return named(subscript.getObjExpression());
    }
    if (expression instanceof RowGetExpression field) {
      return Names.fold(field.getColumnName());
    }
    if (expression instanceof BooleanValue) {
      return "bool";
    }
    if (expression instanceof IntervalExpression) {
      return "interval";
    }
    if (expression instanceof DateTimeLiteralExpression literal) {
      return switch (literal.getType()) {
        case DATE -> "date";
        case TIME -> "time";
        case TIMESTAMPTZ -> "timestamptz";
        default -> "timestamp";
      };
    }
    if (expression instanceof TimeKeyExpression key) {
      return Names.lower(key.getStringValue().replaceAll("\\(.*", "").trim());
    }
    if (expression instanceof TimezoneExpression) {
      // x AT TIME ZONE z is a call of timezone(z, x)
      return "timezone";
    }
    if (expression instanceof ExtractExpression) {
      return "extract";
    }
    if (expression instanceof TrimFunction trim) {
      TrimFunction.TrimSpecification spec = trim.getTrimSpecification();
      if (spec == TrimFunction.TrimSpecification.LEADING) {
        return "ltrim";
      }
      return spec == TrimFunction.TrimSpecification.TRAILING ? "rtrim" : "btrim";
    }
    if (expression instanceof ParenthesedSelect subquery) {
      return firstColumnName(subquery.getSelect());
    }
    return null;
  }

  /** A scalar subquery is named after its first column. */
  private static String firstColumnName(Select select) {
    if (select instanceof ParenthesedSelect inner) {
      return firstColumnName(inner.getSelect());
    }
    if (select instanceof SetOperationList setOperation) {
      return firstColumnName(setOperation.getSelects().get(0));
    }
    if (select instanceof PlainSelect plain && !plain.getSelectItems().isEmpty()) {
      return of(plain.getSelectItems().get(0));
    }
    return UNNAMED;
  }

  /** A type's name as the server prints it for a column named after a cast. */
  static String typeName(ColDataType type) {
    String written = type.getDataType().replaceAll("\\s*\\(.*", "").replaceAll("\\s+", " ");
    if (Names.isQuoted(written)) {
      return Names.fold(written);
    }
    String lower = Names.lower(written.trim());
    String mapped = TYPE_NAMES.get(lower);
    if (mapped != null) {
      return mapped;
    }
    int dot = lower.lastIndexOf('.');
    return dot >= 0 ? Names.fold(written.substring(dot + 1)) : lower;
  }
}
