package io.dbwarden.sidecar.proxy;

import io.dbwarden.sidecar.pg.protocol.frontend.Bind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of a Bind as the audit record shows them, when the policy includes parameters: text
 * values as text, binary ones as {@code \x} and hex, NULL as null.
 */
final class BoundValues {

  /** Values longer than this are cut, so one huge value cannot swell every record. */
  private static final int MAX_CHARS = 1024;

  private BoundValues() {}

  static Map<String, String> of(Bind bind) {
    Map<String, String> values = new LinkedHashMap<>();
    short[] formats = bind.parameterFormats();
    for (int i = 0; i < bind.parameterCount(); i++) {
      ByteBuf value = bind.parameter(i);
      short format = formats.length == 0 ? 0 : formats.length == 1 ? formats[0] : formats[i];
      values.put("$" + (i + 1), value == null ? null : text(value, format));
    }
    return values;
  }

  /**
   * The values whole, in order (null for SQL NULL), for what must tell every value apart: text
   * values as text, binary ones as {@code \x} and hex.
   */
  static List<String> exact(Bind bind) {
    List<String> values = new ArrayList<>(bind.parameterCount());
    short[] formats = bind.parameterFormats();
    for (int i = 0; i < bind.parameterCount(); i++) {
      ByteBuf value = bind.parameter(i);
      short format = formats.length == 0 ? 0 : formats.length == 1 ? formats[0] : formats[i];
      values.add(value == null ? null : whole(value, format));
    }
    return values;
  }

  private static String whole(ByteBuf value, short format) {
    return format == 0
        ? value.toString(value.readerIndex(), value.readableBytes(), StandardCharsets.UTF_8)
        : "\\x" + ByteBufUtil.hexDump(value);
  }

  private static String text(ByteBuf value, short format) {
    String shown = whole(value, format);
    return shown.length() <= MAX_CHARS ? shown : shown.substring(0, MAX_CHARS) + "...";
  }
}
