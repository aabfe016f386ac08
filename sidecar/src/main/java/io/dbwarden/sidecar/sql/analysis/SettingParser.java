package io.dbwarden.sidecar.sql.analysis;

import io.dbwarden.api.policy.Operation;
import io.dbwarden.sidecar.sql.analysis.SqlToken.Kind;
import java.util.EnumSet;
import java.util.Set;

/**
 * Reads {@code SET}, {@code RESET} and {@code SHOW} in every form the server accepts (its {@code
 * var_value} is only names, constants and commas, so the tokens say everything). {@code SET
 * TRANSACTION} and {@code SET SESSION CHARACTERISTICS} are transaction control.
 */
final class SettingParser {

  private SettingParser() {}

  /** A parsed statement: its operation, the setting it changes (if any) and its features. */
  record Parsed(Operation operation, SettingChange change, Set<Feature> features) {}

  /** Parses a statement starting with SET, RESET or SHOW (the cursor is at that word). */
  static Parsed parse(TokenCursor cursor) throws AnalysisException {
    if (cursor.acceptWords("show")) {
      values(cursor);
      return new Parsed(Operation.SHOW, null, Set.of());
    }
    if (cursor.acceptWords("reset")) {
      return reset(cursor);
    }
    cursor.expectWords("set");
    boolean local = false;
    if (cursor.acceptWords("local")) {
      local = true;
    } else if (cursor.peekWord("session")
        && !cursor.peekWord(1, "authorization")
        && !cursor.peekWord(1, "characteristics")) {
      cursor.next();
    }
    if (cursor.acceptWords("transaction")
        || cursor.acceptWords("session", "characteristics", "as", "transaction")) {
      values(cursor);
      return new Parsed(Operation.TRANSACTION, null, Set.of());
    }
    if (cursor.acceptWords("constraints")) {
      values(cursor);
      return new Parsed(Operation.SET, null, Set.of());
    }
    if (cursor.acceptWords("role")) {
      return new Parsed(
          Operation.SET,
          new SettingChange("role", values(cursor), local),
          EnumSet.of(Feature.SET_ROLE));
    }
    if (cursor.acceptWords("session", "authorization")) {
      return new Parsed(
          Operation.SET,
          new SettingChange("session_authorization", orDefault(cursor, "default"), local),
          EnumSet.of(Feature.SET_SESSION_AUTHORIZATION));
    }
    String name;
    if (cursor.acceptWords("time", "zone")) {
      return set("timezone", orDefault(cursor, "local"), local);
    } else if (cursor.acceptWords("schema")) {
      return set("search_path", values(cursor), local);
    } else if (cursor.acceptWords("names")) {
      return set("client_encoding", orDefault(cursor, "default"), local);
    } else if (cursor.acceptWords("xml", "option")) {
      return set("xmloption", values(cursor), local);
    }
    name = String.join(".", cursor.qualifiedName());
    if (!cursor.acceptWords("to")) {
      SqlToken equals = cursor.next();
      if (!(equals.kind() == Kind.OPERATOR && equals.text().equals("="))) {
        cursor.reset(cursor.position() - 1);
        throw cursor.syntaxError();
      }
    }
    return set(name, orDefault(cursor, "default"), local);
  }

  private static Parsed set(String name, String value, boolean local) {
    return new Parsed(Operation.SET, new SettingChange(name, value, local), Set.of());
  }

  private static Parsed reset(TokenCursor cursor) throws AnalysisException {
    String name;
    Set<Feature> features = Set.of();
    if (cursor.acceptWords("session", "authorization")) {
      name = "session_authorization";
      features = EnumSet.of(Feature.SET_SESSION_AUTHORIZATION);
    } else if (cursor.acceptWords("time", "zone")) {
      name = "timezone";
    } else {
      name = String.join(".", cursor.qualifiedName());
      if (name.equals("role")) {
        features = EnumSet.of(Feature.SET_ROLE);
      }
    }
    cursor.expectEnd();
    return new Parsed(Operation.SET, new SettingChange(name, null, false), features);
  }

  /** The rest as a value; null if it is just the given keyword meaning "the default". */
  private static String orDefault(TokenCursor cursor, String defaultKeyword)
      throws AnalysisException {
    if (cursor.peekWord(defaultKeyword) && cursor.size() == cursor.position() + 1) {
      cursor.next();
      return null;
    }
    return values(cursor);
  }

  /** The remaining tokens as the raw value text; only names, constants and commas are allowed. */
  private static String values(TokenCursor cursor) throws AnalysisException {
    if (cursor.atEnd()) {
      throw cursor.syntaxError();
    }
    int start = cursor.position();
    while (!cursor.atEnd()) {
      SqlToken token = cursor.peek();
      boolean allowed =
          switch (token.kind()) {
            case WORD, QUOTED_IDENTIFIER, STRING, NUMBER -> true;
            case OPERATOR -> token.text().equals("-") || token.text().equals("+");
            case PUNCTUATION -> token.text().equals(",") || token.text().equals(".");
            default -> false;
          };
      if (!allowed) {
        throw cursor.syntaxError();
      }
      cursor.next();
    }
    return cursor.textFrom(start, cursor.position());
  }
}
