package dev.gatehouse.distribution.auth;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Fails a test when Vert.x's blocked-thread checker reported an event loop held longer than the
 * limit the build sets ({@code gatehouse.maxEventLoopMillis}): blocking an event loop is a bug.
 *
 * <p>One report is not a bug in the code under test: the JVM loading a class the first time an
 * event loop touches it (a Netty or Vert.x class on the first connection), which a loaded build
 * machine can stretch past the limit. A report whose stack shows class loading is let through.
 */
public final class BlockedThreadGuard implements BeforeEachCallback, AfterEachCallback {

  private static final String CHECKER = "io.vertx.core.impl.BlockedThreadChecker";

  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final AppenderBase<ILoggingEvent> appender =
      new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
          if (!loadingClasses(event.getThrowableProxy())) {
            warnings.add(event.getFormattedMessage() + stack(event.getThrowableProxy()));
          }
        }
      };

  private static boolean loadingClasses(IThrowableProxy blocked) {
    if (blocked == null) {
      return false;
    }
    for (StackTraceElementProxy frame : blocked.getStackTraceElementProxyArray()) {
      StackTraceElement element = frame.getStackTraceElement();
      if (element.getClassName().endsWith("ClassLoader")
          && (element.getMethodName().startsWith("loadClass")
              || element.getMethodName().startsWith("defineClass"))) {
        return true;
      }
    }
    return false;
  }

  private static String stack(IThrowableProxy blocked) {
    if (blocked == null) {
      return "";
    }
    StringBuilder text = new StringBuilder();
    StackTraceElementProxy[] frames = blocked.getStackTraceElementProxyArray();
    for (int i = 0; i < Math.min(frames.length, 12); i++) {
      text.append("\n    at ").append(frames[i].getStackTraceElement());
    }
    return text.toString();
  }

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
