package io.dbwarden.sidecar.sql.analysis;

import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.RowConstructor;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.IsDistinctExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;

/**
 * Decides whether a WHERE (or MERGE's ON) limits a write to some of the target's rows. A condition
 * limits the rows when its truth depends on them: it references the target (directly or from a
 * correlated subquery). A condition without such a reference ({@code 1=1}, {@code true}, {@code
 * $1=$1}, {@code NOT false}, a condition on another table only) or a comparison of an expression
 * with itself ({@code id = id}) does not; {@code AND} limits when either side does, {@code OR} only
 * when both do. Constants are never looked at, so {@code 1=2} counts as unlimited too: the same
 * shape must always get the same answer.
 *
 * <p>Analysing the condition this way also records its reads, so it is walked exactly once.
 */
final class WriteBounds {

  private final ExpressionAnalyzer analyzer;
  private final RangeEntry target;

  WriteBounds(ExpressionAnalyzer analyzer, RangeEntry target) {
    this.analyzer = analyzer;
    this.target = target;
  }

  /** Whether the condition limits the rows; false for a missing condition. */
  boolean limits(Expression condition) {
    if (condition == null) {
      return false;
    }
    if (condition instanceof ParenthesedExpressionList<?> list
        && !(condition instanceof RowConstructor<?>)
        && list.size() == 1) {
      return limits(list.get(0));
    }
    if (condition instanceof AndExpression and) {
      boolean left = limits(and.getLeftExpression());
      boolean right = limits(and.getRightExpression());
      return left || right;
    }
    if (condition instanceof OrExpression or) {
      boolean left = limits(or.getLeftExpression());
      boolean right = limits(or.getRightExpression());
      return left && right;
    }
    if (condition instanceof NotExpression not) {
      return limits(not.getExpression());
    }
    if (condition instanceof ComparisonOperator || condition instanceof IsDistinctExpression) {
      var comparison = (net.sf.jsqlparser.expression.BinaryExpression) condition;
      if (sameShape(comparison.getLeftExpression(), comparison.getRightExpression())) {
        analyzer.analyze(condition);
        return false;
      }
    }
    int before = target.references();
    analyzer.analyze(condition);
    return target.references() > before;
  }

  private static boolean sameShape(Expression left, Expression right) {
    try {
      return ExpressionShape.of(unwrap(left)).equals(ExpressionShape.of(unwrap(right)));
    } catch (RuntimeException cannotPrint) {
      // the deparser does not know every node; such a comparison is judged by its references
      return false;
    }
  }

  private static Expression unwrap(Expression expression) {
    Expression current = expression;
    while (current instanceof ParenthesedExpressionList<?> list
        && !(current instanceof RowConstructor<?>)
        && list.size() == 1) {
      current = list.get(0);
    }
    return current;
  }
}
