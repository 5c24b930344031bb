package dev.gatehouse.core.reload;

import dev.gatehouse.core.pipeline.CompiledGateway;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases a replaced configuration's resources once no request can still be using it: policies and
 * conditions that implement {@link AutoCloseable} are closed after a grace period longer than a
 * request may reasonably run, or at once when the gateway stops.
 */
public final class Retirement implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Retirement.class);

  private final Vertx vertx;
  private final long graceMillis;

  /** Configurations waiting for their grace period to end, by timer id; thread-safe. */
  private final Map<Long, CompiledGateway> pending = new ConcurrentHashMap<>();

  /**
   * @param graceMillis how long requests may still run on a replaced configuration
   */
  public Retirement(Vertx vertx, long graceMillis) {
    this.vertx = vertx;
    this.graceMillis = graceMillis;
  }

  /** Schedules the release of {@code retired}'s resources. */
  public void retire(CompiledGateway retired) {
    if (retired.closeables().isEmpty()) {
      return;
    }
    long timer =
        vertx.setTimer(
            Math.max(1, graceMillis),
            id -> {
              CompiledGateway due = pending.remove(id);
              if (due != null) {
                vertx.executeBlocking(
                    () -> {
                      close(due);
                      return null;
                    });
              }
            });
    pending.put(timer, retired);
  }

  /** Closes every configuration still in its grace period; the gateway is stopping. */
  @Override
  public void close() {
    for (Long timer : pending.keySet()) {
      vertx.cancelTimer(timer);
      CompiledGateway due = pending.remove(timer);
      if (due != null) {
        close(due);
      }
    }
  }

  /** Closes every resource of {@code gateway} now; failures are logged, never thrown. */
  public static void close(CompiledGateway gateway) {
    for (AutoCloseable closeable : gateway.closeables()) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.warn("policy_close_failed policy={} error={}", closeable, e.toString());
      }
    }
  }
}
