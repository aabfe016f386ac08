package io.dbwarden.sidecar.sql.analysis;

/**
 * A statement could not be analysed: a syntax error (what and where), an analysis that was
 * cancelled at its deadline, or a statement form that is refused outright. The message is written
 * for the client's ErrorResponse: it names keywords and identifiers but never echoes the value of a
 * constant.
 */
public final class AnalysisException extends Exception {

  private static final long serialVersionUID = 1L;

  static final String TIMED_OUT = "statement analysis timed out";

  private final int position;
  private final boolean timedOut;

  /**
   * @param message what went wrong, fit for a client
   * @param position 1-based character position in the statement the error refers to, 0 if none
   */
  public AnalysisException(String message, int position) {
    this(message, position, false);
  }

  public AnalysisException(String message) {
    this(message, 0, false);
  }

  private AnalysisException(String message, int position, boolean timedOut) {
    // no stack trace: these are expected outcomes on a hot path, not bugs
    super(message, null, false, false);
    this.position = position;
    this.timedOut = timedOut;
  }

  /**
   * A statement that cannot be parsed: {@code what} went wrong at {@code offset} (0-based) in
   * {@code sql}; the message says where as line and column.
   */
  static AnalysisException syntax(String sql, int offset, String what) {
    int at = Math.max(0, Math.min(offset, sql.length()));
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < at; i++) {
      if (sql.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new AnalysisException(
        "cannot parse statement: " + what + " at line " + line + ", column " + (at - lineStart + 1),
        at + 1);
  }

  static AnalysisException timeout() {
    return new AnalysisException(TIMED_OUT, 0, true);
  }

  /**
   * 1-based character position in the analysed statement, as PostgreSQL's ErrorResponse field
   * {@code P} carries it; 0 when the error has no position.
   */
  public int position() {
    return position;
  }

  /** Whether the analysis was cancelled (its deadline passed) rather than refused. */
  public boolean timedOut() {
    return timedOut;
  }
}
