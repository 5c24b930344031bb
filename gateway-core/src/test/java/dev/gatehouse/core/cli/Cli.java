package dev.gatehouse.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.Main;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code gatehouse} in this JVM, as {@code bin/gatehouse} would, against one Admin API: its
 * arguments, standard input and environment given, its exit status and both outputs captured.
 *
 * <pre>{@code
 * Cli cli = Cli.at("http://127.0.0.1:" + gateway.adminPort());
 * Cli.Result result = cli.run("users", "info", "ada");
 * }</pre>
 */
final class Cli {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> leading;
  private final Map<String, String> env;
  private final String stdin;

  private Cli(List<String> leading, Map<String, String> env, String stdin) {
    this.leading = List.copyOf(leading);
    this.env = Map.copyOf(env);
    this.stdin = stdin;
  }

  /** Calls the Admin API at {@code url} (given as {@code --admin-url}). */
  static Cli at(String url) {
    return new Cli(List.of("--admin-url", url), Map.of(), "");
  }

  /** Chooses nothing: the URL comes from the environment or the configuration. */
  static Cli bare() {
    return new Cli(List.of(), Map.of(), "");
  }

  Cli env(String name, String value) {
    Map<String, String> more = new HashMap<>(env);
    more.put(name, value);
    return new Cli(leading, more, stdin);
  }

  Cli stdin(String text) {
    return new Cli(leading, env, text);
  }

  /**
   * Runs {@code gatehouse <args…>}, with this client's options after the first two words (the group
   * and its subcommand), where they are inherited.
   */
  Result run(String... args) {
    List<String> line = new ArrayList<>(List.of(args));
    line.addAll(Math.min(2, line.size()), leading);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext context =
        new CliContext(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), env);
    int status =
        Main.run(
            context,
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            line.toArray(String[]::new));
    return new Result(status, out.toString(), err.toString());
  }

  /** What a run left: its exit status and outputs. */
  record Result(int status, String out, String err) {

    /** Standard output as JSON. */
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + out + "\nstderr: " + err, e);
      }
    }

    /** Standard output's lines. */
    List<String> lines() {
      return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    @Override
    public String toString() {
      return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }
}
