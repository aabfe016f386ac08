package io.dbwarden.operator.push;

/** An upgrade to the push stream that is refused, with the HTTP status and the reason given. */
final class StreamRefusal extends Exception {

  private static final long serialVersionUID = 1L;

  private final int status;

  StreamRefusal(int status, String reason) {
    super(reason, null, false, false);
    this.status = status;
  }

  /** 400, 401, 403 or 503. */
  int status() {
    return status;
  }
}
