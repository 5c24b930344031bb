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
