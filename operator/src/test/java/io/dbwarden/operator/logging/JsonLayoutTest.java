package io.dbwarden.operator.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLayoutTest {

  private static LoggingEvent event(String message, Map<String, String> mdc, Throwable error) {
    LoggerContext context = new LoggerContext();
    LoggingEvent event =
        new LoggingEvent(
            "x",
            context.getLogger("io.dbwarden.Test"),
            Level.INFO,
            message,
            error,
            new Object[] {});
    event.setMDCPropertyMap(mdc);
    return event;
  }

  @Test
  void oneJsonObjectPerLineWithTheResource() throws Exception {
    String line =
        new JsonLayout()
            .doLayout(
                event(
                    "status written",
                    Map.of(
                        "resource.namespace", "shop",
                        "resource.name", "orders",
                        "resource.kind", "DatabasePolicy",
                        "resource.generation", "2"),
                    null));
    assertThat(line).endsWith("\n").doesNotContain("\n\n");
    assertThat(line.strip()).doesNotContain("\n");
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.get("msg").asText()).isEqualTo("status written");
    assertThat(json.get("level").asText()).isEqualTo("INFO");
    assertThat(json.get("namespace").asText()).isEqualTo("shop");
    assertThat(json.get("name").asText()).isEqualTo("orders");
    assertThat(json.get("kind").asText()).isEqualTo("DatabasePolicy");
    assertThat(json.get("resource.generation").asText()).isEqualTo("2");
    assertThat(json.has("ts")).isTrue();
  }

  @Test
  void errorsCarryTheirStackTraceInOneField() throws Exception {
    String line =
        new JsonLayout().doLayout(event("failed", Map.of(), new IllegalStateException("boom")));
    assertThat(line.strip()).doesNotContain("\n");
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.get("error").asText()).contains("IllegalStateException: boom");
    assertThat(json.has("namespace")).isFalse();
  }
}
