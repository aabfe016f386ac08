package io.dbwarden.sidecar.sql.analysis;

import io.dbwarden.api.policy.Operation;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.statement.CreateFunctionalStatement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterExpression;
import net.sf.jsqlparser.statement.create.schema.CreateSchema;
import net.sf.jsqlparser.statement.create.table.ColumnDefinition;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.table.ForeignKeyIndex;
import net.sf.jsqlparser.statement.create.table.Index;
import net.sf.jsqlparser.statement.create.view.AutoRefreshOption;
import net.sf.jsqlparser.statement.create.view.CreateView;
import net.sf.jsqlparser.statement.create.view.ForceOption;
import net.sf.jsqlparser.statement.create.view.TemporaryOption;
import net.sf.jsqlparser.statement.refresh.RefreshMaterializedViewStatement;

/**
 * CREATE TABLE / VIEW / SCHEMA / FUNCTION, ALTER TABLE and REFRESH as JSqlParser parses them. The
 * object created or changed is written; queries inside (CREATE TABLE AS, views) are analysed like
 * any query; the raw text JSqlParser keeps for constraints and options is scanned for referenced
 * relations and functions.
 */
final class DdlAnalyzer {

  /** ALTER TABLE sub-commands JSqlParser leaves unparsed that change no data and read nothing. */
  private static final List<String> HARMLESS_ALTER_TEXT =
      List.of(
          "OWNER TO",
          "SET SCHEMA",
          "SET TABLESPACE",
          "SET (",
          "RESET (",
          "SET LOGGED",
          "SET UNLOGGED",
          "CLUSTER ON",
          "SET WITHOUT CLUSTER",
          "REPLICA IDENTITY",
          "VALIDATE CONSTRAINT");

  private final AnalysisContext context;
  private final Facts facts;

  DdlAnalyzer(AnalysisContext context) {
    this.context = context;
    this.facts = context.facts;
  }

  void createTable(CreateTable create) {
    facts.operation = Operation.CREATE;
    facts.objectKind = ObjectKind.TABLE;
    if (create.getRowMovement() != null
        || create.getSpannerInterleaveIn() != null
        || create.isOrReplace()) {
      throw new Unsupported("unsupported CREATE TABLE form");
    }
    boolean temporary = false;
    if (create.getCreateOptionsStrings() != null) {
      for (String option : create.getCreateOptionsStrings()) {
        String upper = option.toUpperCase(Locale.ROOT);
        if (upper.equals("TEMP") || upper.equals("TEMPORARY")) {
          temporary = true;
        } else if (!upper.equals("FOREIGN")
            && !upper.equals("UNLOGGED")
            && !upper.equals("GLOBAL")
            && !upper.equals("LOCAL")) {
          throw new Unsupported("unsupported CREATE TABLE option: " + option);
        }
      }
    }
    TableRef table = context.tables.forCreate(Names.parts(create.getTable()), temporary);
    facts.tablesWritten.add(table);
    if (context.tables.isTemporary(table)) {
      facts.features.add(Feature.CREATES_TEMPORARY_TABLE);
    }
    DefinitionScanner scanner = new DefinitionScanner(context);
    if (create.getColumnDefinitions() != null) {
      for (ColumnDefinition column : create.getColumnDefinitions()) {
        if (column.getColumnSpecs() != null) {
          scanner.scan(String.join(" ", column.getColumnSpecs()));
        }
      }
    }
    if (create.getIndexes() != null) {
      for (Index index : create.getIndexes()) {
        index(index, scanner);
      }
    }
    if (create.getTableOptionsStrings() != null) {
      scanner.scan(String.join(" ", create.getTableOptionsStrings()));
    }
    if (create.getLikeTable() != null) {
      TableRef like = context.tables.resolve(Names.parts(create.getLikeTable()));
      facts.tablesRead.add(like);
      facts.unlocated.add(like);
    }
    if (create.getSelect() != null) {
      // CREATE TABLE AS returns no rows: the query's lineage goes into the table
      context.queries().analyze(create.getSelect(), Scope.root());
    }
  }

  private void index(Index index, DefinitionScanner scanner) {
    if (index instanceof ForeignKeyIndex foreignKey) {
      TableRef referenced = context.tables.resolve(Names.parts(foreignKey.getTable()));
      facts.tablesRead.add(referenced);
      facts.unlocated.add(referenced);
    } else {
      scanner.scan(index.toString());
    }
  }

  void createView(CreateView create) {
    facts.operation = Operation.CREATE;
    facts.objectKind = create.isMaterialized() ? ObjectKind.MATERIALIZED_VIEW : ObjectKind.VIEW;
    if (create.getForce() == ForceOption.FORCE
        || create.isSecure()
        || (create.getAutoRefresh() != null && create.getAutoRefresh() != AutoRefreshOption.NONE)
        || create.isWithReadOnly()
        || create.getTemporary() == TemporaryOption.VOLATILE
        || (create.getViewCommentOptions() != null && !create.getViewCommentOptions().isEmpty())) {
      throw new Unsupported("unsupported CREATE VIEW form");
    }
    boolean temporary =
        create.getTemporary() != null && create.getTemporary() != TemporaryOption.NONE;
    facts.tablesWritten.add(context.tables.forCreate(Names.parts(create.getView()), temporary));
    context.queries().analyze(create.getSelect(), Scope.root());
  }

  void alterTable(Alter alter) {
    facts.operation = Operation.ALTER;
    facts.objectKind = ObjectKind.TABLE;
    TableRef table = context.tables.resolve(Names.parts(alter.getTable()));
    facts.tablesWritten.add(table);
    DefinitionScanner scanner = new DefinitionScanner(context);
    for (AlterExpression expression : alter.getAlterExpressions()) {
      switch (expression.getOperation()) {
        case DROP -> {
          if (expression.getColumnName() != null) {
            facts.features.add(Feature.DROP_COLUMN);
          }
          scanner.scan(expression.toString());
        }
        case ADD, ALTER, RENAME, RENAME_TABLE, RENAME_CONSTRAINT, RENAME_INDEX -> {
          if (expression.getIndex() != null) {
            index(expression.getIndex(), scanner);
          }
          scanner.scan(expression.toString());
        }
        case UNSPECIFIC -> unspecific(expression);
        default ->
            throw new Unsupported(
                "unsupported ALTER TABLE operation: " + expression.getOperation());
      }
    }
  }

  private static void unspecific(AlterExpression expression) {
    String text = expression.getOptionalSpecifier();
    String upper = text == null ? "" : text.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
    for (String harmless : HARMLESS_ALTER_TEXT) {
      if (upper.startsWith(harmless)) {
        return;
      }
    }
    // name the sub-command by its first words: the rest may hold constants
    String[] words = upper.split(" ");
    throw new Unsupported(
        "unsupported ALTER TABLE operation: "
            + String.join(" ", Arrays.copyOf(words, Math.min(2, words.length))));
  }

  void createSchema(CreateSchema create) {
    facts.operation = Operation.CREATE;
    facts.objectKind = ObjectKind.SCHEMA;
    if (create.getStatements() != null && !create.getStatements().isEmpty()) {
      throw new Unsupported("CREATE SCHEMA with schema elements");
    }
  }

  void createFunction(CreateFunctionalStatement create) {
    facts.operation = Operation.CREATE;
    switch (create.getKind().toUpperCase(Locale.ROOT)) {
      case "FUNCTION" -> facts.objectKind = ObjectKind.FUNCTION;
      case "PROCEDURE" -> facts.objectKind = ObjectKind.PROCEDURE;
      default -> throw Unsupported.node("statement", create);
    }
    // the body is opaque text; what it does is judged when it is called
  }

  void refresh(RefreshMaterializedViewStatement refresh) {
    facts.operation = Operation.REFRESH;
    facts.objectKind = ObjectKind.MATERIALIZED_VIEW;
    facts.tablesWritten.add(context.tables.resolve(Names.parts(refresh.getView())));
  }
}
