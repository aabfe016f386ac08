package io.dbwarden.sidecar.pg.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import java.util.function.Function;

/** Framing shared by all messages: headers, back-patched lengths and precomputed frames. */
public final class PgFrames {

  /** Type byte plus Int32 length. */
  public static final int TYPED_HEADER_LENGTH = 5;

  private PgFrames() {}

  /** Starts a typed frame: type byte and a length placeholder that {@link #endTyped} fills. */
  public static ByteBuf beginTyped(ByteBufAllocator alloc, char type) {
    ByteBuf buf = alloc.ioBuffer();
    buf.writeByte(type);
    buf.writeInt(0);
    return buf;
  }

  /** Back-patches the length of a frame started with {@link #beginTyped}. */
  public static ByteBuf endTyped(ByteBuf buf) {
    buf.setInt(buf.readerIndex() + 1, buf.readableBytes() - 1);
    return buf;
  }

  /** Starts an untyped startup-phase packet: only a length placeholder. */
  public static ByteBuf beginUntyped(ByteBufAllocator alloc) {
    ByteBuf buf = alloc.ioBuffer();
    buf.writeInt(0);
    return buf;
  }

  /** Back-patches the length of a packet started with {@link #beginUntyped}. */
  public static ByteBuf endUntyped(ByteBuf buf) {
    buf.setInt(buf.readerIndex(), buf.readableBytes());
    return buf;
  }

  /** A bodiless typed frame computed once; see {@link #constant}. */
  public static ByteBuf constantTyped(char type) {
    return constant(Unpooled.directBuffer(TYPED_HEADER_LENGTH).writeByte(type).writeInt(4));
  }

  /** An untyped packet holding only a request code (SSLRequest, GSSENCRequest), computed once. */
  public static ByteBuf constantUntyped(int code) {
    return constant(Unpooled.directBuffer(8).writeInt(8).writeInt(code));
  }

  /**
   * Makes a precomputed frame shareable: read-only and unreleasable, so that the release after
   * every write cannot free it. Encode with {@code duplicate()}.
   */
  public static ByteBuf constant(ByteBuf buf) {
    return Unpooled.unreleasableBuffer(buf.asReadOnly());
  }

  /**
   * Runs {@code bodyDecoder} on the readable bytes of {@code body} (for typed frames, the frame
   * with its reader index at the body) and insists that it consumes them exactly.
   *
   * @param type the message type for error messages; 0 for untyped startup packets
   * @throws ProtocolViolationException when the body is too short, too long or malformed
   */
  public static <T> T decodeBody(byte type, ByteBuf body, Function<ByteBuf, T> bodyDecoder) {
    T message;
    try {
      message = bodyDecoder.apply(body);
    } catch (IndexOutOfBoundsException e) {
      throw new ProtocolViolationException(describe(type) + " ends before its last field", e);
    } catch (ProtocolViolationException | IllegalArgumentException e) {
      // Body decoders report what is wrong; add which message it was in.
      throw new ProtocolViolationException(describe(type) + ": " + e.getMessage(), e);
    }
    if (body.isReadable()) {
      int extra = body.readableBytes();
      ReferenceCountUtil.release(message);
      throw new ProtocolViolationException(
          describe(type) + " has " + extra + " bytes after its last field");
    }
    return message;
  }

  private static String describe(byte type) {
    return type == 0 ? "startup packet" : "message of type " + PgBuffers.describeByte(type);
  }

  /**
   * Checks the header of the typed frame at the reader index of {@code in} without consuming
   * anything.
   *
   * @return the length of the complete frame including its type byte, or -1 while fewer bytes are
   *     buffered than that (including the header itself)
   * @throws ProtocolViolationException when the declared length is below 4 or above {@code
   *     maxMessageLength}; checked as soon as the header is in, so an absurd length never makes us
   *     buffer its body
   */
  public static int typedFrameLength(ByteBuf in, int maxMessageLength) {
    if (in.readableBytes() < TYPED_HEADER_LENGTH) {
      return -1;
    }
    int start = in.readerIndex();
    int length = in.getInt(start + 1);
    if (length < 4 || length > maxMessageLength) {
      throw new ProtocolViolationException(
          "message of type "
              + PgBuffers.describeByte(in.getByte(start))
              + " declares "
              + length
              + " bytes, "
              + (length < 4 ? "minimum is 4" : "limit is " + maxMessageLength));
    }
    return in.readableBytes() > length ? length + 1 : -1;
  }

  /** Checks a decoder's configured limit. */
  public static int requireMaxMessageLength(int maxMessageLength) {
    if (maxMessageLength < 4) {
      throw new IllegalArgumentException(
          "maxMessageLength must be at least 4, was " + maxMessageLength);
    }
    return maxMessageLength;
  }
}
