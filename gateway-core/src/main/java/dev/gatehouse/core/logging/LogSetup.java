package dev.gatehouse.core.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Points every log of the process (the gateway's, Vert.x's, Netty's, PF4J's, JUL's) at one console
 * appender: readable lines by default, one JSON object per line when configured.
 */
public final class LogSetup {

  private LogSetup() {}

  /** Routes Vert.x and JUL logging through SLF4J; call before anything logs. */
  public static void bridge() {
    System.setProperty(
        "vertx.logger-delegate-factory-class-name",
        "io.vertx.core.logging.SLF4JLogDelegateFactory");
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }

  /**
   * Configures the console appender.
   *
   * @param format {@code text} or {@code json}
   * @param level the root level name
   */
  public static void configure(String format, String level) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    context.reset();
    Encoder<ILoggingEvent> encoder = encoder(context, format);
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("console");
    console.setEncoder(encoder);
    console.start();
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(level, Level.INFO));
    root.addAppender(console);
    // Library chatter that says nothing to an operator at info.
    context.getLogger("org.pf4j").setLevel(Level.WARN);
    context.getLogger("io.netty").setLevel(Level.WARN);
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext context, String format) {
    if ("json".equals(format)) {
      JsonEncoder json = new JsonEncoder();
      json.setContext(context);
      json.setWithSequenceNumber(false);
      json.setWithContext(false);
      json.setWithNanoseconds(false);
      // One readable message per event; the template and its arguments would repeat it.
      json.setWithFormattedMessage(true);
      json.setWithMessage(false);
      json.setWithArguments(false);
      json.start();
      return json;
    }
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%logger{0}] %msg%n");
    text.start();
    return text;
  }
}
