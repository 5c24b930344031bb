package dev.gatehouse.core.policy;

import dev.gatehouse.api.Policy;
import dev.gatehouse.api.PolicyConfigException;
import dev.gatehouse.api.PolicyContext;
import dev.gatehouse.api.PolicyFactory;
import dev.gatehouse.core.condition.ExpressPathTemplate;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;
import org.pf4j.Extension;

/**
 * {@code rewrite} (Express Gateway's rewrite plugin, built in): changes the path sent upstream, or
 * redirects the client, using what the step's {@code pathmatch} or {@code regexpmatch} condition
 * matched. {@code rewrite} is an Express path template ({@code /status/:code}) filled from a {@code
 * pathmatch}, or a replacement string ({@code /src/js/$1}) applied to a {@code regexpmatch}; with
 * {@code redirect} the client is sent there with that status, the query string kept.
 *
 * <p>The policy cannot see its step's condition when it is compiled, so a step without one of the
 * two conditions fails at run time: the request is answered 500 and the log says what to add.
 */
@Extension
public final class RewritePolicyFactory implements PolicyFactory<RewritePolicyFactory.Config> {

  private static final Pattern ABSOLUTE_URL = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");

  /**
   * @param rewrite the new path: an Express path template or a regular expression replacement
   * @param redirect a 3xx status to redirect with, or null to rewrite the path and continue
   */
  public record Config(String rewrite, Integer redirect) {}

  @Override
  public String name() {
    return "rewrite";
  }

  @Override
  public JsonObject actionSchema() {
    return new JsonObject(
        """
        {"type":"object","required":["rewrite"],"properties":{
          "rewrite":{"type":"string","minLength":1},
          "redirect":{"type":"integer","minimum":300,"maximum":399}}}
        """);
  }

  @Override
  public Class<Config> configType() {
    return Config.class;
  }

  @Override
  public Policy create(Config config, PolicyContext context) {
    ExpressPathTemplate template;
    try {
      template = ExpressPathTemplate.parse(config.rewrite());
    } catch (IllegalArgumentException e) {
      throw new PolicyConfigException("rewrite", "not a valid Express path: " + e.getMessage());
    }
    if (config.redirect() == null) {
      checkPathOnly(config.rewrite(), template);
    }
    return new RewritePolicy(
        template,
        RegexReplacement.parse(config.rewrite()),
        config.redirect() == null ? 0 : config.redirect());
  }

  /** Without a redirect only the path changes: the query string goes upstream as received. */
  private static void checkPathOnly(String rewrite, ExpressPathTemplate template) {
    if (ABSOLUTE_URL.matcher(rewrite).matches()) {
      throw new PolicyConfigException(
          "rewrite",
          "'"
              + rewrite
              + "' is a URL; a rewrite changes the path, add 'redirect' to send the"
              + " client there");
    }
    if (template.hasLiteral('?') || template.hasLiteral('#')) {
      throw new PolicyConfigException(
          "rewrite",
          "'"
              + rewrite
              + "' has a query or fragment; a rewrite without 'redirect' changes only"
              + " the path and sends the query string upstream as received");
    }
  }
}
