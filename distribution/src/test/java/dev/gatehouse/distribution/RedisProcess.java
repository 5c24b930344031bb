package dev.gatehouse.distribution;

import dev.gatehouse.core.testing.RedisServer;
import java.io.IOException;

/**
 * A real {@code redis-server} for the cluster tests: the core's test {@link RedisServer}, on a free
 * port of 127.0.0.1 without persistence; the test fails with an install hint when there is none.
 */
final class RedisProcess implements AutoCloseable {

  private final RedisServer server;
  final int port;

  RedisProcess() throws IOException, InterruptedException {
    server = RedisServer.startPlain();
    port = server.port();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    server.close();
  }
}
