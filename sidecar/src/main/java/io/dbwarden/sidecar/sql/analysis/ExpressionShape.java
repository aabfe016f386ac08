package io.dbwarden.sidecar.sql.analysis;

import net.sf.jsqlparser.expression.DateTimeLiteralExpression;
import net.sf.jsqlparser.expression.DateValue;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.HexValue;
import net.sf.jsqlparser.expression.IntervalExpression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TimeValue;
import net.sf.jsqlparser.expression.TimestampValue;
import net.sf.jsqlparser.util.deparser.ExpressionDeParser;
import net.sf.jsqlparser.util.deparser.SelectDeParser;

/**
 * An expression printed with every constant replaced by {@code ?}: two expressions with the same
 * shape differ at most in constant values. Self-comparisons ({@code id = id}) are recognised by
 * shape, so that the answer never depends on a constant's value.
 */
final class ExpressionShape extends ExpressionDeParser {

  private static final String CONSTANT = "?";

  private ExpressionShape(StringBuilder builder) {
    super(null, builder);
  }

  static String of(Expression expression) {
    StringBuilder builder = new StringBuilder();
    ExpressionShape shape = new ExpressionShape(builder);
    shape.setSelectVisitor(new SelectDeParser(shape, builder));
    expression.accept(shape, null);
    return builder.toString();
  }

  @Override
  public <S> StringBuilder visit(LongValue value, S context) {
    return builder.append(CONSTANT);
  }

  @Override
  public <S> StringBuilder visit(DoubleValue value, S context) {
    return builder.append(CONSTANT);
  }

  @Override
  public <S> StringBuilder visit(StringValue value, S context) {
    return builder.append(CONSTANT);
  }

  @Override
  public <S> StringBuilder visit(HexValue value, S context) {
    return builder.append(CONSTANT);
  }

  @Override
  public <S> StringBuilder visit(DateValue value, S context) {
    return builder.append(CONSTANT);
  }

  @Override
  public <S> StringBuilder visit(TimeValue value, S context) {
    return builder.append(CONSTANT);
  }

  @Override
  public <S> StringBuilder visit(TimestampValue value, S context) {
    return builder.append(CONSTANT);
  }

  @Override
  public <S> StringBuilder visit(DateTimeLiteralExpression value, S context) {
    return builder.append(CONSTANT);
  }

  @Override
  public <S> StringBuilder visit(IntervalExpression value, S context) {
    return builder.append(CONSTANT);
  }
}
