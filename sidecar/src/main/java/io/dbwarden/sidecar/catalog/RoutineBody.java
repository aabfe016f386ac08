package io.dbwarden.sidecar.catalog;

import io.dbwarden.sidecar.sql.lexer.SqlLexException;
import io.dbwarden.sidecar.sql.lexer.SqlLexer;
import io.dbwarden.sidecar.sql.lexer.Token;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the body of a SQL or PL/pgSQL routine for the names it mentions. It does not parse: every
 * identifier counts, and so does every word inside a string literal, since built-in functions such
 * as {@code query_to_xml} run SQL given as a string. Over-counting only makes a routine look like
 * it reads more than it does, which errs on the side of refusing.
 *
 * @param names the names mentioned, as the server would fold them
 * @param opaque why the body cannot be read, or null
 */
record RoutineBody(Set<String> names, String opaque) {

  private static final Pattern WORD_SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}_$]+");

  static RoutineBody of(String language, String source) {
    switch (language) {
      case "internal" -> {
        // an alias of a function built into the server, which reads no table by itself
        return new RoutineBody(Set.of(), null);
      }
      case "sql", "plpgsql" -> {
        return read(language, source == null ? "" : source);
      }
      default -> {
        return new RoutineBody(
            Set.of(), "is written in " + language + ", which dbwarden cannot read");
      }
    }
  }

  private static RoutineBody read(String language, String source) {
    Set<String> names = new HashSet<>();
    try {
      for (Token token : SqlLexer.tokenize(source, true)) {
        switch (token.kind()) {
          case IDENTIFIER, QUOTED_IDENTIFIER, UNICODE_IDENTIFIER -> {
            if (language.equals("plpgsql") && token.is("execute")) {
              return new RoutineBody(Set.of(), "runs dynamic SQL (EXECUTE)");
            }
            names.add(token.value());
          }
          case STRING, ESCAPE_STRING, NATIONAL_STRING, UNICODE_STRING, DOLLAR_STRING -> {
            for (String word : WORD_SEPARATORS.split(token.value())) {
              names.add(word.toLowerCase(Locale.ROOT));
            }
          }
          default -> {}
        }
      }
    } catch (SqlLexException e) {
      return new RoutineBody(Set.of(), "could not be read (" + e.getMessage() + ")");
    }
    return new RoutineBody(names, null);
  }
}
