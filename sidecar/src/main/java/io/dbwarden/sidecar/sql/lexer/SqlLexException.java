package io.dbwarden.sidecar.sql.lexer;

/**
 * SQL text the server's scanner would reject: an unterminated string, quoted identifier, dollar
 * quote or comment, a malformed number or escape. The server refuses the whole Query then, so the
 * proxy refuses it too.
 */
public final class SqlLexException extends RuntimeException {

  private final String reason;
  private final int offset;

  /**
   * @param reason what is wrong, in the server's words where it has some
   * @param offset where the offending token starts in the query text
   */
  public SqlLexException(String reason, int offset) {
    super(reason + " at offset " + offset);
    this.reason = reason;
    this.offset = offset;
  }

  public String reason() {
    return reason;
  }

  public int offset() {
    return offset;
  }
}
