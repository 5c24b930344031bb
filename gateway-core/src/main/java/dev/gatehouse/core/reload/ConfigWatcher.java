package dev.gatehouse.core.reload;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the configuration directory on a thread of its own and reports which configuration files
 * changed, once a burst of writes has settled (editors write a file in several steps, or write a
 * copy and rename it over the original).
 */
final class ConfigWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);

  /** How long the directory must stay quiet before a change is reported. */
  static final long SETTLE_MILLIS = 150;

  private final WatchService service;
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * @param directory the configuration directory
   * @param names the file names to report (others in the directory are ignored)
   * @param changed called on the watcher's thread with the name of each file that changed
   */
  ConfigWatcher(Path directory, Set<String> names, Consumer<String> changed) throws IOException {
    this.service = FileSystems.getDefault().newWatchService();
    directory.register(
        service,
        StandardWatchEventKinds.ENTRY_CREATE,
        StandardWatchEventKinds.ENTRY_MODIFY,
        StandardWatchEventKinds.ENTRY_DELETE);
    this.thread = new Thread(() -> watch(names, changed), "gatehouse-config-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  private void watch(Set<String> names, Consumer<String> changed) {
    try {
      while (running) {
        WatchKey key = service.take();
        Set<String> touched = new java.util.TreeSet<>();
        collect(key, names, touched);
        // Let the burst settle: keep collecting until the directory is quiet.
        WatchKey more;
        while ((more = service.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS)) != null) {
          collect(more, names, touched);
        }
        touched.forEach(changed);
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("config_watch_failed error={}", e.toString(), e);
    }
  }

  private static void collect(WatchKey key, Set<String> names, Set<String> touched) {
    for (WatchEvent<?> event : key.pollEvents()) {
      if (event.context() instanceof Path file && names.contains(file.toString())) {
        touched.add(file.toString());
      }
    }
    key.reset();
  }

  @Override
  public void close() {
    running = false;
    try {
      service.close();
    } catch (IOException e) {
      LOG.debug("config_watch_close_failed error={}", e.toString());
    }
    thread.interrupt();
  }
}
