package io.dbwarden.sidecar.pg.protocol.frontend;

import io.dbwarden.sidecar.pg.protocol.CopyData;
import io.dbwarden.sidecar.pg.protocol.CopyDone;
import io.dbwarden.sidecar.pg.protocol.PgBuffers;
import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.dbwarden.sidecar.pg.protocol.ProtocolViolationException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.function.Function;

/**
 * Decodes typed client messages (everything after the StartupMessage): frames by type byte and
 * length, then parses the body with the decoder registered for that type. Frame-holding messages
 * ({@link Bind}, {@link FunctionCall}, {@link CopyData}) are retained slices of the input.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message
 *     Formats</a>
 */
public final class FrontendMessageDecoder extends ByteToMessageDecoder {

  private interface BodyDecoder extends Function<ByteBuf, FrontendMessage> {}

  /** Indexed by type byte; null for types a client may not send. */
  private static final BodyDecoder[] DECODERS = new BodyDecoder[256];

  static {
    register('B', Bind::decode);
    register('C', Close::decode);
    register('D', Describe::decode);
    register('E', Execute::decode);
    register('F', FunctionCall::decode);
    register('H', body -> Flush.INSTANCE);
    register('P', Parse::decode);
    register('Q', Query::decode);
    register('S', body -> Sync.INSTANCE);
    register('X', body -> Terminate.INSTANCE);
    register('c', body -> CopyDone.INSTANCE);
    register('d', CopyData::decode);
    register('f', CopyFail::decode);
    register('p', PasswordMessage::decode);
  }

  private static void register(char type, BodyDecoder decoder) {
    DECODERS[type] = decoder;
  }

  private enum State {
    DECODING,
    /** After a violation the stream cannot be resynchronised; drop input until closed. */
    DISCARDING
  }

  private final int maxMessageLength;
  private State state = State.DECODING;

  /**
   * @param maxMessageLength largest accepted declared length (which counts itself but not the type
   *     byte); longer messages are refused as soon as their header arrives
   */
  public FrontendMessageDecoder(int maxMessageLength) {
    this.maxMessageLength = PgFrames.requireMaxMessageLength(maxMessageLength);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
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

  private void decodeFrame(ByteBuf in, List<Object> out) {
    if (!in.isReadable()) {
      return;
    }
    byte type = in.getByte(in.readerIndex());
    BodyDecoder decoder = DECODERS[type & 0xff];
    if (decoder == null) {
      throw new ProtocolViolationException(
          "unknown frontend message type " + PgBuffers.describeByte(type));
    }
    int frameLength = PgFrames.typedFrameLength(in, maxMessageLength);
    if (frameLength < 0) {
      return;
    }
    ByteBuf frame = in.readSlice(frameLength).skipBytes(PgFrames.TYPED_HEADER_LENGTH);
    out.add(PgFrames.decodeBody(type, frame, decoder));
  }
}
