package io.dbwarden.sidecar.pg.protocol.frontend;

import io.dbwarden.sidecar.pg.protocol.FrameHolder;
import io.dbwarden.sidecar.pg.protocol.PgBuffers;
import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * FunctionCall ('F'): the legacy fast-path call of a function by OID. Holds its frame so that
 * arguments are never copied (see {@link FrameHolder}): must be released.
 */
public final class FunctionCall extends FrameHolder implements FrontendMessage {

  private final int functionOid;
  private final short[] argumentFormats;

  /** Per argument: frame offset at {@code 2*i}, length (-1 for NULL) at {@code 2*i+1}. */
  private final int[] argumentBounds;

  private final short resultFormat;

  private FunctionCall(
      ByteBuf frame, int functionOid, short[] argumentFormats, int[] bounds, short resultFormat) {
    super(frame);
    this.functionOid = functionOid;
    this.argumentFormats = argumentFormats;
    this.argumentBounds = bounds;
    this.resultFormat = resultFormat;
  }

  /**
   * Builds a FunctionCall; argument bytes are copied (null entries are SQL NULL) and the caller
   * keeps ownership of them.
   */
  public static FunctionCall of(
      ByteBufAllocator alloc,
      int functionOid,
      short[] argumentFormats,
      List<ByteBuf> arguments,
      short resultFormat) {
    Objects.requireNonNull(argumentFormats, "argumentFormats must not be null");
    Objects.requireNonNull(arguments, "arguments must not be null");
    PgBuffers.requireCount(argumentFormats.length, "argumentFormats");
    ByteBuf buf = PgFrames.beginTyped(alloc, 'F');
    try {
      buf.writeInt(functionOid);
      PgBuffers.writeShortArray(buf, argumentFormats);
      PgBuffers.writeValues(buf, arguments);
      buf.writeShort(resultFormat);
      PgFrames.endTyped(buf).skipBytes(PgFrames.TYPED_HEADER_LENGTH);
      return decode(buf);
    } finally {
      buf.release();
    }
  }

  static FunctionCall decode(ByteBuf frame) {
    int functionOid = frame.readInt();
    short[] argumentFormats = PgBuffers.readShortArray(frame);
    int count = frame.readUnsignedShort();
    int[] bounds = new int[2 * count];
    PgBuffers.readValues(frame, count, bounds);
    short resultFormat = frame.readShort();
    return new FunctionCall(
        frame.retainedSlice(0, frame.writerIndex()),
        functionOid,
        argumentFormats,
        bounds,
        resultFormat);
  }

  public int functionOid() {
    return functionOid;
  }

  /** Format codes as sent: none (all text), one for all arguments, or one per argument. */
  public short[] argumentFormats() {
    return argumentFormats.clone();
  }

  public int argumentCount() {
    return argumentBounds.length / 2;
  }

  /**
   * The value of argument {@code i} as a view valid while this message is not released, or null for
   * SQL NULL.
   */
  public ByteBuf argument(int i) {
    Objects.checkIndex(i, argumentCount());
    int length = argumentBounds[2 * i + 1];
    return length < 0 ? null : frameSlice(argumentBounds[2 * i], length);
  }

  public short resultFormat() {
    return resultFormat;
  }

  @Override
  public String toString() {
    return "FunctionCall{functionOid="
        + functionOid
        + ", argumentFormats="
        + Arrays.toString(argumentFormats)
        + ", argumentSizes="
        + PgBuffers.valueSizes(argumentBounds)
        + ", resultFormat="
        + resultFormat
        + "}";
  }
}
