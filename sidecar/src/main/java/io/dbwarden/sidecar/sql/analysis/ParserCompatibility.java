package io.dbwarden.sidecar.sql.analysis;

import java.util.List;
import java.util.Set;

/**
 * PostgreSQL syntax JSqlParser 5.3 rejects but whose words change nothing the analysis reports, so
 * they are blanked in the text JSqlParser sees (positions kept): {@code AS NOT MATERIALIZED} (a
 * planner hint), {@code COLLATE name} (how values compare), {@code ONLY} after {@code DELETE FROM},
 * {@code UPDATE} and {@code ALTER TABLE} (the named table is reported either way), {@code WITH
 * [CASCADED | LOCAL] CHECK OPTION} and {@code WITH [NO] DATA} ending a CREATE, {@code PARTITION BY
 * ...(...)} of a CREATE TABLE (its key only names the new table's columns), and the {@code
 * TEMP}/{@code UNLOGGED}/{@code TABLE} words of {@code SELECT ... INTO}, whose temporariness is
 * remembered instead.
 */
final class ParserCompatibility {

  private final List<SqlToken> tokens;
  private final char[] text;
  private boolean intoTemporary;

  private ParserCompatibility(List<SqlToken> tokens, String normalized) {
    this.tokens = tokens;
    this.text = normalized.toCharArray();
  }

  /** The adjusted text, and whether a {@code SELECT ... INTO} creates a temporary table. */
  record Result(String text, boolean intoTemporary) {}

  static Result adjust(List<SqlToken> tokens, String normalized) {
    ParserCompatibility compatibility = new ParserCompatibility(tokens, normalized);
    compatibility.run();
    return new Result(new String(compatibility.text), compatibility.intoTemporary);
  }

  private void run() {
    boolean create = isWord(0, "create");
    boolean query = isWord(0, "select") || isWord(0, "with");
    for (int i = 0; i < tokens.size(); i++) {
      if (isWord(i, "as") && isWord(i + 1, "not") && isWord(i + 2, "materialized")) {
        blank(i + 1);
      } else if (isWord(i, "collate") && isIdentifier(i + 1)) {
        blank(i);
        int end = i + 2;
        while (isPunctuation(end, ".") && isIdentifier(end + 1)) {
          end += 2;
        }
        blank(i + 1, end);
      } else if (isWord(i, "only") && afterWriteTarget(i)) {
        blank(i);
      } else if (create && isWord(i, "with") && checkOption(i)) {
        blank(i, tokens.size());
        return;
      } else if (create && isWord(i, "with") && dataOption(i)) {
        blank(i, tokens.size());
        return;
      } else if (create && isWord(i, "partition") && isWord(i + 1, "by") && partitionKey(i)) {
        return;
      } else if (query && isWord(i, "into")) {
        into(i + 1);
      }
    }
  }

  /** {@code DELETE FROM ONLY}, {@code UPDATE ONLY}, {@code ALTER TABLE [IF EXISTS] ONLY}. */
  private boolean afterWriteTarget(int only) {
    return (isWord(only - 1, "from") && isWord(only - 2, "delete"))
        || isWord(only - 1, "update")
        || (isWord(only - 1, "table") && isWord(only - 2, "alter"))
        || (isWord(only - 1, "exists")
            && isWord(only - 2, "if")
            && isWord(only - 3, "table")
            && isWord(only - 4, "alter"));
  }

  /** {@code WITH [CASCADED | LOCAL] CHECK OPTION} ending the statement. */
  private boolean checkOption(int with) {
    int at = with + 1;
    if (isWord(at, "cascaded") || isWord(at, "local")) {
      at++;
    }
    return isWord(at, "check") && isWord(at + 1, "option") && at + 2 == end();
  }

  /** {@code WITH [NO] DATA} ending the statement. */
  private boolean dataOption(int with) {
    int at = with + 1;
    if (isWord(at, "no")) {
      at++;
    }
    return isWord(at, "data") && at + 1 == end();
  }

  /** {@code PARTITION BY {RANGE | LIST | HASH} (...)} ending a CREATE TABLE. */
  private boolean partitionKey(int partition) {
    int open = partition + 3;
    if (!(isWord(partition + 2, "range")
            || isWord(partition + 2, "list")
            || isWord(partition + 2, "hash"))
        || !isPunctuation(open, "(")) {
      return false;
    }
    int depth = 0;
    for (int i = open; i < tokens.size(); i++) {
      if (isPunctuation(i, "(")) {
        depth++;
      } else if (isPunctuation(i, ")") && --depth == 0) {
        if (i + 1 != end()) {
          return false;
        }
        blank(partition, i + 1);
        return true;
      }
    }
    return false;
  }

  /** {@code INTO [TEMP | TEMPORARY | UNLOGGED] [TABLE] name} of a SELECT. */
  private void into(int at) {
    int name = at;
    boolean temporary = isWord(at, "temp") || isWord(at, "temporary");
    if (temporary || isWord(at, "unlogged")) {
      name++;
    }
    if (isWord(name, "table")) {
      name++;
    }
    // the modifiers are words only if a name follows: "INTO temp FROM" names a table temp
    if (name > at && isIdentifier(name) && !NOT_NAMES.contains(Names.lower(tokenText(name)))) {
      blank(at, name);
      intoTemporary |= temporary;
    }
  }

  /** Words that cannot be the name after {@code INTO TEMP}: then {@code temp} is the name. */
  private static final Set<String> NOT_NAMES =
      Set.of("from", "as", "values", "select", "default", "where", "union", "overriding");

  private String tokenText(int at) {
    return tokens.get(at).text();
  }

  private int end() {
    int size = tokens.size();
    return size > 0 && tokens.get(size - 1).isPunctuation(";") ? size - 1 : size;
  }

  private boolean isWord(int at, String word) {
    return at >= 0 && at < tokens.size() && tokens.get(at).isWord(word);
  }

  private boolean isIdentifier(int at) {
    return at >= 0 && at < tokens.size() && tokens.get(at).isIdentifier();
  }

  private boolean isPunctuation(int at, String punctuation) {
    return at >= 0 && at < tokens.size() && tokens.get(at).isPunctuation(punctuation);
  }

  private void blank(int token) {
    blank(token, token + 1);
  }

  /** Blanks the tokens from {@code from} to before {@code to}, keeping line breaks. */
  private void blank(int from, int to) {
    if (from >= to) {
      return;
    }
    int start = tokens.get(from).start();
    int stop = tokens.get(to - 1).end();
    for (int i = start; i < stop; i++) {
      if (text[i] != '\n' && text[i] != '\r') {
        text[i] = ' ';
      }
    }
  }
}
