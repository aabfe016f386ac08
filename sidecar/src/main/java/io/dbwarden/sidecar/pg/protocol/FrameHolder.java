package io.dbwarden.sidecar.pg.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ReferenceCounted;
import java.util.Objects;

/**
 * Base of messages that keep their complete wire frame instead of copying it out (row data, bind
 * parameters, COPY data): decoding is a retained slice of the network buffer and forwarding an
 * unchanged message writes that same memory. Reference counting is the frame's; whoever drops a
 * message releases it. Two holders are equal when their frames hold the same bytes.
 */
public abstract class FrameHolder implements PgMessage, ReferenceCounted {

  private final ByteBuf frame;

  /** Takes ownership of {@code frame}, whose readable bytes are exactly one complete frame. */
  protected FrameHolder(ByteBuf frame) {
    this.frame = Objects.requireNonNull(frame, "frame must not be null");
  }

  /** The whole frame, header included; not retained, the caller must not release it. */
  protected final ByteBuf frame() {
    return frame;
  }

  /** A view of {@code length} bytes at {@code offset} from the start of the frame. */
  protected final ByteBuf frameSlice(int offset, int length) {
    return frame.slice(frame.readerIndex() + offset, length);
  }

  /** Frame length including the type byte. */
  protected final int frameLength() {
    return frame.readableBytes();
  }

  @Override
  public final ByteBuf encode(ByteBufAllocator alloc) {
    // Retained because the encoder releases this message once the bytes are handed on.
    return frame.retainedDuplicate();
  }

  @Override
  public final int refCnt() {
    return frame.refCnt();
  }

  @Override
  public final ReferenceCounted retain() {
    frame.retain();
    return this;
  }

  @Override
  public final ReferenceCounted retain(int increment) {
    frame.retain(increment);
    return this;
  }

  @Override
  public final ReferenceCounted touch() {
    frame.touch();
    return this;
  }

  @Override
  public final ReferenceCounted touch(Object hint) {
    frame.touch(hint);
    return this;
  }

  @Override
  public final boolean release() {
    return frame.release();
  }

  @Override
  public final boolean release(int decrement) {
    return frame.release(decrement);
  }

  @Override
  public final boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && frame.equals(((FrameHolder) o).frame);
  }

  @Override
  public final int hashCode() {
    return frame.hashCode();
  }
}
