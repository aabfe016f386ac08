package io.dbwarden.sidecar.sql.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.dbwarden.sidecar.testing.AnalysisCorpus;
import io.dbwarden.sidecar.testing.AnalysisCorpus.Entry;
import io.dbwarden.sidecar.testing.DemoCatalog;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every statement of {@code analysis/corpus.yaml} through the analyzer against the demo
 * catalog (search path {@code public}, temporary table {@code tmp}) and checks the expectations
 * written next to it. The decisions written there are checked by {@code PolicyCorpusTest}.
 */
class AnalysisCorpusTest {

  private static final AnalysisScope SCOPE =
      new AnalysisScope(DemoCatalog.CATALOG, List.of("public"), Set.of("tmp"));

  private static final StatementAnalyzer ANALYZER = new StatementAnalyzer();

  static Stream<Arguments> entries() throws IOException {
    return AnalysisCorpus.entries().stream().map(entry -> Arguments.of(entry));
  }

  @Test
  void theCorpusIsLargeAndDecided() throws IOException {
    List<Entry> corpus = AnalysisCorpus.entries();
    assertThat(corpus).hasSizeGreaterThanOrEqualTo(220);
    assertThat(corpus).allSatisfy(entry -> assertThat(entry.decision()).isNotBlank());
    assertThat(corpus.stream().map(Entry::sql).collect(Collectors.toSet()))
        .as("no duplicate statements")
        .hasSize(corpus.size());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("entries")
  void statement(Entry entry) {
    StatementAnalysis analysis;
    try {
      analysis = ANALYZER.analyze(entry.sql(), SCOPE);
    } catch (AnalysisException e) {
      if (!Boolean.TRUE.equals(entry.parseError())) {
        fail("unexpected parse error: " + e.getMessage());
      }
      assertThat(e.timedOut()).isFalse();
      return;
    }
    assertThat(entry.parseError())
        .as("expected a parse error, got %s", analysis)
        .isNotEqualTo(true);
    check(entry, analysis);
  }

  private static void check(Entry entry, StatementAnalysis analysis) {
    if (entry.operation() != null) {
      assertThat(analysis.operation().name()).as("operation").isEqualTo(entry.operation());
    }
    if (Boolean.TRUE.equals(entry.unknown())) {
      assertThat(analysis.unknown()).as("unknown").isNotNull();
      return;
    }
    assertThat(analysis.unknown()).as("unknown").isNull();
    if (entry.objectKind() != null) {
      assertThat(String.valueOf(analysis.objectKind()))
          .as("objectKind")
          .isEqualTo(entry.objectKind());
    }
    assertThat(names(analysis.tablesRead())).as("read").isEqualTo(sorted(entry.read()));
    assertThat(names(analysis.tablesWritten())).as("written").isEqualTo(sorted(entry.written()));
    assertThat(names(analysis.features())).as("features").isEqualTo(sorted(entry.features()));
    if (entry.functions() != null) {
      assertThat(names(analysis.functions())).as("functions").isEqualTo(sorted(entry.functions()));
    }
    if (entry.columnsRead() != null) {
      assertThat(names(analysis.columnsRead()))
          .as("columnsRead")
          .isEqualTo(sorted(entry.columnsRead()));
    }
    if (entry.columnsWritten() != null) {
      assertThat(names(analysis.columnsWritten()))
          .as("columnsWritten")
          .isEqualTo(sorted(entry.columnsWritten()));
    }
    if (entry.lineage() != null) {
      assertThat(analysis.lineage())
          .extracting(OutputColumn::name)
          .as("lineage names")
          .containsExactlyElementsOf(entry.lineage().keySet());
      for (OutputColumn column : analysis.lineage()) {
        assertThat(names(column.sources()))
            .as("sources of %s", column.name())
            .isEqualTo(sorted(entry.lineage().get(column.name())));
      }
    }
    if (entry.preparedName() != null) {
      assertThat(analysis.preparedName()).as("preparedName").isEqualTo(entry.preparedName());
    }
    if (entry.inner() != null) {
      assertThat(analysis.inner()).as("inner").isNotNull();
      check(entry.inner(), analysis.inner());
    }
  }

  private static Set<String> names(Set<?> values) {
    return values.stream().map(String::valueOf).collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> sorted(List<String> values) {
    return values == null ? new TreeSet<>() : new TreeSet<>(values);
  }
}
