package io.dbwarden.sidecar.approval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading the planner's estimate out of {@code EXPLAIN (FORMAT JSON)}. */
class RowEstimatorTest {

  @Test
  void aWriteCountsTheRowsOfTheNodeThatFeedsIt() {
    String plan =
        "[{\"Plan\": {\"Node Type\": \"ModifyTable\", \"Operation\": \"Delete\", \"Plan Rows\": 0,"
            + " \"Plans\": [{\"Node Type\": \"Seq Scan\", \"Plan Rows\": 1234}]}}]";
    assertThat(RowEstimator.rows(plan)).isEqualTo(1234);
  }

  @Test
  void aQueryCountsItsTopNode() {
    assertThat(RowEstimator.rows("[{\"Plan\": {\"Node Type\": \"Seq Scan\", \"Plan Rows\": 7}}]"))
        .isEqualTo(7);
  }

  @Test
  void somethingElseIsNoEstimate() {
    assertThat(RowEstimator.rows("not json")).isNull();
    assertThat(RowEstimator.rows("[{}]")).isNull();
  }

  @Test
  void withoutADatabaseThereIsNoEstimate() {
    assertThat(RowEstimator.NONE.estimate("shop", "DELETE FROM t").join()).isNull();
  }
}
