package io.dbwarden.sidecar.sql.analysis;

import io.dbwarden.api.policy.Operation;
import java.util.List;

/**
 * DDL that names objects without containing queries: DROP of every kind, TRUNCATE, COMMENT ON, and
 * CREATE/ALTER of roles, databases, extensions, sequences, indexes, types, domains, triggers,
 * schemas, views (renames and options), functions, plus the ALTER TABLE forms JSqlParser lacks.
 * CREATE TABLE, CREATE VIEW ... AS, CREATE FUNCTION, CREATE SCHEMA and the remaining ALTER TABLE
 * forms go to JSqlParser. Relations acted on are recorded as written.
 */
final class ObjectDdlRecognizer {

  private ObjectDdlRecognizer() {}

  static boolean recognize(Recognition r, String word) throws AnalysisException {
    return switch (word) {
      case "drop" -> drop(r);
      case "truncate" -> truncate(r);
      case "comment" -> comment(r);
      case "create" -> create(r);
      default -> alter(r);
    };
  }

  // ---- DROP ----

  private static boolean drop(Recognition r) throws AnalysisException {
    TokenCursor cursor = r.cursor;
    cursor.next();
    if (cursor.acceptWords("owned", "by")) {
      // drops everything a role owns
      r.operation(Operation.DROP, ObjectKind.ROLE);
      r.expectSimpleRest();
      return true;
    }
    ObjectKind kind = objectKind(cursor);
    if (kind == null) {
      return false;
    }
    r.operation(Operation.DROP, kind);
    cursor.acceptWords("concurrently");
    cursor.acceptWords("if", "exists");
    if (isRelation(kind)) {
      r.facts.tablesWritten.addAll(r.relations(false));
    } else if (kind == ObjectKind.TRIGGER || kind == ObjectKind.POLICY || onTable(kind, cursor)) {
      cursor.identifier();
      if (cursor.acceptWords("on")) {
        r.facts.tablesWritten.add(r.relation());
      }
    } else {
      r.skipUntil("cascade", "restrict", "with");
    }
    cursor.acceptAnyWord("cascade", "restrict");
    if (kind == ObjectKind.DATABASE && !cursor.atEnd()) {
      cursor.acceptWords("with");
      cursor.skipParenthesised();
    }
    cursor.expectEnd();
    return true;
  }

  /** DROP RULE r ON t (kind OTHER) also names a table. */
  private static boolean onTable(ObjectKind kind, TokenCursor cursor) {
    return kind == ObjectKind.OTHER && cursor.peekWord(1, "on");
  }

  // ---- TRUNCATE ----

  private static boolean truncate(Recognition r) throws AnalysisException {
    TokenCursor cursor = r.cursor;
    cursor.next();
    r.operation(Operation.TRUNCATE, null);
    cursor.acceptWords("table");
    r.facts.tablesWritten.addAll(r.relations(false));
    if (cursor.acceptAnyWord("restart", "continue") != null) {
      cursor.expectWords("identity");
    }
    cursor.acceptAnyWord("cascade", "restrict");
    cursor.expectEnd();
    return true;
  }

  // ---- COMMENT ON ----

  private static boolean comment(Recognition r) throws AnalysisException {
    TokenCursor cursor = r.cursor;
    cursor.next();
    cursor.expectWords("on");
    r.operation(Operation.COMMENT, null);
    if (cursor.acceptWords("column")) {
      r.facts.objectKind = ObjectKind.TABLE;
      List<String> parts = cursor.qualifiedName();
      if (parts.size() < 2) {
        throw cursor.syntaxError();
      }
      r.facts.tablesWritten.add(r.context.tables.resolve(parts.subList(0, parts.size() - 1)));
    } else if (cursor.acceptWords("constraint")) {
      r.facts.objectKind = ObjectKind.TABLE;
      cursor.identifier();
      cursor.expectWords("on");
      cursor.acceptWords("domain");
      r.facts.tablesWritten.add(r.relation());
    } else {
      ObjectKind kind = objectKind(cursor);
      if (kind == null) {
        throw cursor.syntaxError();
      }
      r.facts.objectKind = kind;
      if (isRelation(kind)) {
        r.facts.tablesWritten.add(r.relation());
      } else if (kind == ObjectKind.TRIGGER || kind == ObjectKind.POLICY || onTable(kind, cursor)) {
        cursor.identifier();
        cursor.expectWords("on");
        r.facts.tablesWritten.add(r.relation());
      } else {
        r.skipUntil("is");
      }
    }
    cursor.expectWords("is");
    SqlToken text = cursor.next();
    if (text.kind() != SqlToken.Kind.STRING && !text.isWord("null")) {
      cursor.reset(cursor.position() - 1);
      throw cursor.syntaxError();
    }
    cursor.expectEnd();
    return true;
  }

  // ---- CREATE ----

  private static boolean create(Recognition r) throws AnalysisException {
    TokenCursor cursor = r.cursor;
    int start = cursor.position();
    cursor.next();
    cursor.acceptWords("or", "replace");
    boolean temporary = false;
    cursor.acceptAnyWord("global", "local");
    if (cursor.acceptAnyWord("temp", "temporary") != null) {
      temporary = true;
    }
    cursor.acceptWords("unlogged");
    if (cursor.peekWord("table")) {
      return partitionOf(r, temporary) || reset(cursor, start);
    }
    if (cursor.acceptAnyWord("role", "user", "group") != null) {
      r.operation(Operation.CREATE, ObjectKind.ROLE);
      r.skipUntil();
      return true;
    }
    if (cursor.acceptWords("database")) {
      return named(r, Operation.CREATE, ObjectKind.DATABASE);
    }
    if (cursor.acceptWords("extension")) {
      return named(r, Operation.CREATE, ObjectKind.EXTENSION);
    }
    if (cursor.acceptWords("type")) {
      return named(r, Operation.CREATE, ObjectKind.TYPE);
    }
    if (cursor.acceptWords("domain")) {
      return named(r, Operation.CREATE, ObjectKind.DOMAIN);
    }
    if (cursor.acceptWords("sequence")) {
      r.operation(Operation.CREATE, ObjectKind.SEQUENCE);
      cursor.acceptWords("if", "not", "exists");
      r.facts.tablesWritten.add(r.context.tables.forCreate(cursor.qualifiedName(), temporary));
      scanRest(r);
      return true;
    }
    if (cursor.peekWord("unique") || cursor.peekWord("index")) {
      return createIndex(r);
    }
    if (cursor.acceptWords("constraint", "trigger") || cursor.acceptWords("trigger")) {
      r.operation(Operation.CREATE, ObjectKind.TRIGGER);
      cursor.identifier();
      r.skipUntil("on");
      cursor.expectWords("on");
      r.facts.tablesWritten.add(r.relation());
      scanRest(r);
      return true;
    }
    if (cursor.acceptWords("event", "trigger")) {
      r.operation(Operation.CREATE, ObjectKind.TRIGGER);
      scanRest(r);
      return true;
    }
    if (cursor.acceptWords("policy")) {
      r.operation(Operation.CREATE, ObjectKind.POLICY);
      throw new Unsupported("row security policies are not analysed");
    }
    if (cursor.acceptWords("rule")) {
      r.operation(Operation.CREATE, ObjectKind.OTHER);
      throw new Unsupported("rewrite rules are not analysed");
    }
    return reset(cursor, start);
  }

  /** {@code CREATE TABLE name PARTITION OF parent ...}: a new part of the parent table. */
  private static boolean partitionOf(Recognition r, boolean temporary) throws AnalysisException {
    TokenCursor cursor = r.cursor;
    cursor.expectWords("table");
    cursor.acceptWords("if", "not", "exists");
    List<String> name = cursor.qualifiedName();
    if (!cursor.acceptWords("partition", "of")) {
      return false;
    }
    r.operation(Operation.CREATE, ObjectKind.TABLE);
    TableRef table = r.context.tables.forCreate(name, temporary);
    r.facts.tablesWritten.add(table);
    r.facts.tablesWritten.add(r.relation());
    if (r.context.tables.isTemporary(table)) {
      r.facts.features.add(Feature.CREATES_TEMPORARY_TABLE);
    }
    scanRest(r);
    return true;
  }

  /**
   * {@code CREATE [UNIQUE] INDEX [CONCURRENTLY] [[IF NOT EXISTS] name] ON [ONLY] table ...}: the
   * key expressions and predicate can only use the table's columns and functions.
   */
  private static boolean createIndex(Recognition r) throws AnalysisException {
    TokenCursor cursor = r.cursor;
    r.operation(Operation.CREATE, ObjectKind.INDEX);
    cursor.acceptWords("unique");
    cursor.expectWords("index");
    cursor.acceptWords("concurrently");
    cursor.acceptWords("if", "not", "exists");
    if (!cursor.peekWord("on")) {
      cursor.identifier();
    }
    cursor.expectWords("on");
    cursor.acceptWords("only");
    r.facts.tablesWritten.add(r.relation());
    scanRest(r);
    return true;
  }

  // ---- ALTER ----

  private static boolean alter(Recognition r) throws AnalysisException {
    TokenCursor cursor = r.cursor;
    int start = cursor.position();
    cursor.next();
    if (cursor.acceptAnyWord("role", "user", "group") != null) {
      r.operation(Operation.ALTER, ObjectKind.ROLE);
      r.skipUntil();
      return true;
    }
    if (cursor.acceptWords("default", "privileges")) {
      r.skipUntil("grant", "revoke");
      r.operation(cursor.peekWord("grant") ? Operation.GRANT : Operation.REVOKE, ObjectKind.OTHER);
      r.skipUntil();
      return true;
    }
    if (cursor.acceptWords("system")) {
      r.operation(Operation.ALTER, ObjectKind.OTHER);
      r.expectSimpleRest();
      return true;
    }
    if (cursor.peekWord("table")) {
      return alterTable(r) || reset(cursor, start);
    }
    if (cursor.acceptWords("policy")) {
      r.operation(Operation.ALTER, ObjectKind.POLICY);
      throw new Unsupported("row security policies are not analysed");
    }
    ObjectKind kind = objectKind(cursor);
    if (kind == null || kind == ObjectKind.TABLE) {
      return reset(cursor, start);
    }
    r.operation(Operation.ALTER, kind);
    if (kind == ObjectKind.OTHER) {
      // publications, servers, operators...: their changes can name tables in many ways
      throw new Unsupported("ALTER of this kind of object is not analysed");
    }
    cursor.acceptWords("if", "exists");
    if (isRelation(kind)) {
      r.facts.tablesWritten.add(r.relation());
    } else if (kind == ObjectKind.TRIGGER) {
      cursor.identifier();
      cursor.expectWords("on");
      r.facts.tablesWritten.add(r.relation());
    } else {
      cursor.qualifiedName();
    }
    scanRest(r);
    return true;
  }

  /**
   * The ALTER TABLE forms JSqlParser cannot read: row level security switches and trigger switches.
   * Everything else goes to JSqlParser.
   */
  private static boolean alterTable(Recognition r) throws AnalysisException {
    TokenCursor cursor = r.cursor;
    cursor.expectWords("table");
    cursor.acceptWords("if", "exists");
    cursor.acceptWords("only");
    List<String> name = cursor.qualifiedName();
    SqlToken star = cursor.peek();
    if (star != null && star.kind() == SqlToken.Kind.OPERATOR && star.text().equals("*")) {
      cursor.next();
    }
    boolean security =
        (cursor.acceptAnyWord("enable", "disable") != null
                || cursor.acceptWords("no", "force")
                || cursor.acceptWords("force"))
            && cursor.acceptWords("row", "level", "security");
    if (!security) {
      return false;
    }
    cursor.expectEnd();
    r.operation(Operation.ALTER, ObjectKind.TABLE);
    r.facts.tablesWritten.add(r.context.tables.resolve(name));
    return true;
  }

  // ---- shared ----

  /** {@code CREATE kind [IF NOT EXISTS] name ...} of an object that is not a relation. */
  private static boolean named(Recognition r, Operation operation, ObjectKind kind)
      throws AnalysisException {
    r.operation(operation, kind);
    r.cursor.acceptWords("if", "not", "exists");
    r.cursor.qualifiedName();
    scanRest(r);
    return true;
  }

  /** The rest of a definition: functions it calls, relations it references. */
  private static void scanRest(Recognition r) throws AnalysisException {
    String rest = r.cursor.rest();
    r.cursor.reset(r.cursor.size());
    new DefinitionScanner(r.context).scan(rest);
  }

  private static boolean reset(TokenCursor cursor, int start) {
    cursor.reset(start);
    return false;
  }

  private static boolean isRelation(ObjectKind kind) {
    return switch (kind) {
      case TABLE, VIEW, MATERIALIZED_VIEW, INDEX, SEQUENCE -> true;
      default -> false;
    };
  }

  /** The object kind words after DROP, COMMENT ON or ALTER; null if not one we know. */
  private static ObjectKind objectKind(TokenCursor cursor) {
    if (cursor.acceptWords("user", "mapping")) {
      return ObjectKind.OTHER;
    }
    if (cursor.acceptWords("materialized", "view")) {
      return ObjectKind.MATERIALIZED_VIEW;
    }
    if (cursor.acceptWords("foreign", "table") || cursor.acceptWords("table")) {
      return ObjectKind.TABLE;
    }
    if (cursor.acceptWords("event", "trigger")) {
      return ObjectKind.TRIGGER;
    }
    String word =
        cursor.acceptAnyWord(
            "view",
            "index",
            "sequence",
            "schema",
            "database",
            "role",
            "user",
            "group",
            "function",
            "procedure",
            "routine",
            "aggregate",
            "type",
            "domain",
            "extension",
            "trigger",
            "policy",
            "rule",
            "server",
            "publication",
            "subscription",
            "collation",
            "conversion",
            "language",
            "operator",
            "cast",
            "tablespace",
            "statistics",
            "transform");
    if (word == null) {
      if (cursor.acceptWords("foreign", "data", "wrapper")
          || cursor.acceptWords("text", "search")
          || cursor.acceptWords("access", "method")) {
        return ObjectKind.OTHER;
      }
      return null;
    }
    return switch (word) {
      case "view" -> ObjectKind.VIEW;
      case "index" -> ObjectKind.INDEX;
      case "sequence" -> ObjectKind.SEQUENCE;
      case "schema" -> ObjectKind.SCHEMA;
      case "database" -> ObjectKind.DATABASE;
      case "role", "user", "group" -> ObjectKind.ROLE;
      case "function", "routine", "aggregate" -> ObjectKind.FUNCTION;
      case "procedure" -> ObjectKind.PROCEDURE;
      case "type" -> ObjectKind.TYPE;
      case "domain" -> ObjectKind.DOMAIN;
      case "extension" -> ObjectKind.EXTENSION;
      case "trigger" -> ObjectKind.TRIGGER;
      case "policy" -> ObjectKind.POLICY;
      default -> ObjectKind.OTHER;
    };
  }
}
