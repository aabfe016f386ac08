package io.dbwarden.sidecar.pg.protocol.backend;

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
 * Decodes server messages: frames by type byte and length, then parses the body with the decoder
 * registered for that type. Frame-holding messages ({@link DataRow}, {@link CopyData}) are retained
 * slices of the input.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message
 *     Formats</a>
 */
public final class BackendMessageDecoder extends ByteToMessageDecoder {

  private interface BodyDecoder extends Function<ByteBuf, BackendMessage> {}

  /** Indexed by type byte; null for types a server may not send. */
  private static final BodyDecoder[] DECODERS = new BodyDecoder[256];

  static {
    register('1', body -> ParseComplete.INSTANCE);
    register('2', body -> BindComplete.INSTANCE);
    register('3', body -> CloseComplete.INSTANCE);
    register('A', NotificationResponse::decode);
    register('C', CommandComplete::decode);
    register('D', DataRow::decode);
    register('E', ErrorResponse::decode);
    register('G', CopyInResponse::decode);
    register('H', CopyOutResponse::decode);
    register('I', body -> EmptyQueryResponse.INSTANCE);
    register('K', BackendKeyData::decode);
    register('N', NoticeResponse::decode);
    register('R', BackendMessageDecoder::decodeAuthentication);
    register('S', ParameterStatus::decode);
    register('T', RowDescription::decode);
    register('V', FunctionCallResponse::decode);
    register('W', CopyBothResponse::decode);
    register('Z', ReadyForQuery::decode);
    register('c', body -> CopyDone.INSTANCE);
    register('d', CopyData::decode);
    register('n', body -> NoData.INSTANCE);
    register('s', body -> PortalSuspended.INSTANCE);
    register('t', ParameterDescription::decode);
    register('v', NegotiateProtocolVersion::decode);
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
  public BackendMessageDecoder(int maxMessageLength) {
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
          "unknown backend message type " + PgBuffers.describeByte(type));
    }
    int frameLength = PgFrames.typedFrameLength(in, maxMessageLength);
    if (frameLength < 0) {
      return;
    }
    ByteBuf frame = in.readSlice(frameLength).skipBytes(PgFrames.TYPED_HEADER_LENGTH);
    out.add(PgFrames.decodeBody(type, frame, decoder));
  }

  private static BackendMessage decodeAuthentication(ByteBuf body) {
    int code = body.readInt();
    return switch (code) {
      case AuthenticationOk.CODE -> AuthenticationOk.INSTANCE;
      case AuthenticationCleartextPassword.CODE -> AuthenticationCleartextPassword.INSTANCE;
      case AuthenticationMD5Password.CODE -> AuthenticationMD5Password.decode(body);
      case AuthenticationSASL.CODE -> AuthenticationSASL.decode(body);
      case AuthenticationSASLContinue.CODE -> AuthenticationSASLContinue.decode(body);
      case AuthenticationSASLFinal.CODE -> AuthenticationSASLFinal.decode(body);
      default -> AuthenticationUnsupported.decode(code, body);
    };
  }
}
