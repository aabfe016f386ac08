package io.dbwarden.sidecar.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * The statement corpus ({@code analysis/corpus.yaml}): PostgreSQL statements with the analysis and
 * the decision expected for each, checked by the analysis and the policy tests alike.
 */
public final class AnalysisCorpus {

  private AnalysisCorpus() {}

  /**
   * One corpus entry; absent table and feature lists mean "none", other absent fields are not
   * checked.
   */
  public record Entry(
      String sql,
      String operation,
      String objectKind,
      List<String> read,
      List<String> written,
      List<String> columnsRead,
      List<String> columnsWritten,
      List<String> features,
      List<String> functions,
      Map<String, List<String>> lineage,
      Boolean unknown,
      Boolean parseError,
      String decision,
      String preparedName,
      Entry inner,
      String note) {

    @Override
    public String toString() {
      return sql.replaceAll("\\s+", " ");
    }
  }

  public static List<Entry> entries() throws IOException {
    ObjectMapper yaml =
        new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    try (InputStream in = AnalysisCorpus.class.getResourceAsStream("/analysis/corpus.yaml")) {
      return yaml.readValue(in, new TypeReference<List<Entry>>() {});
    }
  }
}
