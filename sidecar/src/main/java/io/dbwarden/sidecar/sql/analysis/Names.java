package io.dbwarden.sidecar.sql.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.schema.Table;

/** Identifier folding as PostgreSQL does it, for names as JSqlParser hands them over. */
final class Names {

  private Names() {}

  /**
   * A name as stored: {@code "Quoted"} keeps its case (doubled quotes undone), unquoted names are
   * folded to lower case (ASCII only, like the server in a multi-byte encoding).
   */
  static String fold(String raw) {
    if (raw == null) {
      return null;
    }
    if (raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")) {
      return raw.substring(1, raw.length() - 1).replace("\"\"", "\"");
    }
    StringBuilder folded = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      folded.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
    }
    return folded.toString();
  }

  static boolean isQuoted(String raw) {
    return raw != null && raw.startsWith("\"");
  }

  /** A table's name parts, outermost first ({@code [schema, name]} or {@code [name]}), folded. */
  static List<String> parts(Table table) {
    List<String> parts = new ArrayList<>();
    if (table.getDatabaseName() != null && !table.getDatabaseName().isEmpty()) {
      parts.add(fold(table.getDatabaseName()));
    }
    if (table.getSchemaName() != null && !table.getSchemaName().isEmpty()) {
      parts.add(fold(table.getSchemaName()));
    }
    parts.add(fold(table.getName()));
    return parts;
  }

  /** The folded parts of a dotted name as written ({@code "My Schema".proc}). */
  static List<String> split(String raw) {
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      }
      if (c == '.' && !quoted) {
        parts.add(fold(part.toString().trim()));
        part.setLength(0);
      } else {
        part.append(c);
      }
    }
    parts.add(fold(part.toString().trim()));
    return parts;
  }

  static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }
}
