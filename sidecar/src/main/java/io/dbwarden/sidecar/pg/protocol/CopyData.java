package io.dbwarden.sidecar.pg.protocol;

import io.dbwarden.sidecar.pg.protocol.backend.BackendMessage;
import io.dbwarden.sidecar.pg.protocol.frontend.FrontendMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * CopyData ('d'), sent both ways during COPY. Holds its frame (see {@link FrameHolder}): must be
 * released.
 */
public final class CopyData extends FrameHolder implements FrontendMessage, BackendMessage {

  private CopyData(ByteBuf frame) {
    super(frame);
  }

  /**
   * Builds a frame from the readable bytes of {@code data}, which are copied; the caller keeps
   * ownership of {@code data}.
   */
  public static CopyData of(ByteBufAllocator alloc, ByteBuf data) {
    ByteBuf frame = PgFrames.beginTyped(alloc, 'd');
    frame.writeBytes(data, data.readerIndex(), data.readableBytes());
    return new CopyData(PgFrames.endTyped(frame));
  }

  /**
   * For decoders: wraps the frame without copying. {@code frame} holds exactly one frame with its
   * reader index at the body; the body is consumed and the frame retained.
   */
  public static CopyData decode(ByteBuf frame) {
    frame.skipBytes(frame.readableBytes());
    return new CopyData(frame.retainedSlice(0, frame.writerIndex()));
  }

  /** The data, as a view valid while this message is not released. */
  public ByteBuf content() {
    return frameSlice(PgFrames.TYPED_HEADER_LENGTH, frameLength() - PgFrames.TYPED_HEADER_LENGTH);
  }

  @Override
  public String toString() {
    return "CopyData{" + (frameLength() - PgFrames.TYPED_HEADER_LENGTH) + " bytes}";
  }
}
