package dev.gatehouse.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code gatehouse scopes} (or {@code scope}): Express Gateway's {@code eg scopes} over the Admin
 * API.
 *
 * <pre>
 * gatehouse scopes create orders:read orders:write
 * gatehouse scopes list
 * </pre>
 */
@Command(
    name = "scopes",
    aliases = "scope",
    description = "Create, list and remove scopes through the Admin API.",
    mixinStandardHelpOptions = true,
    subcommands = {
      ScopesCommand.Create.class,
      ScopesCommand.Info.class,
      ScopesCommand.ListAll.class,
      ScopesCommand.Remove.class
    })
public final class ScopesCommand extends AdminGroup {

  public ScopesCommand(CliContext context) {
    super(context);
  }

  @Command(
      name = "create",
      description = "Create scopes, all or none (none when one exists already).",
      mixinStandardHelpOptions = true)
  static final class Create extends AdminCall {
    @Parameters(paramLabel = "SCOPE", arity = "1..*", description = "New scope names.")
    List<String> scopes;

    @Override
    int run(AdminSession session) throws CliFailure {
      ObjectNode body = AdminHttp.JSON.createObjectNode();
      scopes.forEach(body.putArray("scopes")::add);
      session.http().post("/scopes", body);
      Output output = session.output();
      switch (output.mode()) {
        case QUIET -> scopes.forEach(output::line);
        case JSON -> output.json(body);
        case TABLE -> output.line("Created " + String.join(", ", scopes));
      }
      return 0;
    }
  }

  @Command(
      name = "info",
      description = "Show a scope; exits 1 when it does not exist.",
      mixinStandardHelpOptions = true)
  static final class Info extends AdminCall {
    @Parameters(paramLabel = "SCOPE", description = "A scope name.")
    String scope;

    @Override
    int run(AdminSession session) throws CliFailure {
      JsonNode answer = session.http().get("/scopes/" + AdminHttp.segment(scope));
      if (session.output().json()) {
        session.output().json(answer);
      } else {
        session.output().line(answer.path("scope").asText());
      }
      return 0;
    }
  }

  @Command(name = "list", description = "List every scope.", mixinStandardHelpOptions = true)
  static final class ListAll extends AdminCall {
    @Override
    int run(AdminSession session) throws CliFailure {
      JsonNode answer = session.http().get("/scopes");
      JsonNode scopes =
          answer.path("scopes").isArray() ? answer.get("scopes") : AdminHttp.JSON.createArrayNode();
      Output output = session.output();
      switch (output.mode()) {
        case JSON -> output.json(scopes);
        case QUIET -> scopes.forEach(s -> output.line(s.asText()));
        case TABLE -> {
          if (scopes.isEmpty()) {
            output.line("No scopes.");
            return 0;
          }
          List<List<String>> rows = new ArrayList<>();
          scopes.forEach(s -> rows.add(List.of(s.asText())));
          output.table(List.of("SCOPE"), rows);
        }
      }
      return 0;
    }
  }

  @Command(
      name = "remove",
      aliases = "rm",
      description = "Delete scopes; each is taken from every credential that had it.",
      mixinStandardHelpOptions = true)
  static final class Remove extends AdminCall {
    @Parameters(paramLabel = "SCOPE", arity = "1..*", description = "Scope names.")
    List<String> scopes;

    @Override
    int run(AdminSession session) throws CliFailure {
      return removeEach(session, scopes, scope -> "/scopes/" + AdminHttp.segment(scope));
    }
  }
}
