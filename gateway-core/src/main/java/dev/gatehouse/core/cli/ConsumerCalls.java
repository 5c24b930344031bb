package dev.gatehouse.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The subcommands that {@code users} and {@code apps} share: {@code info}, {@code update}, {@code
 * remove}, {@code activate}, {@code deactivate}, {@code list} and the work of {@code create}. Each
 * works on the kind of its group.
 */
final class ConsumerCalls {

  /** Users or applications fetched per request by {@code list}. */
  static final int PAGE_SIZE = 100;

  private ConsumerCalls() {}

  /** A subcommand of {@code users} or {@code apps}. */
  abstract static class ConsumerCall extends AdminCall {
    ConsumerKind kind() {
      return ((ConsumerGroup) group).kind();
    }
  }

  /**
   * {@code create}: one user or application from the {@code -p} properties, or one per line of
   * newline-delimited JSON on standard input, the {@code -p} properties giving defaults.
   */
  abstract static class Create extends ConsumerCall {

    /**
     * @param properties the {@code -p} options
     * @param stdin whether {@code --stdin} was given
     */
    final int create(AdminSession session, List<String> properties, boolean stdin)
        throws CliFailure {
      ObjectNode given = PropertyArgs.parse(properties, false);
      if (!stdin) {
        show(
            session.output(),
            kind(),
            "Created",
            session.http().post(kind().path(), fromOptions(given)));
        return 0;
      }
      return eachLine(
          session,
          line -> {
            ObjectNode record = fromLine(given.deepCopy().setAll(line));
            imported(session.output(), kind(), session.http().post(kind().path(), record));
          });
    }

    /** The body to create from the options alone. */
    ObjectNode fromOptions(ObjectNode given) throws CliFailure {
      return given;
    }

    /** The body to create from one line over the {@code -p} defaults. */
    ObjectNode fromLine(ObjectNode line) throws CliFailure {
      return line;
    }
  }

  /**
   * Prints one user or application: its id with {@code -q}, its JSON with {@code --json}, else a
   * line saying what happened and a table of its properties.
   */
  static void show(Output output, ConsumerKind kind, String done, JsonNode item) {
    output.record(item, summary(kind, done, item));
  }

  /**
   * Reports one record a {@code --stdin} import created: {@code Created user ada (id)}, the id with
   * {@code -q}, one JSON line with {@code --json}.
   */
  static void imported(Output output, ConsumerKind kind, JsonNode created) {
    switch (output.mode()) {
      case QUIET -> output.line(created.path("id").asText());
      case JSON -> output.jsonLine(created);
      case TABLE -> output.line(summary(kind, "Created", created));
    }
  }

  /** {@code Created user ada (5b1c…)}. */
  static String summary(ConsumerKind kind, String done, JsonNode item) {
    return done
        + " "
        + kind.singular
        + " "
        + item.path(kind.nameField).asText()
        + " ("
        + item.path("id").asText()
        + ")";
  }

  @Command(
      name = "info",
      description = "Show one of the ${PARENT-COMMAND-NAME} by id or name.",
      mixinStandardHelpOptions = true)
  static final class Info extends ConsumerCall {
    @Parameters(paramLabel = "ID|NAME", description = "An id, or a username or app name.")
    String id;

    @Override
    int run(AdminSession session) throws CliFailure {
      session.output().record(session.http().get(kind().path(id)));
      return 0;
    }
  }

  @Command(
      name = "update",
      description = "Change properties of one of the ${PARENT-COMMAND-NAME}.",
      mixinStandardHelpOptions = true)
  static final class Update extends ConsumerCall {
    @Parameters(paramLabel = "ID|NAME", description = "An id, or a username or app name.")
    String id;

    @Option(
        names = {"-p", "--property"},
        paramLabel = "KEY=VALUE",
        required = true,
        description = "A property to set; repeatable. A username never changes.")
    List<String> properties = new ArrayList<>();

    @Override
    int run(AdminSession session) throws CliFailure {
      ObjectNode changes = PropertyArgs.parse(properties, false);
      show(session.output(), kind(), "Updated", session.http().put(kind().path(id), changes));
      return 0;
    }
  }

  @Command(
      name = "remove",
      aliases = "rm",
      description = "Delete ${PARENT-COMMAND-NAME} with their credentials (a user's apps go too).",
      mixinStandardHelpOptions = true)
  static final class Remove extends ConsumerCall {
    @Parameters(paramLabel = "ID|NAME", arity = "1..*", description = "Ids or names.")
    List<String> ids;

    @Override
    int run(AdminSession session) throws CliFailure {
      return removeEach(session, ids, kind()::path);
    }
  }

  /** {@code activate} and {@code deactivate}. */
  abstract static class StatusChange extends ConsumerCall {
    @Parameters(paramLabel = "ID|NAME", arity = "1..*", description = "Ids or names.")
    List<String> ids;

    private final boolean active;

    StatusChange(boolean active) {
      this.active = active;
    }

    @Override
    int run(AdminSession session) throws CliFailure {
      return setStatusOfEach(session, ids, active, kind()::path);
    }
  }

  @Command(
      name = "activate",
      description = "Activate ${PARENT-COMMAND-NAME}.",
      mixinStandardHelpOptions = true)
  static final class Activate extends StatusChange {
    Activate() {
      super(true);
    }
  }

  @Command(
      name = "deactivate",
      description =
          "Deactivate ${PARENT-COMMAND-NAME}: they fail every authentication policy (a user's"
              + " apps are deactivated too).",
      mixinStandardHelpOptions = true)
  static final class Deactivate extends StatusChange {
    Deactivate() {
      super(false);
    }
  }

  @Command(
      name = "list",
      description = "List all ${PARENT-COMMAND-NAME}, every page.",
      mixinStandardHelpOptions = true)
  static final class ListAll extends ConsumerCall {
    @Option(
        names = {"-a", "--all"},
        hidden = true,
        description = "Accepted for Express Gateway's CLI: every page is always listed.")
    boolean all;

    @Override
    int run(AdminSession session) throws CliFailure {
      ConsumerKind kind = kind();
      session
          .output()
          .list(
              pages(session.http(), kind),
              kind.quietField,
              kind.columns,
              kind.headers,
              "No " + kind.plural + ".");
      return 0;
    }

    /** Every page, following {@code nextKey} until it is 0. */
    private static ArrayNode pages(AdminHttp http, ConsumerKind kind) throws CliFailure {
      ArrayNode items = AdminHttp.JSON.createArrayNode();
      String start = "0";
      while (true) {
        JsonNode page =
            http.get(kind.path() + "?start=" + AdminHttp.segment(start) + "&count=" + PAGE_SIZE);
        page.path(kind.plural).forEach(items::add);
        String next = page.path("nextKey").asText("0");
        if (next.isEmpty() || next.equals("0") || page.path("nextKey").isNull()) {
          return items;
        }
        if (next.equals(start)) {
          throw new CliFailure(
              CliFailure.REFUSED, "the Admin API gave the same page of " + kind.plural + " twice");
        }
        start = next;
      }
    }
  }
}
