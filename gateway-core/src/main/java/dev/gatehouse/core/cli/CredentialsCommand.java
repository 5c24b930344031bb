package dev.gatehouse.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gatehouse credentials} (or {@code credential}): Express Gateway's {@code eg credentials}
 * over the Admin API, with {@code remove} added.
 *
 * <pre>
 * gatehouse credentials create -c ada -t key-auth -p 'scopes=["orders:read"]'
 * gatehouse credentials deactivate -t key-auth 3kTmq…
 * </pre>
 */
@Command(
    name = "credentials",
    aliases = "credential",
    description = "Create, show, activate and remove credentials through the Admin API.",
    mixinStandardHelpOptions = true,
    subcommands = {
      CredentialsCommand.Create.class,
      CredentialsCommand.Info.class,
      CredentialsCommand.Activate.class,
      CredentialsCommand.Deactivate.class,
      CredentialsCommand.Remove.class,
      CredentialsCommand.ListAll.class
    })
public final class CredentialsCommand extends AdminGroup {

  static final List<String> COLUMNS = List.of("type", "id", "consumerId", "isActive", "scopes");
  static final List<String> HEADERS = List.of("TYPE", "ID", "CONSUMER", "ACTIVE", "SCOPES");

  public CredentialsCommand(CliContext context) {
    super(context);
  }

  /** {@code /credentials/<type>/<id>}. */
  static String path(String type, String id) {
    return "/credentials/" + AdminHttp.segment(type) + "/" + AdminHttp.segment(id);
  }

  @Command(
      name = "create",
      description =
          "Create a credential for a user or app, or one per line of newline-delimited JSON with"
              + " --stdin (a line's \"consumer\" and \"type\" say for whom and which).",
      mixinStandardHelpOptions = true)
  static final class Create extends AdminCall {
    @Option(
        names = {"-c", "--consumer"},
        paramLabel = "CONSUMER",
        description = "The user or app: a user id or username, an app id or app name.")
    String consumer;

    @Option(
        names = {"-t", "--type"},
        paramLabel = "TYPE",
        description = "basic-auth, key-auth, oauth2 or jwt.")
    String type;

    @Option(
        names = {"-p", "--property"},
        paramLabel = "KEY=VALUE",
        description =
            "A property of the credential (scopes, password, keyId, keySecret…); a JSON value is"
                + " taken as JSON, and scopes=a,b as a list. Repeatable.")
    List<String> properties = new ArrayList<>();

    @Option(names = "--stdin", description = "Read credentials as newline-delimited JSON objects.")
    boolean stdin;

    @Override
    int run(AdminSession session) throws CliFailure {
      ObjectNode given = scopesAsList(PropertyArgs.parse(properties, true));
      if (!stdin) {
        if (consumer == null || type == null) {
          throw new CliFailure(
              CliFailure.USAGE,
              "must include either --stdin or -c with -t (--consumer with --type)");
        }
        JsonNode created = create(session, consumer, type, given);
        show(session.output(), created);
        return 0;
      }
      return eachLine(
          session,
          line -> {
            ObjectNode credential = given.deepCopy().setAll(line);
            String forConsumer =
                text(
                    credential.remove("consumer"), text(credential.remove("consumerId"), consumer));
            String ofType = text(credential.remove("type"), type);
            if (forConsumer == null || ofType == null) {
              throw new CliFailure(
                  CliFailure.REFUSED,
                  "no consumer or type: give the line \"consumer\" and \"type\", or give -c and -t");
            }
            JsonNode nested = credential.remove("credential");
            if (nested instanceof ObjectNode properties) {
              credential.setAll(properties);
            }
            JsonNode created = create(session, forConsumer, ofType, scopesAsList(credential));
            if (session.output().json()) {
              session.output().jsonLine(created);
            } else {
              session.output().line(secretOrSummary(session.output(), created));
            }
          });
    }

    private static JsonNode create(
        AdminSession session, String consumer, String type, ObjectNode properties)
        throws CliFailure {
      ObjectNode body = AdminHttp.JSON.createObjectNode();
      body.put("consumerId", consumer).put("type", type).set("credential", properties);
      return session.http().post("/credentials", body);
    }

    private static String text(JsonNode value, String fallback) {
      return value == null || value.isNull() ? fallback : value.asText();
    }

    /** {@code scopes=a,b} means the list of both, as a user would expect. */
    private static ObjectNode scopesAsList(ObjectNode properties) {
      JsonNode scopes = properties.get("scopes");
      if (scopes != null && scopes.isTextual()) {
        ArrayNode list = properties.putArray("scopes");
        for (String scope : scopes.asText().split(",")) {
          if (!scope.isBlank()) {
            list.add(scope.strip());
          }
        }
      }
      return properties;
    }

    private static void show(Output output, JsonNode created) {
      switch (output.mode()) {
        case QUIET -> output.line(secretOrSummary(output, created));
        case JSON -> output.json(created);
        case TABLE -> {
          output.line(secretOrSummary(output, created));
          output.properties(created);
          if (secret(created) != null) {
            output.line("The secret is shown this once: keep it now.");
          }
        }
      }
    }

    /**
     * With {@code -q}, what a client presents, as EG's CLI prints it: {@code keyId:keySecret}, or
     * {@code id:password} ({@code id:secret}) when the gateway generated it, else the id. Otherwise
     * {@code Created key-auth credential <id> for <consumer>}.
     */
    private static String secretOrSummary(Output output, JsonNode created) {
      String id = created.path("id").asText();
      if (output.quiet()) {
        String secret = secret(created);
        return secret == null ? id : id + ":" + secret;
      }
      return "Created "
          + created.path("type").asText()
          + " credential "
          + id
          + " for "
          + created.path("consumerId").asText();
    }

    private static String secret(JsonNode created) {
      for (String member : new String[] {"keySecret", "password", "secret"}) {
        if (created.path(member).isTextual()) {
          return created.get(member).asText();
        }
      }
      return null;
    }
  }

  /** The {@code -t} option of the commands that name credentials. */
  abstract static class TypedCall extends AdminCall {
    @Option(
        names = {"-t", "--type"},
        paramLabel = "TYPE",
        required = true,
        description = "basic-auth, key-auth, oauth2 or jwt.")
    String type;
  }

  @Command(
      name = "info",
      description = "Show a credential (never its secret).",
      mixinStandardHelpOptions = true)
  static final class Info extends TypedCall {
    @Parameters(
        paramLabel = "ID|KEYID",
        description = "The key id (key-auth, jwt) or the consumer's id (basic-auth, oauth2).")
    String id;

    @Override
    int run(AdminSession session) throws CliFailure {
      session.output().record(session.http().get(path(type, id)));
      return 0;
    }
  }

  /** {@code activate} and {@code deactivate}. */
  abstract static class StatusChange extends TypedCall {
    @Parameters(paramLabel = "ID|KEYID", arity = "1..*", description = "Key ids or consumer ids.")
    List<String> ids;

    private final boolean active;

    StatusChange(boolean active) {
      this.active = active;
    }

    @Override
    int run(AdminSession session) throws CliFailure {
      return setStatusOfEach(session, ids, active, id -> path(type, id));
    }
  }

  @Command(
      name = "activate",
      description = "Activate credentials.",
      mixinStandardHelpOptions = true)
  static final class Activate extends StatusChange {
    Activate() {
      super(true);
    }
  }

  @Command(
      name = "deactivate",
      description = "Deactivate credentials: they are refused from the next request on.",
      mixinStandardHelpOptions = true)
  static final class Deactivate extends StatusChange {
    Deactivate() {
      super(false);
    }
  }

  @Command(
      name = "remove",
      aliases = "rm",
      description = "Delete credentials (a Gatehouse addition).",
      mixinStandardHelpOptions = true)
  static final class Remove extends TypedCall {
    @Parameters(paramLabel = "ID|KEYID", arity = "1..*", description = "Key ids or consumer ids.")
    List<String> ids;

    @Override
    int run(AdminSession session) throws CliFailure {
      return removeEach(session, ids, id -> path(type, id));
    }
  }

  /** EG's {@code -f} filters: which states to list. */
  enum Filter {
    ACTIVE,
    ARCHIVED;

    boolean accepts(JsonNode credential) {
      boolean active = credential.path("isActive").asBoolean(true);
      return this == ACTIVE ? active : !active;
    }
  }

  @Command(
      name = "list",
      description = "List the credentials of a consumer, or of every consumer.",
      mixinStandardHelpOptions = true)
  static final class ListAll extends AdminCall {
    @Option(
        names = {"-c", "--consumer", "--consumerId"},
        paramLabel = "CONSUMER",
        description = "A user id or username, an app id or app name (default: every consumer).")
    String consumer;

    @Option(
        names = {"-f", "--filter"},
        paramLabel = "STATE",
        arity = "1..*",
        split = ",",
        converter = FilterConverter.class,
        description = "active, archived or both (default: active).")
    List<Filter> filters = new ArrayList<>();

    @Override
    int run(AdminSession session) throws CliFailure {
      JsonNode answer =
          session
              .http()
              .get(
                  consumer == null
                      ? "/credentials"
                      : "/credentials/" + AdminHttp.segment(consumer));
      List<Filter> wanted = filters.isEmpty() ? List.of(Filter.ACTIVE) : filters;
      ArrayNode shown = AdminHttp.JSON.createArrayNode();
      for (JsonNode credential : answer.path("credentials")) {
        if (wanted.stream().anyMatch(f -> f.accepts(credential))) {
          shown.add(credential);
        }
      }
      session
          .output()
          .list(
              shown,
              "id",
              COLUMNS,
              HEADERS,
              consumer == null
                  ? "No credentials."
                  : "Consumer " + consumer + " has no credentials.");
      return 0;
    }
  }

  /** Reads {@code active} and {@code archived}, refusing anything else as EG's CLI did. */
  static final class FilterConverter implements picocli.CommandLine.ITypeConverter<Filter> {
    @Override
    public Filter convert(String value) {
      try {
        return Filter.valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "Unrecognised filter type: " + value + " (use active or archived)");
      }
    }
  }
}
