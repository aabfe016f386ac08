package io.dbwarden.sidecar.pg.protocol.frontend;

import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.dbwarden.sidecar.pg.protocol.ProtocolViolationException;
import io.dbwarden.sidecar.pg.protocol.StrictDecoder;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Decodes the untyped packets that open a connection: {@link StartupMessage}, {@link SslRequest},
 * {@link GssEncRequest} and {@link CancelRequest}. One packet per read, so that the handler that
 * receives it can replace this decoder (with {@link FrontendMessageDecoder} after a StartupMessage)
 * before the next bytes are looked at; bytes still buffered move on to the replacement when this
 * decoder is removed.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-START-UP">
 *     Start-up</a>
 */
public final class StartupMessageDecoder extends StrictDecoder {

  /** The server's MAX_STARTUP_PACKET_LENGTH, applied here to the declared length. */
  public static final int MAX_STARTUP_PACKET_LENGTH = 10_000;

  /** Length word and code: the smallest packet, SSLRequest. */
  private static final int MIN_PACKET_LENGTH = 8;

  public StartupMessageDecoder() {
    setSingleDecode(true);
  }

  /**
   * Bytes received but not yet decoded. Non-zero after an SSLRequest means the client sent data
   * before the TLS handshake, which must be refused rather than trusted.
   */
  public int bufferedBytes() {
    return actualReadableBytes();
  }

  @Override
  protected void decodeFrame(ByteBuf in, List<Object> out) {
    if (in.readableBytes() < 4) {
      return;
    }
    int length = in.getInt(in.readerIndex());
    if (length < MIN_PACKET_LENGTH || length > MAX_STARTUP_PACKET_LENGTH) {
      throw new ProtocolViolationException(
          "startup packet declares "
              + length
              + " bytes, must be "
              + MIN_PACKET_LENGTH
              + " to "
              + MAX_STARTUP_PACKET_LENGTH);
    }
    if (in.readableBytes() < length) {
      return;
    }
    ByteBuf packet = in.readSlice(length).skipBytes(4);
    int code = packet.readInt();
    out.add(PgFrames.decodeBody((byte) 0, packet, body -> decodeBody(code, length, body)));
  }

  private static FrontendMessage decodeBody(int code, int length, ByteBuf body) {
    return switch (code) {
      case SslRequest.CODE -> SslRequest.INSTANCE;
      case GssEncRequest.CODE -> GssEncRequest.INSTANCE;
      case CancelRequest.CODE -> {
        if (length != CancelRequest.LENGTH) {
          throw new ProtocolViolationException(
              "cancel request declares " + length + " bytes, must be " + CancelRequest.LENGTH);
        }
        yield CancelRequest.decode(body);
      }
      default -> {
        if (code >>> 16 != 3) {
          throw new ProtocolViolationException(
              "unsupported frontend protocol "
                  + (code >>> 16)
                  + "."
                  + (code & 0xffff)
                  + ": only 3.x is supported");
        }
        yield StartupMessage.decode(code, body);
      }
    };
  }
}
