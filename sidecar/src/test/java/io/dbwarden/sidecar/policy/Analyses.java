package io.dbwarden.sidecar.policy;

import io.dbwarden.api.policy.Operation;
import io.dbwarden.sidecar.sql.analysis.Feature;
import io.dbwarden.sidecar.sql.analysis.ObjectKind;
import io.dbwarden.sidecar.sql.analysis.StatementAnalysis;
import io.dbwarden.sidecar.sql.analysis.TableRef;
import java.util.List;
import java.util.Set;

/** Hand-made analyses for judging tests that do not need the parser. */
final class Analyses {

  private Analyses() {}

  static TableRef table(String qualified) {
    int dot = qualified.indexOf('.');
    return new TableRef(qualified.substring(0, dot), qualified.substring(dot + 1));
  }

  static StatementAnalysis reads(String... tables) {
    return of(Operation.SELECT, null, Set.of(), tables);
  }

  static StatementAnalysis writes(Operation op, String table, Feature... features) {
    return new StatementAnalysis(
        op,
        null,
        Set.of(),
        Set.of(table(table)),
        Set.of(),
        Set.of(),
        Set.of(),
        List.of(),
        Set.of(features),
        null,
        null,
        null);
  }

  static StatementAnalysis of(
      Operation op, ObjectKind kind, Set<Feature> features, String... tablesRead) {
    return new StatementAnalysis(
        op,
        kind,
        java.util.Arrays.stream(tablesRead)
            .map(Analyses::table)
            .collect(java.util.stream.Collectors.toSet()),
        Set.of(),
        Set.of(),
        Set.of(),
        Set.of(),
        List.of(),
        features,
        null,
        null,
        null);
  }

  static StatementAnalysis calling(String function) {
    return new StatementAnalysis(
        Operation.SELECT,
        null,
        Set.of(),
        Set.of(),
        Set.of(),
        Set.of(),
        Set.of(function),
        List.of(),
        Set.of(),
        null,
        null,
        null);
  }

  static StatementAnalysis unknown(String why) {
    return new StatementAnalysis(
        Operation.SELECT,
        null,
        Set.of(),
        Set.of(),
        Set.of(),
        Set.of(),
        Set.of(),
        List.of(),
        Set.of(),
        null,
        null,
        why);
  }
}
