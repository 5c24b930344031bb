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
  static final class Create extends ConsumerCalls.ConsumerCall {
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
      ObjectNode given = PropertyArgs.parse(properties, false);
      if (!stdin) {
        if (user == null) {
          throw new CliFailure(CliFailure.USAGE, "must include --stdin or -u, --user");
        }
        ConsumerCalls.show(
            session.output(),
            kind(),
            "Created",
            session.http().post(kind().path(), owned(given, user)));
        return 0;
      }
      return eachLine(
          session,
          line -> {
            ObjectNode app = given.deepCopy().setAll(line);
            JsonNode owner = app.remove("user");
            String userId =
                owner != null
                    ? owner.asText()
                    : app.path("userId").asText(user == null ? "" : user);
            if (userId.isEmpty()) {
              throw new CliFailure(
                  CliFailure.REFUSED, "no owner: give the line a \"user\", or give -u");
            }
            ConsumerCalls.imported(
                session.output(), kind(), session.http().post(kind().path(), owned(app, userId)));
          });
    }

    private static ObjectNode owned(ObjectNode app, String userId) {
      return app.put("userId", userId);
    }
  }
}
