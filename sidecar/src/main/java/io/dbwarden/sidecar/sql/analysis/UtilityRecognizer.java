package io.dbwarden.sidecar.sql.analysis;

import io.dbwarden.api.policy.Operation;
import java.util.Locale;
import java.util.Set;

/**
 * Recognises from its tokens every statement whose whole meaning the tokens capture, before
 * JSqlParser (which does not know most of them) sees it: transaction control, SET/RESET/SHOW,
 * cursors, LISTEN/NOTIFY, PREPARE/EXECUTE wrappers, EXPLAIN, COPY, maintenance, privileges, and DDL
 * that only names objects. A statement it owns either matches one of these forms or is a syntax
 * error; one it does not own ({@code SELECT}, {@code CREATE TABLE}...) goes to JSqlParser.
 */
final class UtilityRecognizer {

  private UtilityRecognizer() {}

  /** The analysis of a statement this recogniser owns, or null when JSqlParser should parse it. */
  static StatementAnalysis recognize(Recognition r) throws AnalysisException {
    SqlToken first = r.cursor.peek();
    if (first == null || first.kind() != SqlToken.Kind.WORD) {
      return null;
    }
    String word = first.text().toLowerCase(Locale.ROOT);
    if (word.equals("declare")) {
      return WrappedStatements.declare(r);
    }
    try {
      boolean recognised =
          switch (word) {
            case "begin", "start", "commit", "end", "abort", "savepoint", "release", "rollback" ->
                transaction(r);
            case "prepare" ->
                r.cursor.peekWord(1, "transaction") ? transaction(r) : WrappedStatements.prepare(r);
            case "set", "reset", "show" -> setting(r);
            case "discard" -> single(r, Operation.DISCARD, 1);
            case "listen" -> single(r, Operation.LISTEN, 1);
            case "unlisten" -> single(r, Operation.UNLISTEN, 1);
            case "notify" -> notify(r);
            case "checkpoint" -> single(r, Operation.UTILITY, 0);
            case "load" -> single(r, Operation.UTILITY, 1);
            case "fetch", "move" -> fetch(r);
            case "close" -> single(r, Operation.CURSOR, 1);
            case "do" -> doBlock(r);
            case "deallocate" -> WrappedStatements.deallocate(r);
            case "explain" -> WrappedStatements.explain(r);
            case "copy" -> CopyRecognizer.copy(r);
            case "vacuum", "analyze", "analyse", "cluster", "reindex", "lock" ->
                MaintenanceRecognizer.recognize(r, word);
            case "grant", "revoke", "reassign" -> PrivilegeRecognizer.recognize(r, word);
            case "drop", "truncate", "comment", "create", "alter" ->
                ObjectDdlRecognizer.recognize(r, word);
            default -> false;
          };
      if (!recognised) {
        return null;
      }
    } catch (Unsupported unsupported) {
      r.facts.unsupported(unsupported.getMessage());
    }
    return r.facts.build();
  }

  private static final Set<String> TRANSACTION_STARTS =
      Set.of("begin", "start", "commit", "end", "abort", "savepoint", "release", "rollback");

  /** BEGIN, START TRANSACTION, COMMIT, END, ROLLBACK [TO], ABORT, savepoints, 2PC. */
  private static boolean transaction(Recognition r) throws AnalysisException {
    SqlToken first = r.cursor.next();
    String word = first.text().toLowerCase(Locale.ROOT);
    if (!TRANSACTION_STARTS.contains(word) && !word.equals("prepare")) {
      return false;
    }
    if (word.equals("start")) {
      r.cursor.expectWords("transaction");
    }
    r.operation(Operation.TRANSACTION, null);
    r.expectSimpleRest();
    return true;
  }

  private static boolean setting(Recognition r) throws AnalysisException {
    SettingParser.Parsed parsed = SettingParser.parse(r.cursor);
    r.operation(parsed.operation(), null);
    r.facts.features.addAll(parsed.features());
    return true;
  }

  /** A keyword and at most {@code arguments} names or constants: DISCARD ALL, LISTEN ch... */
  private static boolean single(Recognition r, Operation operation, int arguments)
      throws AnalysisException {
    r.cursor.next();
    r.operation(operation, null);
    for (int i = 0; i < arguments && !r.cursor.atEnd(); i++) {
      SqlToken token = r.cursor.next();
      boolean star = token.kind() == SqlToken.Kind.OPERATOR && token.text().equals("*");
      if (!token.isIdentifier() && token.kind() != SqlToken.Kind.STRING && !star) {
        r.cursor.reset(r.cursor.position() - 1);
        throw r.cursor.syntaxError();
      }
    }
    r.cursor.expectEnd();
    return true;
  }

  /** NOTIFY channel [, 'payload']. */
  private static boolean notify(Recognition r) throws AnalysisException {
    r.cursor.next();
    r.operation(Operation.NOTIFY, null);
    r.cursor.identifier();
    if (r.cursor.acceptPunctuation(",")) {
      SqlToken payload = r.cursor.next();
      if (payload.kind() != SqlToken.Kind.STRING) {
        r.cursor.reset(r.cursor.position() - 1);
        throw r.cursor.syntaxError();
      }
    }
    r.cursor.expectEnd();
    return true;
  }

  /** FETCH / MOVE [direction] [FROM | IN] cursor: directions are words and counts only. */
  private static boolean fetch(Recognition r) throws AnalysisException {
    r.cursor.next();
    r.operation(Operation.CURSOR, null);
    if (r.cursor.atEnd()) {
      throw r.cursor.syntaxError();
    }
    r.expectSimpleRest();
    return true;
  }

  /** DO [LANGUAGE name] 'body': the body is opaque, the operation says it all. */
  private static boolean doBlock(Recognition r) throws AnalysisException {
    r.cursor.next();
    r.operation(Operation.DO, null);
    boolean body = false;
    while (!r.cursor.atEnd()) {
      if (r.cursor.acceptWords("language")) {
        r.cursor.identifier();
      } else if (!body && r.cursor.peek().kind() == SqlToken.Kind.STRING) {
        r.cursor.next();
        body = true;
      } else {
        throw r.cursor.syntaxError();
      }
    }
    if (!body) {
      throw r.cursor.syntaxError();
    }
    return true;
  }
}
