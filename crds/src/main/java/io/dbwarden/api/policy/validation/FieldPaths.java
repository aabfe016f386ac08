package io.dbwarden.api.policy.validation;

import java.util.regex.Pattern;

/** Builds the paths problems are reported at: {@code spec.rules[2].operations[0]}. */
final class FieldPaths {

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_-]+");

  private FieldPaths() {}

  static String field(String parent, String name) {
    // Label keys such as app.kubernetes.io/name would be ambiguous after a dot.
    if (!PLAIN.matcher(name).matches()) {
      return parent + "[\"" + name + "\"]";
    }
    return parent.isEmpty() ? name : parent + "." + name;
  }

  static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }
}
