package io.dbwarden.sidecar.sql.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbwarden.sidecar.testing.DemoCatalog;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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
  void aParseThatOutlivesItsDeadlineIsRefusedAndNotRemembered() {
    // Deep nesting makes JSqlParser slow (seconds); the deadline is far shorter.
    String nested = "SELECT " + "(".repeat(10) + "1" + ")".repeat(10) + " + ".repeat(0);
    String query =
        nested + " FROM customers WHERE " + "(id = 1 OR ".repeat(9) + "true" + ")".repeat(9);
    try (AnalysisCache cache =
        new AnalysisCache(new StatementAnalyzer()::analyze, 1, Duration.ofMillis(1), 100)) {
      CompletableFuture<StatementAnalysis> analysis = cache.analysis(query, query, SCOPE);
      assertThatThrownBy(analysis::get)
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(AnalysisException.class)
          .hasMessageContaining("longer than 1 ms");
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
