package dev.gatehouse.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns SIGTERM and SIGINT into an orderly exit with status 0, as process supervisors and container
 * runtimes expect from a clean stop; the shutdown hook does the stopping.
 */
final class Signals {

  private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

  private Signals() {}

  static void onTerminate(Runnable exit) {
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        sun.misc.Signal.handle(
            new sun.misc.Signal(name),
            signal -> {
              LOG.info("signal_received signal=SIG{}", name);
              exit.run();
            });
      } catch (IllegalArgumentException e) {
        LOG.debug("signal_unavailable signal=SIG{}", name);
      }
    }
  }
}
