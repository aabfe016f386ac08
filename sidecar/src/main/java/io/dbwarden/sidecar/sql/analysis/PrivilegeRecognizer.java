package io.dbwarden.sidecar.sql.analysis;

import io.dbwarden.api.policy.Operation;

/**
 * {@code GRANT} and {@code REVOKE} of privileges on objects or of role membership, and {@code
 * REASSIGN OWNED}. Tables whose privileges change are recorded as written.
 */
final class PrivilegeRecognizer {

  private PrivilegeRecognizer() {}

  static boolean recognize(Recognition r, String word) throws AnalysisException {
    TokenCursor cursor = r.cursor;
    cursor.next();
    if (word.equals("reassign")) {
      // REASSIGN OWNED BY old TO new: moves every object of a role
      r.operation(Operation.ALTER, ObjectKind.ROLE);
      cursor.expectWords("owned", "by");
      r.expectSimpleRest();
      return true;
    }
    boolean grant = word.equals("grant");
    r.operation(grant ? Operation.GRANT : Operation.REVOKE, ObjectKind.ROLE);
    if (!grant && cursor.acceptAnyWord("grant", "admin", "inherit", "set") != null) {
      cursor.expectWords("option", "for");
    }
    // privileges (with column lists) or role names, up to ON / TO / FROM
    r.skipUntil("on", "to", "from");
    if (cursor.acceptWords("on")) {
      objects(r);
    }
    if (cursor.acceptAnyWord("to", "from") == null) {
      throw cursor.syntaxError();
    }
    r.expectSimpleRest();
    return true;
  }

  /** The object list after ON, and its kind. */
  static void objects(Recognition r) throws AnalysisException {
    TokenCursor cursor = r.cursor;
    if (cursor.acceptWords("all")) {
      String kind =
          cursor.acceptAnyWord("tables", "sequences", "functions", "procedures", "routines");
      if (kind == null) {
        throw cursor.syntaxError();
      }
      cursor.expectWords("in", "schema");
      r.facts.objectKind =
          switch (kind) {
            case "tables" -> ObjectKind.TABLE;
            case "sequences" -> ObjectKind.SEQUENCE;
            case "procedures" -> ObjectKind.PROCEDURE;
            default -> ObjectKind.FUNCTION;
          };
      r.skipUntil("to", "from");
      return;
    }
    ObjectKind kind = kind(cursor);
    r.facts.objectKind = kind;
    if (kind == ObjectKind.TABLE || kind == ObjectKind.SEQUENCE) {
      do {
        r.facts.tablesWritten.add(r.relation());
      } while (cursor.acceptPunctuation(","));
    } else {
      r.skipUntil("to", "from");
    }
  }

  private static ObjectKind kind(TokenCursor cursor) {
    if (cursor.acceptWords("table")) {
      return ObjectKind.TABLE;
    }
    if (cursor.acceptWords("sequence")) {
      return ObjectKind.SEQUENCE;
    }
    if (cursor.acceptWords("schema")) {
      return ObjectKind.SCHEMA;
    }
    if (cursor.acceptWords("database")) {
      return ObjectKind.DATABASE;
    }
    if (cursor.acceptAnyWord("function", "routine") != null) {
      return ObjectKind.FUNCTION;
    }
    if (cursor.acceptWords("procedure")) {
      return ObjectKind.PROCEDURE;
    }
    if (cursor.acceptWords("type")) {
      return ObjectKind.TYPE;
    }
    if (cursor.acceptWords("domain")) {
      return ObjectKind.DOMAIN;
    }
    if (cursor.acceptAnyWord("language", "tablespace", "parameter", "foreign") != null
        || cursor.acceptWords("large", "object")) {
      return ObjectKind.OTHER;
    }
    // no keyword: a table (or view, or sequence) name
    return ObjectKind.TABLE;
  }
}
