package dev.gatehouse.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.config.ConfigException;
import dev.gatehouse.core.config.ConfigFiles;
import dev.gatehouse.core.config.YamlReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which Admin API the command line calls, chosen as Express Gateway's CLI chooses it, with
 * Gatehouse's own names first: {@code --admin-url}, else {@code GATEHOUSE_ADMIN_URL}, else {@code
 * EG_ADMIN_URL}, else {@code system.config.yml} {@code cli.url}, else the admin listener of {@code
 * gateway.config.yml} ({@code https} when it has {@code tls}), else {@code http://localhost:9876}.
 * The configuration files are read only when no URL was given, and only for these values.
 *
 * @param url the Admin API's base URL
 * @param source where it came from, for messages
 */
record AdminTarget(URI url, String source) {

  static final String DEFAULT_URL = "http://localhost:9876";

  static AdminTarget resolve(String option, Map<String, String> env, ConfigFiles config)
      throws CliFailure {
    if (present(option)) {
      return of(option, "--admin-url");
    }
    for (String name : new String[] {"GATEHOUSE_ADMIN_URL", "EG_ADMIN_URL"}) {
      if (present(env.get(name))) {
        return of(env.get(name), name);
      }
    }
    Optional<JsonNode> system = read(config, ConfigFiles.SYSTEM, env);
    String configured = system.map(s -> s.path("cli").path("url").asText("")).orElse("");
    if (!configured.isEmpty()) {
      return of(configured, "system.config.yml cli.url");
    }
    Optional<String> listener =
        read(config, ConfigFiles.GATEWAY, env).flatMap(AdminTarget::adminListener);
    if (listener.isPresent()) {
      return of(listener.get(), "gateway.config.yml admin");
    }
    return of(DEFAULT_URL, "the default");
  }

  /** The URL of the configured admin listener, when it is on. */
  private static Optional<String> adminListener(JsonNode gateway) {
    JsonNode admin = gateway.path("admin");
    if (!admin.isObject() || admin.path("port").isNull() || admin.path("port").isMissingNode()) {
      return Optional.empty();
    }
    String host = admin.path("host").asText(admin.path("hostname").asText("127.0.0.1"));
    host =
        switch (host) {
          case "", "0.0.0.0" -> "127.0.0.1";
          case "::", "[::]" -> "::1";
          default -> host;
        };
    if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    String scheme = admin.path("tls").isObject() ? "https" : "http";
    return Optional.of(scheme + "://" + host + ":" + admin.path("port").asText());
  }

  private static Optional<JsonNode> read(ConfigFiles config, String base, Map<String, String> env)
      throws CliFailure {
    Optional<Path> file = config.find(base);
    if (file.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(YamlReader.read(file.get(), env).root());
    } catch (ConfigException e) {
      throw new CliFailure(
          CliFailure.USAGE,
          "cannot find the Admin API's URL in "
              + file.get()
              + ": "
              + e.getMessage()
              + "\ngive it with --admin-url or GATEHOUSE_ADMIN_URL");
    }
  }

  private static AdminTarget of(String text, String source) throws CliFailure {
    String trimmed = text.strip();
    try {
      URI url = new URI(trimmed);
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && url.getHost() != null) {
        return new AdminTarget(url, source);
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new CliFailure(
        CliFailure.USAGE,
        "the Admin API URL from "
            + source
            + " must be an http or https URL such as "
            + DEFAULT_URL
            + ", got '"
            + trimmed
            + "'");
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }
}
