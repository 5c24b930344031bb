package dev.gatehouse.core.cli;

import java.io.InputStream;
import java.util.Map;
import java.util.Objects;

/**
 * What the Admin API commands read besides their arguments: standard input (for {@code --stdin})
 * and the environment (for {@code GATEHOUSE_ADMIN_URL} and the admin credentials). Tests give their
 * own; {@code bin/gatehouse} gives the process's.
 *
 * <pre>{@code
 * CliContext context = new CliContext(new ByteArrayInputStream(lines), Map.of());
 * }</pre>
 *
 * @param stdin what {@code --stdin} reads
 * @param env the environment variables
 */
public record CliContext(InputStream stdin, Map<String, String> env) {

  public CliContext {
    Objects.requireNonNull(stdin, "stdin");
    env = Map.copyOf(env);
  }

  /** The process's standard input and environment. */
  public static CliContext system() {
    return new CliContext(System.in, System.getenv());
  }
}
