package dev.gatehouse.core.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@code redis-server} for tests: found on the PATH, started on a free port of 127.0.0.1
 * with a temporary directory and no persistence, stopped after the test class. Tests talk to it raw
 * through {@link #call}. When {@code redis-server} is not installed the tests fail, saying how to
 * install it: a skipped Redis suite would hide a broken store.
 *
 * <pre>{@code
 * @RegisterExtension static final RedisServer REDIS = RedisServer.plain();
 *
 * REDIS.call("HSET", "EG-user:1", "username", "ada");
 * }</pre>
 *
 * <p>Outside a JUnit extension, {@link #startPlain()} starts one and {@link #close()} stops it.
 */
public final class RedisServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

  static final String INSTALL_HINT =
      "redis-server is not on the PATH: install it (Debian/Ubuntu: apt-get install -y"
          + " redis-server; macOS: brew install redis); .ci/run installs it for CI";

  private final List<String> extraArguments;
  private final boolean tls;
  private final RedisServer monitored;
  private Path directory;
  private Process process;
  private int port;
  private int tlsPort;

  private RedisServer(List<String> extraArguments, boolean tls) {
    this(extraArguments, tls, null);
  }

  private RedisServer(List<String> extraArguments, boolean tls, RedisServer monitored) {
    this.extraArguments = List.copyOf(extraArguments);
    this.tls = tls;
    this.monitored = monitored;
  }

  /**
   * A Sentinel watching {@code master} under the name {@code mymaster}; register it after the
   * master ({@code @Order}).
   */
  public static RedisServer sentinelOf(RedisServer master) {
    return new RedisServer(List.of(), false, master);
  }

  /** A plain TCP server. */
  public static RedisServer plain() {
    return new RedisServer(List.of(), false);
  }

  /** A node of a Redis Cluster (join the nodes with {@link RedisClusterServers}). */
  public static RedisServer clusterNode() {
    return new RedisServer(
        List.of(
            "--cluster-enabled", "yes",
            "--cluster-config-file", "nodes.conf",
            "--cluster-node-timeout", "2000"),
        false);
  }

  /**
   * A server that also accepts TLS on {@link #tlsPort()}, with the test certificates of {@code
   * src/test/resources/tls} (clients need not present one).
   */
  public static RedisServer withTls() {
    return new RedisServer(List.of(), true);
  }

  /** A plain TCP server, started now; {@link #close()} stops it. */
  public static RedisServer startPlain() throws IOException, InterruptedException {
    RedisServer server = plain();
    server.open();
    return server;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    open();
  }

  private void open() throws IOException, InterruptedException {
    directory = Files.createTempDirectory("redis-test");
    port = freePort();
    tlsPort = tls ? freePort() : 0;
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    close();
  }

  /** Stops the server and removes its files. */
  @Override
  public void close() throws IOException, InterruptedException {
    stop();
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  public int tlsPort() {
    return tlsPort;
  }

  /** Starts the server (again, on the same ports) and waits until it answers. */
  public void start() throws IOException, InterruptedException {
    String server = executable();
    List<String> command = new ArrayList<>();
    if (monitored != null) {
      Path config = directory.resolve("sentinel.conf");
      Files.writeString(
          config,
          "sentinel monitor mymaster " + monitored.host() + " " + monitored.port() + " 1\n");
      command.addAll(
          List.of(
              server,
              config.toString(),
              "--sentinel",
              "--port",
              String.valueOf(port),
              "--bind",
              "127.0.0.1",
              "--protected-mode",
              "no",
              "--daemonize",
              "no",
              "--dir",
              directory.toString()));
      run(command);
      return;
    }
    command.addAll(
        List.of(
            server,
            "--port",
            String.valueOf(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            directory.toString(),
            "--protected-mode",
            "no",
            "--daemonize",
            "no",
            "--loglevel",
            "warning"));
    if (tls) {
      Path certificates = Path.of("src/test/resources/tls").toAbsolutePath();
      command.addAll(
          List.of(
              "--tls-port",
              String.valueOf(tlsPort),
              "--tls-cert-file",
              certificates.resolve("server.crt").toString(),
              "--tls-key-file",
              certificates.resolve("server.key").toString(),
              "--tls-ca-cert-file",
              certificates.resolve("ca.crt").toString(),
              "--tls-auth-clients",
              "optional"));
    }
    command.addAll(extraArguments);
    run(command);
  }

  private void run(List<String> command) throws IOException, InterruptedException {
    Path log = directory.resolve("redis.log");
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try {
        if ("PONG".equals(call("PING"))) {
          return;
        }
      } catch (UncheckedIOException notYet) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          stop();
          throw new IllegalStateException(
              "redis-server did not start: " + command + "\n" + Files.readString(log), notYet);
        }
        Thread.sleep(20);
      }
    }
  }

  /** Stops the server politely (SIGTERM) and waits for it. */
  public void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  /** Kills the server (SIGKILL), as a crash would, and waits until it is gone. */
  public void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly().waitFor();
    }
  }

  /** Empties every database. */
  public void flushAll() {
    call("FLUSHALL");
  }

  /**
   * Sends one command on a fresh connection, as {@code default} user, and returns the reply as
   * text: a simple or bulk string, an integer, null for nil, arrays as {@code [a, b]}; an error
   * reply throws.
   */
  public String call(String... command) {
    Object reply = reply(command);
    return reply == null ? null : reply.toString();
  }

  /** Sends a command that answers an array (KEYS, SMEMBERS, HKEYS…); the items sorted. */
  public List<String> sorted(String... command) {
    Object reply = reply(command);
    List<String> items = new ArrayList<>();
    if (reply instanceof List<?> list) {
      list.forEach(item -> items.add(String.valueOf(item)));
    }
    items.sort(null);
    return items;
  }

  /** A hash's fields ({@code HGETALL}). */
  public Map<String, String> hash(String key) {
    Map<String, String> fields = new HashMap<>();
    if (reply("HGETALL", key) instanceof List<?> flat) {
      for (int i = 0; i + 1 < flat.size(); i += 2) {
        fields.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
      }
    }
    return fields;
  }

  private Object reply(String... command) {
    try (Socket socket = new Socket(host(), port)) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      StringBuilder request = new StringBuilder("*").append(command.length).append("\r\n");
      for (String argument : command) {
        byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
        request.append('$').append(bytes.length).append("\r\n").append(argument).append("\r\n");
      }
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      return read(new BufferedInputStream(socket.getInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object read(InputStream in) throws IOException {
    int type = in.read();
    String line = line(in);
    switch (type) {
      case '+', ':' -> {
        return line;
      }
      case '-' -> throw new IllegalStateException("redis error: " + line);
      case '$' -> {
        int length = Integer.parseInt(line);
        if (length < 0) {
          return null;
        }
        byte[] bytes = in.readNBytes(length + 2);
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
      }
      case '*' -> {
        int count = Integer.parseInt(line);
        if (count < 0) {
          return null;
        }
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          items.add(read(in));
        }
        return items;
      }
      default -> throw new IOException("unexpected reply type " + (char) type + line);
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != '\r') {
      if (c < 0) {
        throw new IOException("connection closed");
      }
      line.append((char) c);
    }
    in.read();
    return line.toString();
  }

  /**
   * The {@code redis-server} on the PATH, else the Linux x86-64 build that the {@code
   * embedded-redis} test artifact ships, copied out of the class path once: the tests then need
   * nothing but Java and Maven on a fresh machine.
   */
  private static synchronized String executable() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String folder : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(folder, "redis-server");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return bundled();
  }

  private static final String BUNDLED = "redis-server-6.2.6-v5-linux-amd64";

  private static String bundled() {
    boolean linux =
        System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux");
    String arch = System.getProperty("os.arch", "");
    if (!linux || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      throw new AssertionError(INSTALL_HINT);
    }
    Path target = Path.of(System.getProperty("java.io.tmpdir"), "gatehouse-test-" + BUNDLED);
    try (java.io.InputStream in = RedisServer.class.getResourceAsStream("/" + BUNDLED)) {
      if (in == null) {
        throw new AssertionError(INSTALL_HINT);
      }
      if (!Files.isExecutable(target)) {
        Path temp = Files.createTempFile(target.getParent(), "redis-server", ".tmp");
        Files.copy(in, temp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        temp.toFile().setExecutable(true);
        Files.move(temp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      return target.toString();
    } catch (IOException e) {
      throw new AssertionError(INSTALL_HINT + " (copying the bundled server failed: " + e + ")");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
