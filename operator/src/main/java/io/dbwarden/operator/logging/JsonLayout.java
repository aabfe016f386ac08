package io.dbwarden.operator.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Formats each log event as one JSON object on one line: {@code ts}, {@code level}, {@code logger},
 * {@code thread}, {@code msg}, then {@code namespace}, {@code name} and {@code kind} of the
 * resource the line is about, other context, and {@code error} with the stack trace.
 *
 * <p>The resource comes from the SLF4J MDC, where JOSDK puts {@code resource.namespace}, {@code
 * resource.name} and {@code resource.kind} while it reconciles a resource (and where the operator
 * puts them around other work on a resource), so every line a reconciliation logs carries them
 * without the message repeating them.
 */
public final class JsonLayout extends LayoutBase<ILoggingEvent> {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** MDC keys renamed in the output; other keys keep their name. */
  private static final Map<String, String> RENAMED =
      Map.of(
          "resource.namespace", "namespace",
          "resource.name", "name",
          "resource.kind", "kind");

  @Override
  public String doLayout(ILoggingEvent event) {
    ObjectNode line = JSON.createObjectNode();
    line.put("ts", Instant.ofEpochMilli(event.getTimeStamp()).toString());
    line.put("level", event.getLevel().toString());
    line.put("logger", event.getLoggerName());
    line.put("thread", event.getThreadName());
    line.put("msg", event.getFormattedMessage());
    Map<String, String> mdc = event.getMDCPropertyMap();
    if (mdc != null && !mdc.isEmpty()) {
      for (String key : RENAMED.keySet().stream().sorted().toList()) {
        String value = mdc.get(key);
        if (value != null) {
          line.put(RENAMED.get(key), value);
        }
      }
      new TreeMap<>(mdc)
          .forEach(
              (key, value) -> {
                if (!RENAMED.containsKey(key)) {
                  line.put(key, value);
                }
              });
    }
    IThrowableProxy error = event.getThrowableProxy();
    if (error != null) {
      line.put("error", ThrowableProxyUtil.asString(error));
    }
    try {
      return JSON.writeValueAsString(line) + CoreConstants.LINE_SEPARATOR;
    } catch (JsonProcessingException e) {
      return "{\"level\":\"ERROR\",\"msg\":\"unloggable event\"}" + CoreConstants.LINE_SEPARATOR;
    }
  }

  @Override
  public String getContentType() {
    return "application/json";
  }
}
