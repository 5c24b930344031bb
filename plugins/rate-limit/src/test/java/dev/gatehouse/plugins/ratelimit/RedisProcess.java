package dev.gatehouse.plugins.ratelimit;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code redis-server} that a test starts for itself on a free port of 127.0.0.1, in a temporary
 * directory, without persistence; {@link #close()} stops it and removes the directory.
 *
 * <p>The server is the {@code redis-server} on the PATH when there is one, otherwise the build for
 * this platform that the {@code embedded-redis} test artifact carries as a class-path resource, so
 * that the tests need only Java and Maven. A platform for which neither exists fails the test with
 * an install hint rather than skipping it: a skipped Redis suite would hide a broken store.
 *
 * <pre>{@code
 * try (RedisProcess redis = RedisProcess.start()) {
 *   Redis client = Redis.createClient(vertx, redis.connectionString());
 * }
 * }</pre>
 */
final class RedisProcess implements AutoCloseable {

  private static final String INSTALL_HINT =
      "no redis-server on the PATH and no bundled build for this platform: install Redis"
          + " (Debian/Ubuntu: apt-get install -y redis-server; macOS: brew install redis)";

  private static final long START_TIMEOUT_MS = 10_000;

  private final Process process;
  private final Path directory;
  private final int port;

  private RedisProcess(Process process, Path directory, int port) {
    this.process = process;
    this.directory = directory;
    this.port = port;
  }

  /** Starts a server and returns once it answers {@code PING}. */
  static RedisProcess start() throws IOException, InterruptedException {
    Path directory = Files.createTempDirectory("rate-limit-redis");
    try {
      Path server = serverExecutable(directory);
      // Another process may take the free port before the server binds it: try a few ports.
      IllegalStateException lastFailure = null;
      for (int attempt = 0; attempt < 3; attempt++) {
        int port = freePort();
        Process process = launch(server, directory, port);
        try {
          awaitPong(process, port, directory.resolve("redis.log"));
          return new RedisProcess(process, directory, port);
        } catch (IllegalStateException failed) {
          stop(process);
          lastFailure = failed;
        }
      }
      throw lastFailure;
    } catch (Throwable failure) {
      delete(directory);
      throw failure;
    }
  }

  /** Where the server listens, as the Vert.x Redis client takes it. */
  String connectionString() {
    return "redis://127.0.0.1:" + port;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    stop(process);
    delete(directory);
  }

  private static Process launch(Path server, Path directory, int port) throws IOException {
    List<String> command =
        List.of(
            server.toString(),
            "--port",
            Integer.toString(port),
            "--bind",
            "127.0.0.1",
            "--protected-mode",
            "no",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            directory.toString(),
            "--daemonize",
            "no",
            "--loglevel",
            "warning");
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("redis.log").toFile()))
        .start();
  }

  /**
   * Polls with an inline {@code PING} until the server answers, the process dies or time runs out.
   */
  private static void awaitPong(Process process, int port, Path log)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
    while (!answersPing(port)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "redis-server did not start on port " + port + ":\n" + Files.readString(log));
      }
      Thread.sleep(20);
    }
  }

  private static boolean answersPing(int port) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(1_000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      return "+PONG".equals(in.readLine());
    } catch (IOException notYet) {
      return false;
    }
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  private static Path serverExecutable(Path directory) throws IOException {
    for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(folder, "redis-server");
      if (!folder.isEmpty() && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return bundledServer(directory);
  }

  /** Copies this platform's build out of the embedded-redis artifact into {@code directory}. */
  private static Path bundledServer(Path directory) throws IOException {
    String resource = bundledResource();
    try (InputStream in = RedisProcess.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new AssertionError(INSTALL_HINT + " (the class path lacks " + resource + ")");
      }
      Path server = directory.resolve("redis-server");
      Files.copy(in, server, StandardCopyOption.REPLACE_EXISTING);
      if (!server.toFile().setExecutable(true)) {
        throw new AssertionError(INSTALL_HINT + " (cannot make " + server + " executable)");
      }
      return server;
    }
  }

  /** The name of the embedded-redis resource built for this operating system and CPU. */
  private static String bundledResource() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
    boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
    if (os.contains("linux") && x64) {
      return "redis-server-6.2.6-v5-linux-amd64";
    }
    if (os.contains("linux") && arm64) {
      return "redis-server-6.2.7-linux-arm64";
    }
    if (os.contains("mac") && x64) {
      return "redis-server-6.2.6-v5-darwin-amd64";
    }
    if (os.contains("mac") && arm64) {
      return "redis-server-6.2.6-v5-darwin-arm64";
    }
    throw new AssertionError(INSTALL_HINT + " (" + os + ", " + arch + ")");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void delete(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
