package io.dbwarden.sidecar.policy;

import io.dbwarden.api.policy.Operation;
import io.dbwarden.sidecar.catalog.Catalog;
import io.dbwarden.sidecar.catalog.Relation;
import io.dbwarden.sidecar.catalog.Routine;
import io.dbwarden.sidecar.masking.ColumnMask;
import io.dbwarden.sidecar.masking.MaskingException;
import io.dbwarden.sidecar.masking.MaskingRewriter;
import io.dbwarden.sidecar.masking.TableMask;
import io.dbwarden.sidecar.masking.classify.TableClassification;
import io.dbwarden.sidecar.masking.classify.TableClassifier;
import io.dbwarden.sidecar.sql.analysis.ColumnRef;
import io.dbwarden.sidecar.sql.analysis.StatementAnalysis;
import io.dbwarden.sidecar.sql.analysis.TableRef;
import io.dbwarden.sidecar.sql.analysis.TableReference;
import io.dbwarden.sidecar.sql.lexer.LexedStatement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Masking at the source for one identity that is not exempt: finds the protected columns of the
 * relations a statement touches (classifying them first when needed), and either rewrites the
 * statement so the database returns masked values, or refuses what the rewrite cannot cover:
 *
 * <ul>
 *   <li>{@code masking-probe}: a write, DDL or any statement other than a query that uses a
 *       protected column (in WHERE, SET, RETURNING, a definition...), since its effect or error
 *       could reveal values;
 *   <li>{@code masking-write}: any write to a table with protected columns, since the server's
 *       errors for a write (a failing constraint) echo the whole row in clear;
 *   <li>{@code masking-view}: a view over a protected table, whose columns may carry protected
 *       values under other names;
 *   <li>{@code masking-unsupported}: a protected relation read somewhere the rewrite cannot reach
 *       ({@code TABLE t}, a name it could not locate with certainty).
 * </ul>
 */
final class MaskingStep {

  /** Statements whose reads are rewritten rather than refused. */
  /**
   * Expressions the server parses as syntax that the parser reports as function calls, which have
   * no entry in {@code pg_proc}.
   */
  private static final Set<String> SQL_SYNTAX_FUNCTIONS =
      Set.of("coalesce", "nullif", "greatest", "least");

  private static final Set<Operation> READS =
      EnumSet.of(Operation.SELECT, Operation.COPY, Operation.EXPLAIN, Operation.PREPARE);

  private final MaskingUnion rules;
  private final TableClassifier classifier;
  private final String database;
  private final Catalog catalog;
  private final Runnable catalogStale;

  /**
   * @param catalogStale asks for the catalog to be read again, when a statement calls a function
   *     the catalog does not know
   */
  MaskingStep(
      MaskingUnion rules,
      TableClassifier classifier,
      String database,
      Catalog catalog,
      Runnable catalogStale) {
    this.rules = rules;
    this.classifier = classifier;
    this.database = database;
    this.catalog = catalog;
    this.catalogStale = catalogStale;
  }

  /** The protected relations among those the analyses touch (and those behind their views). */
  CompletableFuture<Map<TableRef, TableMask>> masks(Collection<StatementAnalysis> analyses) {
    Set<TableRef> touched = new LinkedHashSet<>();
    for (StatementAnalysis analysis : analyses) {
      collect(analysis, touched);
    }
    List<Relation> relations = new ArrayList<>();
    for (TableRef table : touched) {
      catalog
          .relation(table.schema(), table.name())
          .ifPresent(
              relation -> {
                relations.add(relation);
                for (TableRef base : relation.baseTables()) {
                  catalog.relation(base.schema(), base.name()).ifPresent(relations::add);
                }
              });
    }
    List<CompletableFuture<TableClassification>> pending = new ArrayList<>();
    for (Relation relation : relations) {
      pending.add(classifier.classify(database, relation, catalog.version()));
    }
    return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              Map<TableRef, TableMask> masks = new LinkedHashMap<>();
              for (int i = 0; i < relations.size(); i++) {
                TableMask mask = mask(relations.get(i), pending.get(i).join());
                if (mask != null) {
                  masks.put(mask.table(), mask);
                }
              }
              return masks;
            });
  }

  private void collect(StatementAnalysis analysis, Set<TableRef> into) {
    into.addAll(analysis.tablesRead());
    into.addAll(analysis.tablesWritten());
    for (String function : analysis.functions()) {
      for (Routine routine : catalog.routines(function)) {
        into.addAll(routine.reads());
      }
    }
    if (analysis.inner() != null) {
      collect(analysis.inner(), into);
    }
  }

  private TableMask mask(Relation relation, TableClassification classification) {
    Map<String, ColumnMask> masked = new LinkedHashMap<>();
    for (Relation.Column column : relation.columns()) {
      ColumnMask mask =
          rules.mask(relation, column, classification.column(column.name()).orElse(null));
      if (mask != null) {
        masked.put(column.name(), mask);
      }
    }
    return masked.isEmpty()
        ? null
        : new TableMask(relation.ref(), relation.columns(), masked, relation.oid());
  }

  /**
   * What masking does to one statement.
   *
   * @param refusal a refusal, or null
   * @param text the text to send (the statement's own when nothing needed masking)
   * @param masked the protected columns the statement reads, masked by the rewrite
   */
  record Outcome(Decision refusal, String text, Set<ColumnRef> masked) {}

  /**
   * @param statement the statement as sent
   * @param primary its analysis under the session's current state
   * @param judged every analysis judged for it (each possible session state, and for EXECUTE the
   *     prepared statement)
   */
  Outcome apply(
      LexedStatement statement,
      StatementAnalysis primary,
      List<StatementAnalysis> judged,
      Map<TableRef, TableMask> masks) {
    for (StatementAnalysis analysis : judged) {
      if (!analysis.understood()) {
        // let through by failOpen.unsupported: what it reads is not known, so it cannot be masked
        return refused(
            "masking-unsupported",
            "the statement could not be fully analysed, so dbwarden cannot mask what it reads",
            "simplify the statement");
      }
    }
    Decision unknown = unknownTable(primary);
    if (unknown != null) {
      return new Outcome(unknown, null, Set.of());
    }
    for (StatementAnalysis analysis : judged) {
      Decision refusal = routineRefusal(analysis, masks);
      if (refusal != null) {
        return new Outcome(refusal, null, Set.of());
      }
    }
    if (masks.isEmpty()) {
      return new Outcome(null, statement.text(), Set.of());
    }
    for (StatementAnalysis analysis : judged) {
      for (TableRef table : analysis.tablesWritten()) {
        if (masks.containsKey(table)) {
          // Whatever the statement names, the server's errors for a write echo whole rows
          // ("Failing row contains (...)"), protected columns included.
          return refused(
              "masking-write",
              "the statement writes " + table + ", which has protected columns",
              "ask for an exemption to change this table");
        }
      }
    }
    Set<ColumnRef> protectedRead = new TreeSet<>();
    Set<TableRef> tablesRead = new LinkedHashSet<>();
    for (StatementAnalysis analysis : judged) {
      readsOf(analysis, masks, protectedRead, tablesRead);
    }
    for (TableRef table : tablesRead) {
      Relation relation = catalog.relation(table.schema(), table.name()).orElse(null);
      if (relation != null && !relation.baseTables().isEmpty()) {
        for (TableRef base : relation.baseTables()) {
          if (masks.containsKey(base)) {
            return refused(
                "masking-view",
                "view "
                    + table
                    + " reads protected columns of "
                    + base
                    + ", which cannot be masked through a view",
                "query " + base + " directly");
          }
        }
      }
    }
    if (protectedRead.isEmpty()) {
      return new Outcome(null, statement.text(), Set.of());
    }
    StatementAnalysis effective =
        primary.operation() == Operation.PREPARE && primary.inner() != null
            ? primary.inner()
            : primary;
    boolean read =
        READS.contains(primary.operation())
            && READS.contains(effective.operation())
            && effective.tablesWritten().isEmpty()
            && primary.tablesWritten().isEmpty();
    if (primary.operation() == Operation.EXECUTE) {
      // the prepared statement was rewritten when it was prepared; see QueryJudgement
      return new Outcome(null, statement.text(), protectedRead);
    }
    if (!read) {
      return refused(
          "masking-probe",
          "the statement uses protected column "
              + protectedRead.iterator().next()
              + " in a "
              + primary.operation()
              + ", which could reveal its values",
          "use protected columns only in queries, or ask for an exemption");
    }
    for (StatementAnalysis analysis : judged) {
      for (TableRef table : analysis.unlocated()) {
        if (masks.containsKey(table)) {
          return refused(
              "masking-unsupported",
              "protected table " + table + " is read in a way dbwarden cannot mask",
              "name the table in a FROM clause");
        }
      }
    }
    Set<TableRef> located = new LinkedHashSet<>();
    for (TableReference reference : primary.references()) {
      located.add(reference.table());
    }
    for (TableRef table : tablesRead) {
      if (masks.containsKey(table) && !located.contains(table)) {
        return refused(
            "masking-unsupported",
            "protected table " + table + " is read in a way dbwarden cannot mask",
            "name the table in a FROM clause");
      }
    }
    try {
      String text = MaskingRewriter.rewrite(statement, primary.references(), masks, rules.key());
      return new Outcome(null, text, protectedRead);
    } catch (MaskingException e) {
      return refused(
          "masking-unsupported",
          "the statement reads protected columns and could not be rewritten to mask them ("
              + e.getMessage()
              + ")",
          "simplify the statement");
    }
  }

  /**
   * A table the catalog does not know (created since it was read, by a migration or another
   * session) has no classification yet, so nothing says which of its columns to mask: it is refused
   * until the catalog, read again now, knows it. The session's own temporary tables hold only what
   * it wrote there itself.
   */
  private Decision unknownTable(StatementAnalysis analysis) {
    if (!catalog.readFromDatabase()) {
      // without a database (dbwarden check), every name is unknown and nothing is classified
      return null;
    }
    for (Set<TableRef> tables : List.of(analysis.tablesRead(), analysis.tablesWritten())) {
      for (TableRef table : tables) {
        if (!table.schema().equals("pg_temp")
            && catalog.relation(table.schema(), table.name()).isEmpty()) {
          catalogStale.run();
          return Refusals.refuse(
              "masking-catalog",
              "table "
                  + table
                  + " is not in the catalog dbwarden read, so its columns are not classified yet",
              "run the statement again in a moment: the catalog is being read again");
        }
      }
    }
    return analysis.inner() == null ? null : unknownTable(analysis.inner());
  }

  /**
   * A routine runs inside the database, where the rewrite cannot mask what it reads: a masked
   * identity may call only routines that read no protected table, and only those dbwarden can see
   * into.
   */
  private Decision routineRefusal(StatementAnalysis analysis, Map<TableRef, TableMask> masks) {
    for (String function : analysis.functions()) {
      List<Routine> routines = catalog.routines(function);
      if (routines.isEmpty()
          && !catalog.hasFunction(function)
          && !SQL_SYNTAX_FUNCTIONS.contains(function)) {
        catalogStale.run();
        return Refusals.refuse(
            "masking-function",
            "function "
                + function
                + " is not in the catalog dbwarden read, so what it reads is not known",
            "run the statement again in a moment: the catalog is being read again");
      }
      for (Routine routine : routines) {
        if (routine.opaque() != null) {
          return Refusals.refuse(
              "masking-function",
              "function "
                  + routine
                  + " "
                  + routine.opaque()
                  + ", so dbwarden cannot tell whether it reads protected columns",
              "ask for an exemption to call it");
        }
        for (TableRef table : routine.reads()) {
          if (masks.containsKey(table)) {
            return Refusals.refuse(
                "masking-function",
                "function "
                    + routine
                    + " reads "
                    + table
                    + ", whose protected columns cannot be masked inside a function",
                "query " + table + " directly");
          }
        }
      }
    }
    return analysis.inner() == null ? null : routineRefusal(analysis.inner(), masks);
  }

  private static void readsOf(
      StatementAnalysis analysis,
      Map<TableRef, TableMask> masks,
      Set<ColumnRef> protectedRead,
      Set<TableRef> tablesRead) {
    tablesRead.addAll(analysis.tablesRead());
    for (ColumnRef column : analysis.columnsRead()) {
      TableMask mask = masks.get(column.table());
      if (mask != null
          && (column.column().equals("*") || mask.masked().containsKey(column.column()))) {
        protectedRead.add(column);
      }
    }
    if (analysis.inner() != null) {
      readsOf(analysis.inner(), masks, protectedRead, tablesRead);
    }
  }

  private static Outcome refused(String rule, String what, String todo) {
    return new Outcome(Refusals.refuse(rule, what, todo), null, Set.of());
  }
}
