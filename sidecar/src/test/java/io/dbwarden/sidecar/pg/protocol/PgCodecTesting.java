package io.dbwarden.sidecar.pg.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Hand-building wire bytes and running codecs through an {@link EmbeddedChannel}. */
public final class PgCodecTesting {

  private PgCodecTesting() {}

  /**
   * Concatenates parts: {@link Character} one byte, {@link Byte} one byte, {@link Short} Int16,
   * {@link Integer} Int32, {@link String} NUL-terminated UTF-8, {@code byte[]} raw bytes.
   */
  public static byte[] bytes(Object... parts) {
    ByteBuf buf = Unpooled.buffer();
    for (Object part : parts) {
      if (part instanceof Character c) {
        buf.writeByte(c);
      } else if (part instanceof Byte b) {
        buf.writeByte(b);
      } else if (part instanceof Short s) {
        buf.writeShort(s);
      } else if (part instanceof Integer i) {
        buf.writeInt(i);
      } else if (part instanceof String s) {
        buf.writeBytes(s.getBytes(StandardCharsets.UTF_8)).writeByte(0);
      } else if (part instanceof byte[] raw) {
        buf.writeBytes(raw);
      } else {
        throw new IllegalArgumentException("unsupported part " + part);
      }
    }
    return ByteBufUtil.getBytes(buf);
  }

  /** A typed frame: type byte, computed length, body built by {@link #bytes}. */
  public static byte[] frame(char type, Object... body) {
    byte[] content = bytes(body);
    return bytes(type, content.length + 4, content);
  }

  /** An untyped startup-phase packet: computed length, body built by {@link #bytes}. */
  public static byte[] packet(Object... body) {
    byte[] content = bytes(body);
    return bytes(content.length + 4, content);
  }

  /** Asserts that {@code message} encodes to exactly {@code expected}, releasing the output. */
  public static void assertEncodes(PgMessage message, byte[] expected) {
    ByteBuf encoded = message.encode(ByteBufAllocator.DEFAULT);
    try {
      byte[] actual = ByteBufUtil.getBytes(encoded);
      assertThat(actual)
          .as(
              "encoding of %s%nexpected:%n%s%nactual:%n%s",
              message,
              ByteBufUtil.prettyHexDump(Unpooled.wrappedBuffer(expected)),
              ByteBufUtil.prettyHexDump(Unpooled.wrappedBuffer(actual)))
          .isEqualTo(expected);
    } finally {
      encoded.release();
    }
  }

  /**
   * Feeds {@code input} to a fresh decoder twice, once one byte at a time and once all at once, and
   * asserts both times that exactly {@code expected} comes out. Decoded messages are released.
   */
  public static void assertDecodes(
      Supplier<ChannelHandler> decoder, byte[] input, Object... expected) {
    for (boolean oneByteAtATime : new boolean[] {true, false}) {
      List<Object> decoded = decode(decoder, input, oneByteAtATime);
      try {
        assertThat(decoded)
            .as("decoded %s", oneByteAtATime ? "one byte at a time" : "all at once")
            .containsExactly(expected);
      } finally {
        decoded.forEach(ReferenceCountUtil::release);
      }
    }
  }

  /** Feeds {@code input} and returns what came out; the caller releases the messages. */
  public static List<Object> decode(
      Supplier<ChannelHandler> decoder, byte[] input, boolean oneByteAtATime) {
    EmbeddedChannel channel = new EmbeddedChannel(decoder.get());
    List<Object> decoded = new ArrayList<>();
    try {
      if (oneByteAtATime) {
        for (byte b : input) {
          channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
          drain(channel, decoded);
        }
      } else {
        channel.writeInbound(Unpooled.wrappedBuffer(input));
        drain(channel, decoded);
      }
      assertFalse(channel.finish());
      return decoded;
    } catch (RuntimeException | AssertionError e) {
      decoded.forEach(ReferenceCountUtil::release);
      throw e;
    }
  }

  private static void drain(EmbeddedChannel channel, List<Object> decoded) {
    for (Object message = channel.readInbound(); message != null; message = channel.readInbound()) {
      decoded.add(message);
    }
  }

  /**
   * Feeds {@code input} one byte at a time and then all at once to fresh decoders and asserts that
   * each rejects it with a {@link ProtocolViolationException} mentioning {@code messagePart}, no
   * later than the last byte; anything decoded before is released.
   */
  public static void assertRejects(
      Supplier<ChannelHandler> decoder, byte[] input, String messagePart) {
    for (boolean oneByteAtATime : new boolean[] {true, false}) {
      EmbeddedChannel channel = new EmbeddedChannel(decoder.get());
      List<Object> decoded = new ArrayList<>();
      Throwable thrown = null;
      try {
        int step = oneByteAtATime ? 1 : input.length;
        for (int i = 0; i < input.length && thrown == null; i += step) {
          ByteBuf chunk = Unpooled.wrappedBuffer(input, i, step);
          try {
            channel.writeInbound(chunk);
          } catch (ProtocolViolationException e) {
            thrown = e;
          }
          drain(channel, decoded);
        }
        assertThat(thrown)
            .as("rejection %s", oneByteAtATime ? "one byte at a time" : "all at once")
            .isInstanceOf(ProtocolViolationException.class)
            .hasMessageContaining(messagePart);
        // Whatever follows a violation is dropped, never decoded.
        channel.writeInbound(Unpooled.wrappedBuffer(input));
        drain(channel, decoded);
        assertThat(decoded).isEmpty();
        assertFalse(channel.finish());
      } finally {
        decoded.forEach(ReferenceCountUtil::release);
      }
    }
  }

  /**
   * Asserts both ways: {@code bytes} decode to {@code message} and it encodes to them. Takes
   * ownership of {@code message} and releases it, pass or fail.
   */
  public static void assertRoundTrip(
      Supplier<ChannelHandler> decoder, PgMessage message, byte[] bytes) {
    try {
      assertDecodes(decoder, bytes, message);
      assertEncodes(message, bytes);
    } finally {
      ReferenceCountUtil.release(message);
    }
  }
}
