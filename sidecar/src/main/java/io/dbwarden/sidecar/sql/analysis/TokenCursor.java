package io.dbwarden.sidecar.sql.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads a statement's tokens front to back for the recognisers of utility statements. */
final class TokenCursor {

  private final String sql;
  private final List<SqlToken> tokens;
  private int index;

  TokenCursor(String sql, List<SqlToken> tokens) {
    this.sql = sql;
    // one trailing semicolon is part of the statement, not a second one
    int size = tokens.size();
    if (size > 0 && tokens.get(size - 1).isPunctuation(";")) {
      size--;
    }
    this.tokens = tokens.subList(0, size);
  }

  boolean atEnd() {
    return index >= tokens.size();
  }

  SqlToken peek() {
    return peek(0);
  }

  SqlToken peek(int ahead) {
    int at = index + ahead;
    return at < tokens.size() ? tokens.get(at) : null;
  }

  SqlToken next() throws AnalysisException {
    if (atEnd()) {
      throw syntaxError();
    }
    return tokens.get(index++);
  }

  int position() {
    return index;
  }

  void reset(int position) {
    index = position;
  }

  boolean peekWord(String word) {
    SqlToken token = peek();
    return token != null && token.isWord(word);
  }

  boolean peekWord(int ahead, String word) {
    SqlToken token = peek(ahead);
    return token != null && token.isWord(word);
  }

  boolean peekPunctuation(String punctuation) {
    SqlToken token = peek();
    return token != null && token.isPunctuation(punctuation);
  }

  /** Consumes the words if they come next, in order; consumes nothing otherwise. */
  boolean acceptWords(String... words) {
    for (int i = 0; i < words.length; i++) {
      if (!peekWord(i, words[i])) {
        return false;
      }
    }
    index += words.length;
    return true;
  }

  /** Consumes the first of these words that comes next, and returns it in lower case. */
  String acceptAnyWord(String... words) {
    for (String word : words) {
      if (peekWord(word)) {
        index++;
        return word.toLowerCase(Locale.ROOT);
      }
    }
    return null;
  }

  boolean acceptPunctuation(String punctuation) {
    if (peekPunctuation(punctuation)) {
      index++;
      return true;
    }
    return false;
  }

  void expectWords(String... words) throws AnalysisException {
    if (!acceptWords(words)) {
      throw syntaxError();
    }
  }

  void expectPunctuation(String punctuation) throws AnalysisException {
    if (!acceptPunctuation(punctuation)) {
      throw syntaxError();
    }
  }

  void expectEnd() throws AnalysisException {
    if (!atEnd()) {
      throw syntaxError();
    }
  }

  /** An identifier (quoted or not), folded as PostgreSQL stores it. */
  String identifier() throws AnalysisException {
    SqlToken token = next();
    if (!token.isIdentifier()) {
      index--;
      throw syntaxError();
    }
    return token.identifier();
  }

  /** A possibly qualified name: {@code a}, {@code a.b}, {@code "A".b.c}. */
  List<String> qualifiedName() throws AnalysisException {
    List<String> parts = new ArrayList<>();
    parts.add(identifier());
    while (peekPunctuation(".")) {
      index++;
      parts.add(identifier());
    }
    return parts;
  }

  /** Skips a parenthesised group starting at the current {@code (}, nested groups included. */
  void skipParenthesised() throws AnalysisException {
    int open = index;
    expectPunctuation("(");
    int depth = 1;
    while (depth > 0) {
      if (atEnd()) {
        index = open;
        throw syntaxError();
      }
      SqlToken token = next();
      if (token.isPunctuation("(")) {
        depth++;
      } else if (token.isPunctuation(")")) {
        depth--;
      }
    }
  }

  /** The statement's text from token {@code fromIndex} to just before token {@code toIndex}. */
  String textFrom(int fromIndex, int toIndex) {
    if (fromIndex >= toIndex) {
      return "";
    }
    return sql.substring(tokens.get(fromIndex).start(), tokens.get(toIndex - 1).end());
  }

  /** The statement's text from the current token to the end (without a trailing semicolon). */
  String rest() {
    return atEnd() ? "" : textFrom(index, tokens.size());
  }

  /** Offset in the statement of the current token's first character. */
  int offset() {
    return atEnd() ? sql.length() : tokens.get(index).start();
  }

  int size() {
    return tokens.size();
  }

  SqlToken tokenAt(int at) {
    return tokens.get(at);
  }

  AnalysisException syntaxError() {
    if (atEnd()) {
      return AnalysisException.syntax(sql, sql.length(), "unexpected end of statement");
    }
    SqlToken token = tokens.get(index);
    return AnalysisException.syntax(sql, token.start(), "unexpected " + Describe.token(token));
  }
}
