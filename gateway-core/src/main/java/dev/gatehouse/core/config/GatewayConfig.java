package dev.gatehouse.core.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code gateway.config.yml}, bound and checked: what the gateway serves. Immutable.
 *
 * @param document the parsed file, for locating errors found later (when pipelines compile)
 * @param http the HTTP listener, if configured
 * @param https the HTTPS listener, if configured
 * @param admin the admin listener, if enabled
 * @param apiEndpoints every endpoint entry in declaration order (an endpoint given as a list
 *     contributes one entry per element)
 * @param serviceEndpoints upstreams by name, in declaration order
 * @param policies the policy whitelist
 * @param pipelines the pipelines in declaration order
 */
public record GatewayConfig(
    ConfigDocument document,
    Optional<HttpListener> http,
    Optional<HttpsListener> https,
    Optional<AdminListener> admin,
    List<ApiEndpointEntry> apiEndpoints,
    Map<String, ServiceEndpointEntry> serviceEndpoints,
    List<String> policies,
    List<PipelineEntry> pipelines) {

  /**
   * The {@code http} section.
   *
   * @param trustedProxies addresses and CIDR blocks whose forwarding headers are believed
   */
  public record HttpListener(int port, String hostname, List<String> trustedProxies) {}

  /**
   * The {@code https} section. File names are kept as written (relative to the configuration
   * directory) with their place in the file; the listener reads them when the gateway starts.
   *
   * @param port the port, 0 for any free port
   * @param hostname the address to bind, or null for every interface
   * @param certificates the {@code tls} entries in the order written; empty when the section has no
   *     {@code tls}, in which case Express Gateway starts no HTTPS server
   * @param clientCertificates what {@code options} asks of client certificates
   */
  public record HttpsListener(
      int port,
      String hostname,
      List<TlsCertificate> certificates,
      ClientCertificates clientCertificates) {}

  /**
   * One entry of {@code https.tls}.
   *
   * @param serverName {@link #DEFAULT} or a glob on the server name the client asks for (SNI)
   * @param path where the entry is written
   * @param key the private key (PEM)
   * @param cert the certificate, optionally followed by its intermediates (PEM)
   * @param ca CA certificates (PEM) trusted for client certificates on this server name
   */
  public record TlsCertificate(
      String serverName, ConfigPath path, PemFile key, PemFile cert, List<PemFile> ca) {

    /** The key of the entry used when no glob matches the server name, or none was sent. */
    public static final String DEFAULT = "default";

    public boolean isDefault() {
      return DEFAULT.equals(serverName);
    }
  }

  /**
   * Node's TLS server options that Gatehouse supports, from {@code https.options}.
   *
   * @param requested {@code requestCert}: ask clients for a certificate
   * @param required {@code requestCert} and {@code rejectUnauthorized} (Node's default when
   *     certificates are requested): a client without a certificate the CAs verify cannot connect
   * @param ca CA certificates (PEM) trusted for client certificates on every server name
   * @param path where {@code options} is (or would be) written
   */
  public record ClientCertificates(
      boolean requested, boolean required, List<PemFile> ca, ConfigPath path) {}

  /** A PEM file named in the configuration, and where it is named. */
  public record PemFile(String file, ConfigPath path) {}

  /**
   * The {@code admin} section; {@code host} defaults to 127.0.0.1.
   *
   * @param auth who may call the Admin API; {@link AdminAuth#none()} when {@code auth} is absent
   * @param tls the key and certificate to serve HTTPS with, if any
   */
  public record AdminListener(
      int port, String host, int backlog, AdminAuth auth, Optional<AdminTls> tls) {}

  /**
   * {@code admin.auth}: API keys and a basic login. A request passes with either; with neither
   * configured every request passes.
   *
   * @param apiKeys keys accepted as {@code Authorization: Bearer <key>} or {@code X-API-Key}
   * @param basic the login accepted as {@code Authorization: Basic}, if any
   */
  public record AdminAuth(List<String> apiKeys, Optional<AdminLogin> basic) {

    public AdminAuth {
      apiKeys = List.copyOf(apiKeys);
    }

    /** No authentication: the listener's bind address is its only protection. */
    public static AdminAuth none() {
      return new AdminAuth(List.of(), Optional.empty());
    }

    public boolean enabled() {
      return !apiKeys.isEmpty() || basic.isPresent();
    }

    /** Keys never reach logs. */
    @Override
    public String toString() {
      return "AdminAuth[apiKeys=" + apiKeys.size() + ", basic=" + basic.isPresent() + "]";
    }
  }

  /**
   * {@code admin.auth.basic}.
   *
   * @param username compared exactly
   * @param passwordHash a bcrypt hash ({@code $2a$}, {@code $2b$} or {@code $2y$})
   */
  public record AdminLogin(String username, String passwordHash) {

    /** The hash never reaches logs. */
    @Override
    public String toString() {
      return "AdminLogin[" + username + "]";
    }
  }

  /**
   * {@code admin.tls}: PEM files, relative to the configuration directory unless absolute.
   *
   * @param key the private key
   * @param cert the certificate, optionally followed by its intermediates
   */
  public record AdminTls(String key, String cert) {}

  /**
   * One entry of {@code apiEndpoints}.
   *
   * @param name the endpoint's name
   * @param path where the entry sits in the file
   * @param definition the entry as written (after alias normalisation), for {@code egContext}
   * @param host the host pattern, or null for any host
   * @param hostRegex the host regular expression, or null
   * @param paths Express paths (default {@code *}), ignored when {@code pathRegex} is set
   * @param pathRegex the path regular expression, or null
   * @param methods upper-case methods; empty means every method
   * @param scopes scope names the consumer must hold
   */
  public record ApiEndpointEntry(
      String name,
      ConfigPath path,
      ObjectNode definition,
      String host,
      String hostRegex,
      List<String> paths,
      String pathRegex,
      List<String> methods,
      List<String> scopes) {}

  /** One entry of {@code serviceEndpoints}: one URL or several, and proxy options. */
  public record ServiceEndpointEntry(
      String name, ConfigPath path, List<String> urls, ObjectNode proxyOptions) {}

  /** One pipeline: the endpoints it serves and its policies in order. */
  public record PipelineEntry(
      String name, ConfigPath path, List<String> apiEndpoints, List<PolicyEntry> policies) {}

  /** One item of a pipeline's {@code policies}: a policy name and its steps. */
  public record PolicyEntry(String policy, ConfigPath path, List<StepEntry> steps) {}

  /**
   * One step of a policy.
   *
   * @param path where the step sits
   * @param condition the condition object with its {@code name}, or null for none
   * @param action the action object (empty when absent)
   */
  public record StepEntry(ConfigPath path, ObjectNode condition, ObjectNode action) {}
}
