package dev.gatehouse.distribution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the distribution's real launcher, {@code bin/gatehouse}, as a child process. */
final class GatehouseProcess implements AutoCloseable {

  private final Process process;
  private final Path log;
  private final long startedNanos;

  private GatehouseProcess(Process process, Path log, long startedNanos) {
    this.process = process;
    this.log = log;
    this.startedNanos = startedNanos;
  }

  /** The distribution under test, built by the reactor before the integration tests. */
  static Path home() {
    String home = System.getProperty("gatehouse.distribution");
    if (home == null) {
      throw new IllegalStateException("run through Maven: gatehouse.distribution is not set");
    }
    return Path.of(home);
  }

  static GatehouseProcess start(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(home().resolve("bin/gatehouse").toString());
    command.addAll(List.of(args));
    Path log;
    try {
      log = Files.createTempFile("gatehouse", ".log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Output goes to a file: reading a pipe races with the process exiting and loses its last
    // lines.
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().remove("GATEHOUSE_CONFIG_DIR");
    builder.environment().remove("EG_CONFIG_DIR");
    builder.environment().putAll(env);
    try {
      long started = System.nanoTime();
      return new GatehouseProcess(builder.start(), log, started);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a command to its end and returns its exit status and output. */
  static Result run(Map<String, String> env, String... args) throws InterruptedException {
    try (GatehouseProcess process = start(env, args)) {
      int status = process.waitFor(Duration.ofSeconds(60));
      return new Result(status, String.join("\n", process.output()));
    }
  }

  record Result(int status, String output) {}

  /** A port nothing listens on right now. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A copy of the distribution's default configuration directory. */
  static Path copyDefaultConfig(Path target) throws IOException {
    Files.createDirectories(target);
    try (var files = Files.list(home().resolve("config"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.copy(file, target.resolve(file.getFileName()));
      }
    }
    return target;
  }

  long nanosSinceStart() {
    return System.nanoTime() - startedNanos;
  }

  List<String> output() {
    try {
      return Files.readAllLines(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits (bounded) until a line of output contains {@code text}; logs trail the first answer. */
  void awaitOutput(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (output().stream().noneMatch(line -> line.contains(text))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no output line with '" + text + "' in:\n" + output());
      }
      Thread.sleep(20);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Sends SIGTERM, as a supervisor does. */
  void terminate() {
    process.destroy();
  }

  /** Sends SIGKILL, as a power cut or the OOM killer would: no shutdown hook runs. */
  void kill() {
    process.destroyForcibly();
  }

  int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("gatehouse did not exit within " + timeout + ":\n" + output());
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
