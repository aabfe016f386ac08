package io.dbwarden.sidecar.pg.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Base of the protocol decoders: runs {@link #decodeFrame} and, once it throws a {@link
 * ProtocolViolationException}, drops all further input. After a violation the byte stream cannot be
 * resynchronised (the next frame boundary is unknown), so nothing that follows can be trusted; the
 * exception still reaches the pipeline, whose handler closes the connection.
 */
public abstract class StrictDecoder extends ByteToMessageDecoder {

  private enum State {
    DECODING,
    /** After a violation drop input until the connection is closed. */
    DISCARDING
  }

  private State state = State.DECODING;

  protected StrictDecoder() {}

  @Override
  protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (state == State.DISCARDING) {
      in.skipBytes(in.readableBytes());
      return;
    }
    try {
      decodeFrame(in, out);
    } catch (ProtocolViolationException e) {
      state = State.DISCARDING;
      in.skipBytes(in.readableBytes());
      throw e;
    }
  }

  /**
   * Decodes at most one frame from {@code in}, or nothing while it is incomplete.
   *
   * @throws ProtocolViolationException when the input breaks the protocol
   */
  protected abstract void decodeFrame(ByteBuf in, List<Object> out);
}
