package io.dbwarden.sidecar.pg.protocol;

/** Backend transaction status as reported by {@code ReadyForQuery}. */
public enum TransactionStatus {
  IDLE('I'),
  IN_TRANSACTION('T'),
  FAILED('E');

  private final byte code;

  TransactionStatus(char code) {
    this.code = (byte) code;
  }

  /** The status byte on the wire. */
  public byte code() {
    return code;
  }

  /**
   * Returns the status for a wire byte.
   *
   * @throws ProtocolViolationException for any byte other than 'I', 'T' or 'E'
   */
  public static TransactionStatus of(byte code) {
    return switch (code) {
      case 'I' -> IDLE;
      case 'T' -> IN_TRANSACTION;
      case 'E' -> FAILED;
      default ->
          throw new ProtocolViolationException(
              "unknown transaction status " + PgBuffers.describeByte(code));
    };
  }
}
