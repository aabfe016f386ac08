package io.dbwarden.sidecar.sql.analysis;

import net.sf.jsqlparser.parser.CCJSqlParser;

/**
 * Lets another thread stop one analysis, typically a timer at the statement's deadline.
 * JSqlParser's generated parser checks its {@code interrupted} flag in the expression rules whose
 * look-ahead can take exponential time; once set, those alternatives are skipped and the parse ends
 * quickly. What such a parse returns is not trusted: {@link StatementAnalyzer#analyze} reports a
 * timeout whenever the cancellation was triggered, whatever the parser produced.
 *
 * <p>One instance per analysis; {@link #cancel()} may be called from any thread, any number of
 * times, before, during or after the analysis.
 */
public final class ParseCancellation {

  private volatile boolean cancelled;
  private volatile CCJSqlParser parser;

  /** Stops the analysis as soon as possible; it then fails with a timeout. */
  public void cancel() {
    cancelled = true;
    CCJSqlParser current = parser;
    if (current != null) {
      current.interrupted = true;
    }
  }

  public boolean isCancelled() {
    return cancelled;
  }

  /** Registers the parser now running, so that a cancel reaches it. */
  void attach(CCJSqlParser running) {
    parser = running;
    // a cancel that raced with the assignment above is seen here
    if (cancelled) {
      running.interrupted = true;
    }
  }

  void detach() {
    parser = null;
  }

  /** Throws the timeout if the analysis was cancelled. */
  void check() throws AnalysisException {
    if (cancelled) {
      throw AnalysisException.timeout();
    }
  }
}
