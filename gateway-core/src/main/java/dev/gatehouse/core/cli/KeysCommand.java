package dev.gatehouse.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

/**
 * {@code gatehouse keys rotate}: the gateway generates a new JWT signing key, through {@code POST
 * /keys/rotate}. New tokens are signed with it at once (within seconds on the other gateways of a
 * cluster); the previous key stays in {@code /.well-known/jwks.json} until the last token it signed
 * has expired. A key configured in {@code system.config.yml} is rotated there: the Admin API then
 * answers 409, reported as such.
 *
 * <pre>
 * gatehouse keys rotate          # Rotated: the signing key is now 3q2-7wE…
 * gatehouse keys rotate --json   # {"kid":"3q2-7wE…"}
 * </pre>
 */
@Command(
    name = "keys",
    aliases = "key",
    description = "Manage the keys the gateway signs JWT access tokens with.",
    mixinStandardHelpOptions = true,
    subcommands = KeysCommand.Rotate.class)
public final class KeysCommand extends AdminGroup {

  public KeysCommand(CliContext context) {
    super(context);
  }

  @Command(
      name = "rotate",
      description =
          "Sign new tokens with a new generated key; the old key stays published until its last"
              + " token expires.",
      mixinStandardHelpOptions = true)
  static final class Rotate extends AdminCall {

    @Override
    int run(AdminSession session) throws CliFailure {
      JsonNode rotated = session.http().post("/keys/rotate", AdminHttp.JSON.createObjectNode());
      String kid = rotated.path("kid").asText();
      if (session.output().json()) {
        session.output().json(rotated);
      } else if (session.output().quiet()) {
        session.output().line(kid);
      } else {
        session.output().line("Rotated: the signing key is now " + kid);
      }
      return 0;
    }
  }
}
