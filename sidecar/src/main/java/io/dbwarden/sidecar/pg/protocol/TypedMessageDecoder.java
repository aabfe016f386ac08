package io.dbwarden.sidecar.pg.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.function.Function;

/**
 * Decodes typed frames (type byte, Int32 length, body) in either direction: checks the type against
 * a lookup table of body decoders, checks the declared length against a limit as soon as the header
 * arrives, then parses the body with the decoder registered for that type and insists that it
 * consumes the body exactly. The frame is a slice of the input, so frame-holding messages keep the
 * network buffer instead of a copy. The backend and frontend decoders differ only in their table.
 *
 * @param <M> the messages of the direction decoded
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message
 *     Formats</a>
 */
public abstract class TypedMessageDecoder<M extends PgMessage> extends StrictDecoder {

  private final BodyDecoders<M> decoders;
  private final int maxMessageLength;

  /**
   * @param decoders the body decoder for each type byte this side may receive
   * @param maxMessageLength largest accepted declared length (which counts itself but not the type
   *     byte); longer messages are refused as soon as their header arrives
   */
  protected TypedMessageDecoder(BodyDecoders<M> decoders, int maxMessageLength) {
    this.decoders = decoders;
    this.maxMessageLength = PgFrames.requireMaxMessageLength(maxMessageLength);
  }

  @Override
  protected final void decodeFrame(ByteBuf in, List<Object> out) {
    if (!in.isReadable()) {
      return;
    }
    byte type = in.getByte(in.readerIndex());
    Function<ByteBuf, ? extends M> decoder = decoders.table[type & 0xff];
    if (decoder == null) {
      throw new ProtocolViolationException(
          "unknown " + decoders.side + " message type " + PgBuffers.describeByte(type));
    }
    int frameLength = PgFrames.typedFrameLength(in, maxMessageLength);
    if (frameLength < 0) {
      return;
    }
    ByteBuf frame = in.readSlice(frameLength).skipBytes(PgFrames.TYPED_HEADER_LENGTH);
    out.add(PgFrames.decodeBody(type, frame, decoder));
  }

  /**
   * An immutable lookup table from type byte to body decoder, built once per direction; a type
   * without a decoder is an error, not a default.
   *
   * @param <M> the messages of the direction decoded
   */
  public static final class BodyDecoders<M extends PgMessage> {

    private final String side;

    /** Indexed by type byte; null for types the other side may not send. */
    private final Function<ByteBuf, ? extends M>[] table;

    private BodyDecoders(Builder<M> builder) {
      this.side = builder.side;
      this.table = builder.table.clone();
    }

    /**
     * @param side "backend" or "frontend", for error messages
     */
    public static <M extends PgMessage> Builder<M> builder(String side) {
      return new Builder<>(side);
    }

    /** Collects the body decoders of one direction. */
    public static final class Builder<M extends PgMessage> {

      private final String side;

      @SuppressWarnings("unchecked")
      private final Function<ByteBuf, ? extends M>[] table = new Function[256];

      private Builder(String side) {
        this.side = side;
      }

      /** Registers the decoder of the body of messages of {@code type}. */
      public Builder<M> add(char type, Function<ByteBuf, ? extends M> decoder) {
        if (type > 0xff || table[type] != null) {
          throw new IllegalArgumentException("bad or repeated type " + type);
        }
        table[type] = decoder;
        return this;
      }

      public BodyDecoders<M> build() {
        return new BodyDecoders<>(this);
      }
    }
  }
}
