package io.dbwarden.sidecar.policy;

/**
 * Rows still allowed under a {@link RowLimit}. One budget spans everything that reads the same
 * result: every Execute of one portal and every FETCH of one cursor, so fetching in pages does not
 * get around the limit. Touched only on its connection's event loop.
 */
public final class RowBudget {

  private final RowLimit limit;
  private long delivered;
  private long withheld;

  RowBudget(RowLimit limit) {
    this.limit = limit;
  }

  public RowLimit limit() {
    return limit;
  }

  /** Takes one row: true if it may go to the client, false if it is past the limit. */
  public boolean take() {
    if (delivered < limit.rows()) {
      delivered++;
      return true;
    }
    withheld++;
    return false;
  }

  /** Rows withheld so far. */
  public long withheld() {
    return withheld;
  }
}
