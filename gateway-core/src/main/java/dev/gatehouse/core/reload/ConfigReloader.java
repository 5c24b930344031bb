package dev.gatehouse.core.reload;

import dev.gatehouse.core.config.ConfigError;
import dev.gatehouse.core.config.ConfigException;
import dev.gatehouse.core.config.ConfigFiles;
import dev.gatehouse.core.config.ConfigLoader;
import dev.gatehouse.core.config.GatewayConfig;
import dev.gatehouse.core.pipeline.CompiledGateway;
import dev.gatehouse.core.pipeline.GatewayCompiler;
import java.io.IOException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot reload of {@code gateway.config.yml}: the new file is read and compiled aside, then swapped
 * in atomically; requests already running finish on the configuration they started with. A file
 * that does not load or compile leaves the running configuration untouched, and every error is
 * logged with its file, line and path. Reloads run one at a time, never on an event loop.
 *
 * <p>Listeners ({@code http}, {@code https}, {@code admin}) and {@code system.config.yml} are read
 * at start only; changing them logs that a restart is needed.
 */
public final class ConfigReloader implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);

  /** The outcome of a reload attempt. */
  public enum Result {
    APPLIED,
    REFUSED
  }

  /** Told about each reload, after it was applied or refused (metrics count them). */
  public interface Listener {
    /** {@code next} is serving now; called on the reloading thread. */
    void applied(CompiledGateway next);

    /** The reload was refused; the running configuration stays. */
    void refused();
  }

  private static final Listener NOBODY =
      new Listener() {
        @Override
        public void applied(CompiledGateway next) {}

        @Override
        public void refused() {}
      };

  private final ConfigLoader loader;
  private final GatewayCompiler compiler;
  private final AtomicReference<CompiledGateway> current;
  private final Retirement retirement;
  private final Listener listener;
  private ConfigWatcher watcher;

  public ConfigReloader(
      ConfigLoader loader,
      GatewayCompiler compiler,
      AtomicReference<CompiledGateway> current,
      Retirement retirement) {
    this(loader, compiler, current, retirement, NOBODY);
  }

  public ConfigReloader(
      ConfigLoader loader,
      GatewayCompiler compiler,
      AtomicReference<CompiledGateway> current,
      Retirement retirement,
      Listener listener) {
    this.loader = loader;
    this.compiler = compiler;
    this.current = current;
    this.retirement = retirement;
    this.listener = listener;
  }

  /** Starts watching the configuration directory; changes are applied as they settle. */
  public void watch() throws IOException {
    watcher =
        new ConfigWatcher(
            loader.files().directory(),
            Set.of(
                ConfigFiles.GATEWAY + ".yml",
                ConfigFiles.GATEWAY + ".json",
                ConfigFiles.SYSTEM + ".yml",
                ConfigFiles.SYSTEM + ".json"),
            this::changed);
    LOG.info("config_watch_started directory={}", loader.files().directory());
  }

  private void changed(String file) {
    if (file.startsWith(ConfigFiles.SYSTEM)) {
      LOG.warn("config_change_needs_restart file={} (system settings are read at start)", file);
      return;
    }
    reload();
  }

  /** Reloads {@code gateway.config.yml} now. Blocking: call it from a worker or a test thread. */
  public synchronized Result reload() {
    long started = System.nanoTime();
    CompiledGateway next;
    try {
      GatewayConfig config = loader.loadGateway();
      next = compiler.compile(config);
    } catch (ConfigException e) {
      for (ConfigError error : e.errors()) {
        LOG.error("config_error {}", error.format());
      }
      LOG.error(
          "config_reload_refused errors={} (the running configuration stays in place)",
          e.errors().size());
      listener.refused();
      return Result.REFUSED;
    } catch (RuntimeException e) {
      LOG.error("config_reload_refused error={}", e.toString(), e);
      listener.refused();
      return Result.REFUSED;
    }
    CompiledGateway previous = current.getAndSet(next);
    warnAboutListeners(previous.config(), next.config());
    retirement.retire(previous);
    listener.applied(next);
    LOG.info(
        "config_reloaded pipelines={} duration_ms={}",
        next.pipelines().size(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    return Result.APPLIED;
  }

  private static void warnAboutListeners(GatewayConfig before, GatewayConfig after) {
    if (!Objects.equals(listenerOf(before.http()), listenerOf(after.http()))
        || !Objects.equals(before.https(), after.https())
        || !Objects.equals(before.admin(), after.admin())) {
      LOG.warn(
          "config_change_needs_restart section=listeners (ports, hosts and TLS are bound at"
              + " start; the new routes and pipelines are live)");
    }
  }

  /** The parts of the http section bound at start (trusted proxies reload). */
  private static Object listenerOf(java.util.Optional<GatewayConfig.HttpListener> http) {
    return http.map(h -> h.port() + "@" + h.hostname()).orElse(null);
  }

  /** Stops watching and releases every replaced configuration still in its grace period. */
  @Override
  public void close() {
    if (watcher != null) {
      watcher.close();
    }
    retirement.close();
  }
}
