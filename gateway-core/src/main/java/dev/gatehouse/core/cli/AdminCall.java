package dev.gatehouse.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A subcommand that calls the Admin API: opens the session its group describes, runs, and turns a
 * {@link CliFailure} into its message on standard error and its exit status.
 */
abstract class AdminCall implements Callable<Integer> {

  @ParentCommand AdminGroup group;

  @Spec CommandSpec spec;

  @Override
  public final Integer call() {
    Output output = null;
    try {
      AdminSession session = group.open(spec);
      output = session.output();
      return run(session);
    } catch (CliFailure failure) {
      if (output == null) {
        spec.commandLine().getErr().println("gatehouse: " + failure.getMessage());
        spec.commandLine().getErr().flush();
      } else {
        output.error(failure.getMessage());
      }
      return failure.exitCode();
    }
  }

  /** Does the command's work; returns the exit status. */
  abstract int run(AdminSession session) throws CliFailure;

  /** One request of a command that takes several targets. */
  interface Step {
    /**
     * @return the result to list under {@code --json}
     */
    JsonNode apply(String target) throws CliFailure;
  }

  /**
   * Applies {@code step} to each target in turn, as Express Gateway's CLI does: a refusal is
   * reported and the next target is tried; an Admin API that cannot be reached, or that does not
   * offer the operation (501), stops the command. With {@code --json} the results are printed as
   * one array at the end.
   *
   * @return 0 when every target succeeded, {@link CliFailure#REFUSED} otherwise
   */
  static int each(AdminSession session, List<String> targets, Step step) throws CliFailure {
    ArrayNode results = AdminHttp.JSON.createArrayNode();
    int status = 0;
    try {
      for (String target : targets) {
        try {
          results.add(step.apply(target));
        } catch (AdminRefusal refusal) {
          if (refusal.status() == 501) {
            throw refusal;
          }
          session.output().error(refusal.getMessage());
          status = CliFailure.REFUSED;
        }
      }
    } finally {
      if (session.output().json()) {
        session.output().json(results);
      }
    }
    return status;
  }

  /**
   * {@code remove}: deletes each target at its path, printing {@code Removed <target>} for each.
   *
   * @param path the Admin API path of a target
   */
  static int removeEach(AdminSession session, List<String> targets, UnaryOperator<String> path)
      throws CliFailure {
    return each(
        session,
        targets,
        target -> {
          session.http().delete(path.apply(target));
          return reported(session.output(), target, "Removed");
        });
  }

  /**
   * {@code activate} and {@code deactivate}: puts the status to each target's {@code /status},
   * printing the status the Admin API answers for each ({@code Activated}, {@code Active}, …).
   *
   * @param path the Admin API path of a target
   */
  static int setStatusOfEach(
      AdminSession session, List<String> targets, boolean active, UnaryOperator<String> path)
      throws CliFailure {
    ObjectNode body = AdminHttp.JSON.createObjectNode().put("status", active);
    return each(
        session,
        targets,
        target -> {
          JsonNode answer = session.http().put(path.apply(target) + "/status", body);
          return reported(session.output(), target, answer.path("status").asText());
        });
  }

  /** Prints {@code <status> <target>} (or the target alone with {@code -q}); the JSON result. */
  private static JsonNode reported(Output output, String target, String status) {
    if (output.quiet()) {
      output.line(target);
    } else if (output.table()) {
      output.line(status + " " + target);
    }
    return AdminHttp.JSON.createObjectNode().put("id", target).put("status", status);
  }

  /** What {@code --stdin} does with one line. */
  interface LineStep {
    void apply(ObjectNode line) throws CliFailure;
  }

  /**
   * Applies {@code step} to each non-blank line of standard input as it is read (newline-delimited
   * JSON objects). A line that is not an object, or that the Admin API refuses, is reported with
   * its number and the next line is tried; an Admin API that cannot be reached stops the command.
   *
   * @return 0 when every line succeeded, {@link CliFailure#REFUSED} otherwise
   */
  static int eachLine(AdminSession session, LineStep step) throws CliFailure {
    int status = 0;
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(session.context().stdin(), StandardCharsets.UTF_8))) {
      String text;
      int number = 0;
      while ((text = reader.readLine()) != null) {
        number++;
        if (text.isBlank()) {
          continue;
        }
        try {
          step.apply(PropertyArgs.lineObject(text.strip()));
        } catch (AdminRefusal refusal) {
          if (refusal.status() == 501) {
            throw refusal;
          }
          session.output().error("line " + number + ": " + refusal.getMessage());
          status = CliFailure.REFUSED;
        } catch (CliFailure failure) {
          if (failure.exitCode() != CliFailure.REFUSED) {
            throw failure;
          }
          session.output().error("line " + number + ": " + failure.getMessage());
          status = CliFailure.REFUSED;
        }
      }
    } catch (IOException e) {
      throw new CliFailure(CliFailure.USAGE, "cannot read standard input: " + e.getMessage());
    }
    return status;
  }
}
