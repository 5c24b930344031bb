package dev.gatehouse.core.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gatehouse credential:scopes} (or {@code credential:scope}): Express Gateway's scopes of
 * one credential, added, removed or replaced. With {@code --json} each prints the credential as it
 * is afterwards.
 *
 * <pre>
 * gatehouse credential:scopes add orders:write -t key-auth --id 3kTmq…
 * </pre>
 */
@Command(
    name = "credential:scopes",
    aliases = "credential:scope",
    description = "Add, remove or replace the scopes of a credential through the Admin API.",
    mixinStandardHelpOptions = true,
    subcommands = {
      CredentialScopesCommand.Add.class,
      CredentialScopesCommand.Remove.class,
      CredentialScopesCommand.Set.class
    })
public final class CredentialScopesCommand extends AdminGroup {

  public CredentialScopesCommand(CliContext context) {
    super(context);
  }

  /** The credential the subcommands change. */
  abstract static class ScopesCall extends CredentialsCommand.TypedCall {
    @Option(
        names = {"--id", "--keyid"},
        paramLabel = "ID|KEYID",
        required = true,
        description = "The key id (key-auth, jwt) or the consumer's id (basic-auth, oauth2).")
    String id;

    String credential() {
      return CredentialsCommand.path(type, id);
    }

    /** With {@code --json}, the credential as it is now. */
    int done(AdminSession session) throws CliFailure {
      if (session.output().json()) {
        session.output().json(session.http().get(credential()));
      }
      return 0;
    }
  }

  @Command(
      name = "add",
      description = "Add scopes, one request each, in order.",
      mixinStandardHelpOptions = true)
  static final class Add extends ScopesCall {
    @Parameters(paramLabel = "SCOPE", arity = "1..*", description = "Existing scopes.")
    List<String> scopes;

    @Override
    int run(AdminSession session) throws CliFailure {
      for (String scope : scopes) {
        session.http().put(credential() + "/scopes/" + AdminHttp.segment(scope), null);
        if (session.output().table()) {
          session.output().line("Scope " + scope + " added to " + id);
        }
      }
      return done(session);
    }
  }

  @Command(
      name = "remove",
      aliases = "rm",
      description = "Remove scopes, one request each, in order.",
      mixinStandardHelpOptions = true)
  static final class Remove extends ScopesCall {
    @Parameters(paramLabel = "SCOPE", arity = "1..*", description = "Scopes of the credential.")
    List<String> scopes;

    @Override
    int run(AdminSession session) throws CliFailure {
      for (String scope : scopes) {
        session.http().delete(credential() + "/scopes/" + AdminHttp.segment(scope));
        if (session.output().table()) {
          session.output().line("Scope " + scope + " removed from " + id);
        }
      }
      return done(session);
    }
  }

  @Command(
      name = "set",
      description = "Replace the scopes; none clears them.",
      mixinStandardHelpOptions = true)
  static final class Set extends ScopesCall {
    @Parameters(paramLabel = "SCOPE", arity = "0..*", description = "Existing scopes.")
    List<String> scopes = new ArrayList<>();

    @Override
    int run(AdminSession session) throws CliFailure {
      ObjectNode body = AdminHttp.JSON.createObjectNode();
      scopes.forEach(body.putArray("scopes")::add);
      session.http().put(credential() + "/scopes", body);
      if (session.output().table()) {
        session
            .output()
            .line(
                scopes.isEmpty()
                    ? "Scopes cleared for " + id
                    : "Scopes " + String.join(", ", scopes) + " set for " + id);
      }
      return done(session);
    }
  }
}
