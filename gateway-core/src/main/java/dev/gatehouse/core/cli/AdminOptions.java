package dev.gatehouse.core.cli;

import dev.gatehouse.core.config.ConfigFiles;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options every Admin API command takes, wherever they are written on the line ({@code
 * gatehouse users list -q} or {@code gatehouse users -q list}): which Admin API, how to
 * authenticate to it, and how to print. Express Gateway's {@code -H}, {@code -q}, {@code -v} and
 * {@code --no-color} keep their meaning.
 */
final class AdminOptions {

  @Option(
      names = "--admin-url",
      paramLabel = "URL",
      scope = ScopeType.INHERIT,
      description =
          "The Admin API (default: $GATEHOUSE_ADMIN_URL, else $EG_ADMIN_URL, else"
              + " system.config.yml cli.url, else the admin listener of gateway.config.yml, else"
              + " http://localhost:9876).")
  String adminUrl;

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      scope = ScopeType.INHERIT,
      description =
          "An API key of admin.auth.apiKeys, sent as a bearer token (default:"
              + " $GATEHOUSE_ADMIN_API_KEY, which keeps it out of the process list).")
  String apiKey;

  @Option(
      names = "--admin-user",
      paramLabel = "USER",
      scope = ScopeType.INHERIT,
      description =
          "The admin.auth.basic login; its password is $GATEHOUSE_ADMIN_PASSWORD, else asked on"
              + " the terminal (default: $GATEHOUSE_ADMIN_USER).")
  String adminUser;

  @Option(
      names = "--cacert",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description =
          "PEM certificates of the CA to trust for an https Admin API (default:"
              + " $GATEHOUSE_ADMIN_CACERT, else the Java runtime's trusted CAs).")
  Path cacert;

  @Option(
      names = {"-H", "--header"},
      paramLabel = "'NAME: VALUE'",
      scope = ScopeType.INHERIT,
      description = "A header to send with every Admin API request; repeatable.")
  List<String> headers = new ArrayList<>();

  @Option(
      names = "--config-dir",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description =
          "Where to look for cli.url and the admin listener when no URL is given (default:"
              + " $GATEHOUSE_CONFIG_DIR, else $EG_CONFIG_DIR, else ./config).")
  String configDir;

  @Option(
      names = "--json",
      scope = ScopeType.INHERIT,
      description = "Print the Admin API's JSON instead of tables.")
  boolean json;

  @Option(
      names = {"-q", "--quiet"},
      scope = ScopeType.INHERIT,
      description = "Print only ids (keyId:keySecret for a new key).")
  boolean quiet;

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "Print each Admin API call to standard error.")
  boolean verbose;

  @Option(
      names = "--no-color",
      scope = ScopeType.INHERIT,
      description = "Accepted for Express Gateway's CLI; the output has no colors.")
  boolean noColor;

  /** How results print; {@code --json} and {@code -q} exclude each other. */
  Output.Mode mode() throws CliFailure {
    if (json && quiet) {
      throw new CliFailure(CliFailure.USAGE, "choose --json or -q, not both");
    }
    return json ? Output.Mode.JSON : quiet ? Output.Mode.QUIET : Output.Mode.TABLE;
  }

  /** The client of the chosen Admin API, with the chosen authentication and trust. */
  AdminHttp connect(CliContext context, PrintWriter err) throws CliFailure {
    Map<String, String> env = context.env();
    AdminTarget target = AdminTarget.resolve(adminUrl, env, ConfigFiles.resolve(configDir, env));
    Map<String, String> sent = new LinkedHashMap<>();
    authorization(env).ifPresent(value -> sent.put("Authorization", value));
    for (String header : headers) {
      int colon = header.indexOf(':');
      if (colon <= 0 || header.substring(colon + 1).isBlank()) {
        throw new CliFailure(CliFailure.USAGE, "-H takes 'Name: value', got '" + header + "'");
      }
      sent.put(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
    }
    Path ca = cacert != null ? cacert : pathOf(env.get("GATEHOUSE_ADMIN_CACERT"));
    return new AdminHttp(
        target.url(), sent, ca == null ? null : trusting(ca), verbose ? err : null);
  }

  private Optional<String> authorization(Map<String, String> env) throws CliFailure {
    String key = firstOf(apiKey, env.get("GATEHOUSE_ADMIN_API_KEY"));
    String user = firstOf(adminUser, env.get("GATEHOUSE_ADMIN_USER"));
    if (key != null && user != null) {
      throw new CliFailure(
          CliFailure.USAGE, "choose an admin API key or the admin login (--admin-user), not both");
    }
    if (key != null) {
      return Optional.of("Bearer " + key);
    }
    if (user == null) {
      return Optional.empty();
    }
    String password = password(user, env);
    String pair = user + ":" + password;
    return Optional.of(
        "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
  }

  private static String password(String user, Map<String, String> env) throws CliFailure {
    String password = env.get("GATEHOUSE_ADMIN_PASSWORD");
    if (password != null) {
      return password;
    }
    Console console = System.console();
    if (console == null) {
      throw new CliFailure(
          CliFailure.USAGE,
          "the admin login needs a password: set GATEHOUSE_ADMIN_PASSWORD (there is no terminal"
              + " to ask on)");
    }
    char[] typed = console.readPassword("Admin password for %s: ", user);
    return typed == null ? "" : new String(typed);
  }

  /** An SSL context that trusts the certificates of a PEM file, and only those. */
  private static SSLContext trusting(Path file) throws CliFailure {
    try (InputStream in = Files.newInputStream(file)) {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new CliFailure(CliFailure.USAGE, "no PEM certificate in " + file);
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int index = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + index++, certificate);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new CliFailure(
          CliFailure.USAGE, "cannot read the CA certificates of " + file + ": " + e.getMessage());
    }
  }

  private static Path pathOf(String value) {
    return value == null || value.isBlank() ? null : Path.of(value);
  }

  private static String firstOf(String option, String env) {
    if (option != null && !option.isBlank()) {
      return option;
    }
    return env == null || env.isBlank() ? null : env;
  }
}
