package dev.gatehouse.core.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gatehouse users} (or {@code user}): Express Gateway's {@code eg users} over the Admin API.
 *
 * <pre>
 * gatehouse users create -p username=ada -p firstname=Ada -p lastname=Lovelace
 * gatehouse users deactivate ada
 * </pre>
 */
@Command(
    name = "users",
    aliases = "user",
    description = "Create, show, change and remove users through the Admin API.",
    mixinStandardHelpOptions = true,
    subcommands = {
      UsersCommand.Create.class,
      ConsumerCalls.Info.class,
      ConsumerCalls.Update.class,
      ConsumerCalls.Remove.class,
      ConsumerCalls.Activate.class,
      ConsumerCalls.Deactivate.class,
      ConsumerCalls.ListAll.class
    })
public final class UsersCommand extends ConsumerGroup {

  public UsersCommand(CliContext context) {
    super(context, ConsumerKind.USER);
  }

  @Command(
      name = "create",
      description =
          "Create a user from -p properties, or one user per line of newline-delimited JSON with"
              + " --stdin.",
      mixinStandardHelpOptions = true)
  static final class Create extends ConsumerCalls.Create {
    @Option(
        names = {"-p", "--property"},
        paramLabel = "KEY=VALUE",
        description =
            "A property (username, firstname, lastname, email, what models/users.json defines);"
                + " repeatable. With --stdin, a default for every line.")
    List<String> properties = new ArrayList<>();

    @Option(names = "--stdin", description = "Read users as newline-delimited JSON objects.")
    boolean stdin;

    @Override
    int run(AdminSession session) throws CliFailure {
      return create(session, properties, stdin);
    }
  }
}
