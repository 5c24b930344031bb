package dev.gatehouse.core.cli;

import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that groups Admin API subcommands ({@code users}, {@code apps}, …): it carries the
 * {@link AdminOptions} they share and opens their {@link AdminSession}. Given alone, it prints its
 * usage and exits with 2.
 */
abstract class AdminGroup implements Callable<Integer> {

  @Mixin AdminOptions options = new AdminOptions();

  @Spec CommandSpec spec;

  private final CliContext context;

  AdminGroup(CliContext context) {
    this.context = Objects.requireNonNull(context, "context");
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CliFailure.USAGE;
  }

  /** The session of a subcommand, printing to its output streams. */
  AdminSession open(CommandSpec command) throws CliFailure {
    Output output =
        new Output(options.mode(), command.commandLine().getOut(), command.commandLine().getErr());
    return new AdminSession(
        options.connect(context, command.commandLine().getErr()), output, context);
  }
}
