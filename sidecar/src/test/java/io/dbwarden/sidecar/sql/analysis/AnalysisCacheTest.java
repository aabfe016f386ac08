package io.dbwarden.sidecar.sql.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbwarden.sidecar.testing.DemoCatalog;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AnalysisCacheTest {

  private static final AnalysisScope SCOPE = AnalysisScope.of(DemoCatalog.CATALOG);

  @Test
  void aStatementShapeIsParsedOnceWhateverItsLiterals() throws Exception {
    try (AnalysisCache cache =
        new AnalysisCache(new StatementAnalyzer()::analyze, 1, Duration.ofSeconds(10), 100)) {
      CompletableFuture<StatementAnalysis> first =
          cache.analysis(
              "select * from customers where id = $1",
              "SELECT * FROM customers WHERE id = 1",
              SCOPE);
      CompletableFuture<StatementAnalysis> second =
          cache.analysis(
              "select * from customers where id = $1",
              "SELECT * FROM customers WHERE id = 2",
              SCOPE);
      assertThat(second).isSameAs(first);
      assertThat(first.get().tablesRead())
          .extracting(TableRef::toString)
          .containsExactly("public.customers");
      assertThat(cache.size()).isEqualTo(1);
    }
  }

  @Test
  void aParseErrorIsRememberedLikeAResult() {
    try (AnalysisCache cache =
        new AnalysisCache(new StatementAnalyzer()::analyze, 1, Duration.ofSeconds(10), 100)) {
      CompletableFuture<StatementAnalysis> first = cache.analysis("selec $1", "SELEC 1", SCOPE);
      assertThatThrownBy(first::get).hasCauseInstanceOf(AnalysisException.class);
      assertThat(cache.analysis("selec $1", "SELEC 2", SCOPE)).isSameAs(first);
    }
  }

  @Test
  void aParseThatOutlivesItsDeadlineIsCancelledRefusedAndNotRemembered() throws Exception {
    CountDownLatch cancelled = new CountDownLatch(1);
    // A parse that only ends when told to, as a pathological statement would take its time.
    AnalysisCache.Analyzer stuck =
        (statement, scope, cancel) -> {
          while (!cancel.isCancelled()) {
            Thread.onSpinWait();
          }
          cancelled.countDown();
          throw new AnalysisException("cancelled");
        };
    try (AnalysisCache cache = new AnalysisCache(stuck, 1, Duration.ofMillis(50), 100)) {
      CompletableFuture<StatementAnalysis> analysis =
          cache.analysis("select $1", "SELECT 1", SCOPE);
      assertThatThrownBy(analysis::get)
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(AnalysisException.class)
          .hasMessageContaining("longer than 50 ms");
      assertThat(cancelled.await(10, TimeUnit.SECONDS)).as("the parse was told to stop").isTrue();
      assertThat(cache.size()).isZero();
    }
  }

  @Test
  void theCacheStaysBounded() throws Exception {
    try (AnalysisCache cache =
        new AnalysisCache(new StatementAnalyzer()::analyze, 1, Duration.ofSeconds(10), 16)) {
      for (int i = 0; i < 100; i++) {
        cache.analysis("select c" + i + " from t", "SELECT c" + i + " FROM t", SCOPE).get();
      }
      assertThat(cache.size()).isLessThanOrEqualTo(16);
    }
  }
}
