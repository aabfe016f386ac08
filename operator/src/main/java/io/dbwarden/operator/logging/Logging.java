package io.dbwarden.operator.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets up logging from the operator's flags. {@code OperatorMain} calls it before anything logs, so
 * the jar ships no logback.xml (tests bring logback-test.xml).
 */
public final class Logging {

  /** The output formats. */
  public enum Format {
    /** One JSON object per line ({@link JsonLayout}), for log collectors. */
    JSON,
    /** Human-readable lines, for a terminal. */
    TEXT
  }

  private Logging() {}

  /** Logs everything at {@code level} and above to standard output in {@code format}. */
  public static void configure(Format format, String level) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();

    Layout<ILoggingEvent> layout;
    if (format == Format.JSON) {
      layout = new JsonLayout();
    } else {
      PatternLayout pattern = new PatternLayout();
      pattern.setPattern(
          "%d{HH:mm:ss.SSS} %-5level %logger{20} [%X{resource.namespace}/%X{resource.name}]"
              + " %msg%n");
      layout = pattern;
    }
    layout.setContext(context);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.start();

    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("stdout");
    console.setEncoder(encoder);
    console.start();

    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.addAppender(console);
    root.setLevel(Level.toLevel(level.toUpperCase(Locale.ROOT), Level.INFO));
  }
}
