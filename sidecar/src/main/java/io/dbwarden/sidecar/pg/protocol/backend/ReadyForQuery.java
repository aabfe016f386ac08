package io.dbwarden.sidecar.pg.protocol.backend;

import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.dbwarden.sidecar.pg.protocol.TransactionStatus;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

/** ReadyForQuery ('Z'): the server is idle, in a transaction, or in a failed transaction. */
public final class ReadyForQuery implements BackendMessage {

  public static final ReadyForQuery IDLE = new ReadyForQuery(TransactionStatus.IDLE);
  public static final ReadyForQuery IN_TRANSACTION =
      new ReadyForQuery(TransactionStatus.IN_TRANSACTION);
  public static final ReadyForQuery FAILED = new ReadyForQuery(TransactionStatus.FAILED);

  private final TransactionStatus transactionStatus;
  private final ByteBuf frame;

  private ReadyForQuery(TransactionStatus transactionStatus) {
    this.transactionStatus = transactionStatus;
    this.frame =
        PgFrames.constant(
            Unpooled.directBuffer(6)
                .writeByte('Z')
                .writeInt(5)
                .writeByte(transactionStatus.code()));
  }

  public static ReadyForQuery of(TransactionStatus transactionStatus) {
    if (transactionStatus == null) {
      throw new NullPointerException("transactionStatus must not be null");
    }
    return switch (transactionStatus) {
      case IDLE -> IDLE;
      case IN_TRANSACTION -> IN_TRANSACTION;
      case FAILED -> FAILED;
    };
  }

  static ReadyForQuery decode(ByteBuf body) {
    return of(TransactionStatus.of(body.readByte()));
  }

  public TransactionStatus transactionStatus() {
    return transactionStatus;
  }

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    return frame.duplicate();
  }

  @Override
  public String toString() {
    return "ReadyForQuery{" + transactionStatus + "}";
  }
}
