package dev.gatehouse.distribution.auth;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Fails a test when Vert.x's blocked-thread checker reported an event loop held longer than the
 * build's limit ({@code gatehouse.maxEventLoopMillis}): a plugin that blocks is a bug.
 */
public final class BlockedThreadGuard implements BeforeEachCallback, AfterEachCallback {

  private static final String CHECKER = "io.vertx.core.impl.BlockedThreadChecker";

  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final AppenderBase<ILoggingEvent> appender =
      new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
          warnings.add(event.getFormattedMessage());
        }
      };

  @Override
  public void beforeEach(ExtensionContext context) {
    warnings.clear();
    appender.start();
    ((Logger) LoggerFactory.getLogger(CHECKER)).addAppender(appender);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    ((Logger) LoggerFactory.getLogger(CHECKER)).detachAppender(appender);
    if (!warnings.isEmpty()) {
      throw new AssertionError("an event loop was blocked:\n" + String.join("\n", warnings));
    }
  }
}
