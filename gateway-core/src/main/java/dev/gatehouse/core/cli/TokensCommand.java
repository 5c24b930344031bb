package dev.gatehouse.core.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code gatehouse tokens} (or {@code token}): Express Gateway's {@code eg tokens revoke}, through
 * {@code DELETE /tokens/:token}. A gateway that does not issue tokens answers 501, which the
 * command reports as such and exits 1.
 *
 * <pre>
 * gatehouse tokens revoke 'a3f…|9c1…'
 * </pre>
 */
@Command(
    name = "tokens",
    aliases = "token",
    description = "Revoke OAuth 2.0 access and refresh tokens through the Admin API.",
    mixinStandardHelpOptions = true,
    subcommands = TokensCommand.Revoke.class)
public final class TokensCommand extends AdminGroup {

  public TokensCommand(CliContext context) {
    super(context);
  }

  @Command(
      name = "revoke",
      description = "Revoke tokens: they are refused from then on.",
      mixinStandardHelpOptions = true)
  static final class Revoke extends AdminCall {
    @Parameters(
        paramLabel = "TOKEN",
        arity = "1..*",
        description = "Tokens as the gateway issued them (id|secret).")
    List<String> tokens;

    @Override
    int run(AdminSession session) throws CliFailure {
      return each(
          session,
          tokens,
          token -> {
            revoke(session, token);
            if (session.output().quiet()) {
              session.output().line(token);
            } else if (session.output().table()) {
              session.output().line("Revoked token " + shortened(token));
            }
            return AdminHttp.JSON.createObjectNode().put("token", token).put("status", "Revoked");
          });
    }

    private static void revoke(AdminSession session, String token) throws CliFailure {
      try {
        session.http().delete("/tokens/" + AdminHttp.segment(token));
      } catch (AdminRefusal refusal) {
        if (refusal.status() != 501) {
          throw refusal;
        }
        throw new CliFailure(
            CliFailure.REFUSED,
            "this gateway cannot revoke tokens: its Admin API answered 501 Not Implemented to"
                + " DELETE /tokens/:token ("
                + refusal.getMessage()
                + ")");
      }
    }

    /** A token's first characters, enough to recognise it without printing it whole. */
    private static String shortened(String token) {
      return token.length() <= 8 ? token : token.substring(0, 8) + "…";
    }
  }
}
