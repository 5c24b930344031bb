package dev.gatehouse.distribution;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real {@code redis-server} from the PATH for the cluster tests, on a free port of 127.0.0.1
 * without persistence; the test fails with an install hint when there is none.
 */
final class RedisProcess implements AutoCloseable {

  final int port = GatehouseProcess.freePort();
  private final Process process;

  RedisProcess() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("redis-it");
    try {
      process =
          new ProcessBuilder(
                  List.of(
                      "redis-server",
                      "--port",
                      String.valueOf(port),
                      "--bind",
                      "127.0.0.1",
                      "--save",
                      "",
                      "--appendonly",
                      "no",
                      "--dir",
                      dir.toString(),
                      "--loglevel",
                      "warning"))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("redis.log").toFile())
              .start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "redis-server is not on the PATH: install it (apt-get install -y redis-server)", e);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline || !process.isAlive()) {
          throw new IllegalStateException("redis-server did not start");
        }
        Thread.sleep(20);
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
