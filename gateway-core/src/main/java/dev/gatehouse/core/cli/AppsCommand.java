package dev.gatehouse.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gatehouse apps} (or {@code app}): Express Gateway's {@code eg apps} over the Admin API.
 *
 * <pre>
 * gatehouse apps create -u ada -p name=shop -p redirectUri=https://shop.example.com/cb
 * gatehouse apps list
 * </pre>
 */
@Command(
    name = "apps",
    aliases = "app",
    description = "Create, show, change and remove applications through the Admin API.",
    mixinStandardHelpOptions = true,
    subcommands = {
      AppsCommand.Create.class,
      ConsumerCalls.Info.class,
      ConsumerCalls.Update.class,
      ConsumerCalls.Remove.class,
      ConsumerCalls.Activate.class,
      ConsumerCalls.Deactivate.class,
      ConsumerCalls.ListAll.class
    })
public final class AppsCommand extends ConsumerGroup {

  public AppsCommand(CliContext context) {
    super(context, ConsumerKind.APP);
  }

  @Command(
      name = "create",
      description =
          "Create an application of a user from -p properties, or one per line of"
              + " newline-delimited JSON with --stdin (a line's \"user\" names its owner).",
      mixinStandardHelpOptions = true)
  static final class Create extends ConsumerCalls.Create {
    @Option(
        names = {"-u", "--user"},
        paramLabel = "ID|USERNAME",
        description = "The user who owns the application.")
    String user;

    @Option(
        names = {"-p", "--property"},
        paramLabel = "KEY=VALUE",
        description =
            "A property (name, redirectUri, what models/applications.json defines); repeatable."
                + " With --stdin, a default for every line.")
    List<String> properties = new ArrayList<>();

    @Option(names = "--stdin", description = "Read applications as newline-delimited JSON objects.")
    boolean stdin;

    @Override
    int run(AdminSession session) throws CliFailure {
      return create(session, properties, stdin);
    }

    @Override
    ObjectNode fromOptions(ObjectNode given) throws CliFailure {
      if (user == null) {
        throw new CliFailure(CliFailure.USAGE, "must include --stdin or -u, --user");
      }
      return owned(given, user);
    }

    @Override
    ObjectNode fromLine(ObjectNode app) throws CliFailure {
      JsonNode owner = app.remove("user");
      String userId =
          owner != null ? owner.asText() : app.path("userId").asText(user == null ? "" : user);
      if (userId.isEmpty()) {
        throw new CliFailure(CliFailure.REFUSED, "no owner: give the line a \"user\", or give -u");
      }
      return owned(app, userId);
    }

    private static ObjectNode owned(ObjectNode app, String userId) {
      return app.put("userId", userId);
    }
  }
}
