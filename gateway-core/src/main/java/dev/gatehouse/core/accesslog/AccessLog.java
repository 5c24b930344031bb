package dev.gatehouse.core.accesslog;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import java.nio.file.Path;

/**
 * Writes one line per request, without ever making an event loop wait: lines are queued and a
 * writer thread of their own puts them on standard output or in a file. When the writer falls
 * behind and the queue is full, lines are dropped and counted, never waited for.
 *
 * <p>Built on a logback context of its own, apart from the gateway's log configuration: access
 * lines never mix with the event log's format or levels.
 *
 * <pre>{@code
 * AccessLog log = AccessLog.start(AccessLogSettings.from(system), metrics::accessLogDropped);
 * log.write(entry); // on the event loop
 * log.close();      // flushes what is queued
 * }</pre>
 */
public final class AccessLog implements AutoCloseable {

  /** Lines that may wait for the writer; past this, lines are dropped. */
  static final int QUEUE_SIZE = 8192;

  /** Writes nothing. */
  public static final AccessLog OFF =
      new AccessLog(null, null, null, AccessLogSettings.OFF, () -> {});

  private final LoggerContext context;
  private final Logger logger;
  private final AsyncAppender queue;
  private final AccessLogSettings settings;
  private final Runnable dropped;

  private AccessLog(
      LoggerContext context,
      Logger logger,
      AsyncAppender queue,
      AccessLogSettings settings,
      Runnable dropped) {
    this.context = context;
    this.logger = logger;
    this.queue = queue;
    this.settings = settings;
    this.dropped = dropped;
  }

  /**
   * Opens the destination {@code settings} name (creating the file's folder) and starts the writer;
   * {@link #OFF} when the log is disabled. Blocking: call it at start.
   *
   * @param dropped called once per line dropped because the queue was full
   */
  public static AccessLog start(AccessLogSettings settings, Runnable dropped) {
    if (!settings.enabled()) {
      return OFF;
    }
    LoggerContext context = new LoggerContext();
    context.setName("gatehouse-access-log");
    // Events copy the MDC when queued; a context of one's own has no adapter until given one.
    context.setMDCAdapter(new LogbackMDCAdapter());
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%msg%n");
    encoder.start();
    OutputStreamAppender<ILoggingEvent> out = destination(settings, context);
    out.setContext(context);
    out.setName("destination");
    out.setEncoder(encoder);
    out.start();
    if (!out.isStarted()) {
      context.stop();
      throw new IllegalStateException(
          "accessLog: cannot open " + settings.file().map(Path::toString).orElse("stdout"));
    }
    AsyncAppender queue = new AsyncAppender();
    queue.setContext(context);
    queue.setName("queue");
    queue.setQueueSize(QUEUE_SIZE);
    // Never drop by level, never block: a full queue drops the line (counted) instead.
    queue.setDiscardingThreshold(0);
    queue.setNeverBlock(true);
    queue.setIncludeCallerData(false);
    queue.addAppender(out);
    queue.start();
    // Loads the encoder's classes now rather than on the first request's event loop.
    new AccessLogEntry(0, "", "", "", "", 0, 0, 0, 0, "", "", "", "", "", "", "").toJson();
    Logger logger = context.getLogger("access");
    logger.setAdditive(false);
    logger.setLevel(Level.INFO);
    logger.addAppender(queue);
    return new AccessLog(context, logger, queue, settings, dropped);
  }

  private static OutputStreamAppender<ILoggingEvent> destination(
      AccessLogSettings settings, LoggerContext context) {
    if (settings.file().isEmpty()) {
      ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
      console.setTarget("System.out");
      return console;
    }
    FileAppender<ILoggingEvent> file = new FileAppender<>();
    file.setFile(settings.file().get().toString());
    file.setAppend(true);
    file.setPrudent(false);
    return file;
  }

  /** Whether lines are written; when false, callers need not build entries. */
  public boolean enabled() {
    return logger != null;
  }

  /** Queues the line of {@code entry}. Never blocks. */
  public void write(AccessLogEntry entry) {
    if (logger == null) {
      return;
    }
    if (queue.getRemainingCapacity() == 0) {
      dropped.run();
      return;
    }
    logger.info(
        settings.format() == AccessLogSettings.Format.JSON ? entry.toJson() : entry.toText());
  }

  /** Writes what is queued (waiting up to a second) and closes the destination. */
  @Override
  public void close() {
    if (context != null) {
      context.stop();
    }
  }
}
