package io.dbwarden.sidecar.catalog;

import io.dbwarden.sidecar.sql.analysis.TableRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The routines of one database, looked up by the name a statement calls them by ({@code f} or
 * {@code schema.f}), with what each may read worked out through the routines it calls.
 */
final class Routines {

  /** A routine as read from {@code pg_proc}, before its calls are followed. */
  record Defined(String schema, String name, String language, RoutineBody body) {}

  private static final Set<String> SYSTEM_SCHEMAS = Set.of("pg_catalog", "information_schema");

  private Routines() {}

  /** Every routine under its plain and its qualified name. */
  static Map<String, List<Routine>> resolve(
      Collection<Defined> defined, Collection<Relation> relations) {
    Map<String, List<TableRef>> relationsByName = new HashMap<>();
    for (Relation relation : relations) {
      if (!SYSTEM_SCHEMAS.contains(relation.ref().schema())) {
        relationsByName
            .computeIfAbsent(relation.ref().name(), key -> new ArrayList<>())
            .add(relation.ref());
      }
    }
    Map<String, List<Defined>> definedByName = new HashMap<>();
    for (Defined routine : defined) {
      definedByName.computeIfAbsent(routine.name(), key -> new ArrayList<>()).add(routine);
    }
    Map<String, List<Routine>> byName = new HashMap<>();
    for (Defined routine : defined) {
      Set<TableRef> reads = new LinkedHashSet<>();
      String opaque = follow(routine, relationsByName, definedByName, new HashSet<>(), reads);
      Routine resolved =
          new Routine(routine.schema(), routine.name(), routine.language(), reads, opaque);
      byName.computeIfAbsent(routine.name(), key -> new ArrayList<>()).add(resolved);
      byName
          .computeIfAbsent(routine.schema() + "." + routine.name(), key -> new ArrayList<>())
          .add(resolved);
    }
    return byName;
  }

  /** Collects what a routine reads into {@code reads}; returns why it cannot be seen, or null. */
  private static String follow(
      Defined routine,
      Map<String, List<TableRef>> relationsByName,
      Map<String, List<Defined>> definedByName,
      Set<Defined> visited,
      Set<TableRef> reads) {
    if (!visited.add(routine)) {
      return null;
    }
    if (routine.body().opaque() != null) {
      return routine.body().opaque();
    }
    for (String name : routine.body().names()) {
      reads.addAll(relationsByName.getOrDefault(name, List.of()));
      for (Defined called : definedByName.getOrDefault(name, List.of())) {
        String opaque = follow(called, relationsByName, definedByName, visited, reads);
        if (opaque != null) {
          return "calls " + called.schema() + "." + called.name() + ", which " + opaque;
        }
      }
    }
    return null;
  }
}
