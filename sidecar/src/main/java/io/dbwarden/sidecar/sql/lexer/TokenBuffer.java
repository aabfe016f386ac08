package io.dbwarden.sidecar.sql.lexer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The lexer's output as parallel arrays, so that lexing allocates nothing per token but its value;
 * {@link Token} records are made once, with offsets relative to their statement.
 */
final class TokenBuffer {

  private static final TokenKind[] KINDS = TokenKind.values();

  private byte[] kinds = new byte[32];
  private int[] starts = new int[32];
  private int[] ends = new int[32];
  private String[] values = new String[32];
  private int size;

  void add(TokenKind kind, int start, int end, String value) {
    if (size == kinds.length) {
      int capacity = size * 2;
      kinds = Arrays.copyOf(kinds, capacity);
      starts = Arrays.copyOf(starts, capacity);
      ends = Arrays.copyOf(ends, capacity);
      values = Arrays.copyOf(values, capacity);
    }
    kinds[size] = (byte) kind.ordinal();
    starts[size] = start;
    ends[size] = end;
    values[size] = value;
    size++;
  }

  int size() {
    return size;
  }

  TokenKind kind(int index) {
    return KINDS[kinds[index]];
  }

  int start(int index) {
    return starts[index];
  }

  int end(int index) {
    return ends[index];
  }

  String value(int index) {
    return values[index];
  }

  /** Same kinds at the same places; values may differ. */
  boolean sameShape(TokenBuffer other) {
    return size == other.size
        && Arrays.equals(kinds, 0, size, other.kinds, 0, size)
        && Arrays.equals(starts, 0, size, other.starts, 0, size)
        && Arrays.equals(ends, 0, size, other.ends, 0, size);
  }

  List<Token> toTokens() {
    List<Token> tokens = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      tokens.add(new Token(kind(i), starts[i], ends[i], values[i]));
    }
    return tokens;
  }
}
