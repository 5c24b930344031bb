package dev.gatehouse.core.proxy;

import dev.gatehouse.api.Policy;
import dev.gatehouse.api.PolicyConfigException;
import dev.gatehouse.api.PolicyContext;
import dev.gatehouse.api.PolicyFactory;
import dev.gatehouse.api.ServiceEndpoint;
import dev.gatehouse.core.config.Environment;
import dev.gatehouse.core.metrics.GatewayMetrics;
import dev.gatehouse.core.metrics.UpstreamMeters;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * {@code proxy}: forwards the request to a service endpoint and streams the answer back (Express
 * Gateway's proxy policy). Built in, registered through the same extension point as plugins.
 */
@Extension
public final class ProxyPolicyFactory implements PolicyFactory<JsonObject> {

  private static final String SCHEMA =
      """
      {"type":"object",
       "properties":{
         "serviceEndpoint":{"type":"string"},
         "changeOrigin":{"type":"boolean","default":true},
         "strategy":{"enum":["round-robin"],"default":"round-robin"},
         "stripPath":{"type":"boolean","default":false},
         "prependPath":{"type":"boolean","default":true},
         "ignorePath":{"type":"boolean","default":false},
         "xfwd":{"type":"boolean","default":false},
         "secure":{"type":"boolean","default":true},
         "auth":{"type":"string"},
         "headers":{"type":"object","additionalProperties":{"type":["string","number","boolean"]}},
         "proxyTimeout":{"type":"integer","minimum":1},
         "connectTimeout":{"type":"integer","minimum":1},
         "proxyUrl":{"type":"string"},
         "target":{"type":"object","properties":{
           "keyFile":{"type":"string"},"certFile":{"type":"string"},
           "caFile":{"anyOf":[{"type":"string"},{"type":"array","items":{"type":"string"}}]}}},
         "proxyOptions":{"type":"object"}}}
      """;

  @Override
  public String name() {
    return "proxy";
  }

  @Override
  public JsonObject actionSchema() {
    return new JsonObject(SCHEMA);
  }

  @Override
  public Class<JsonObject> configType() {
    return JsonObject.class;
  }

  @Override
  public Policy create(JsonObject action, PolicyContext context) {
    String name = action.getString("serviceEndpoint");
    if (name == null) {
      context
          .logger()
          .warn(
              "config_warning pipeline={} has a proxy step without serviceEndpoint; every request"
                  + " reaching it is answered 502",
              context.pipelineName());
      return ProxyPolicy.unconfigured();
    }
    ServiceEndpoint endpoint =
        context
            .serviceEndpoint(name)
            .orElseThrow(
                () ->
                    new PolicyConfigException(
                        "serviceEndpoint", "no service endpoint named '" + name + "' is defined"));
    ProxySettings settings = merge(action, endpoint, context);
    List<UpstreamTarget> targets = endpoint.urls().stream().map(UpstreamTarget::parse).toList();
    UpstreamClients clients =
        context
            .service(UpstreamClients.class)
            .orElseThrow(() -> new IllegalStateException("the gateway offers no upstream clients"));
    UpstreamMeters meters =
        context
            .service(GatewayMetrics.class)
            .map(metrics -> metrics.upstream(name))
            .orElse(UpstreamMeters.NONE);
    return new ProxyPolicy(
        clients,
        new Balancer(targets),
        settings,
        tls(settings, context.configDirectory()),
        forwardProxy(settings, context),
        meters);
  }

  /** EG's order: the {@code http_proxy} environment variable wins over the step's proxyUrl. */
  private static Optional<ForwardProxy> forwardProxy(
      ProxySettings settings, PolicyContext context) {
    Environment env = context.service(Environment.class).orElse(new Environment(Map.of()));
    Optional<String> url = env.first("http_proxy", "HTTP_PROXY");
    String path = "";
    if (url.isEmpty() && settings.proxyUrl() != null) {
      url = Optional.of(settings.proxyUrl());
      path = "proxyUrl";
    }
    if (url.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          ForwardProxy.parse(url.get(), env.first("no_proxy", "NO_PROXY").orElse(null)));
    } catch (IllegalArgumentException e) {
      throw new PolicyConfigException(
          path, e.getMessage() + (path.isEmpty() ? " (from http_proxy)" : ""));
    }
  }

  /**
   * EG's precedence, a shallow merge as its Object.assign: action < service endpoint proxyOptions <
   * deprecated action proxyOptions.
   */
  private static ProxySettings merge(
      JsonObject action, ServiceEndpoint endpoint, PolicyContext context) {
    JsonObject merged = action.copy();
    merged.remove("proxyOptions");
    merged.mergeIn(endpoint.proxyOptions(), false);
    JsonObject deprecated = action.getJsonObject("proxyOptions");
    if (deprecated != null) {
      context
          .logger()
          .warn(
              "config_warning pipeline={} proxy action 'proxyOptions' is deprecated; put the"
                  + " options in the action itself",
              context.pipelineName());
      merged.mergeIn(deprecated, false);
    }
    try {
      return merged.mapTo(ProxySettings.class);
    } catch (IllegalArgumentException e) {
      throw new PolicyConfigException("", "invalid proxy options: " + e.getMessage());
    }
  }

  /** Reads the upstream TLS files now, so no request ever waits on the disk. */
  private static Optional<ClientSSLOptions> tls(ProxySettings settings, Path configDirectory) {
    ProxySettings.TargetTls target = settings.target();
    boolean verify = settings.verifiesTls();
    if (target == null && verify) {
      return Optional.empty();
    }
    ClientSSLOptions options = new ClientSSLOptions();
    if (!verify) {
      options.setTrustAll(true).setHostnameVerificationAlgorithm("");
    } else {
      options.setHostnameVerificationAlgorithm("HTTPS");
    }
    if (target != null) {
      if ((target.keyFile() == null) != (target.certFile() == null)) {
        throw new PolicyConfigException("target", "set both keyFile and certFile, or neither");
      }
      if (target.keyFile() != null) {
        options.setKeyCertOptions(
            new PemKeyCertOptions()
                .addKeyValue(read(configDirectory, target.keyFile(), "target.keyFile"))
                .addCertValue(read(configDirectory, target.certFile(), "target.certFile")));
      }
      if (target.caFile() != null && !target.caFile().isEmpty() && verify) {
        PemTrustOptions trust = new PemTrustOptions();
        for (String ca : target.caFile()) {
          trust.addCertValue(read(configDirectory, ca, "target.caFile"));
        }
        options.setTrustOptions(trust);
      }
    }
    return Optional.of(options);
  }

  private static Buffer read(Path configDirectory, String file, String path) {
    Path resolved = configDirectory.resolve(file);
    try {
      return Buffer.buffer(Files.readAllBytes(resolved));
    } catch (IOException e) {
      throw new PolicyConfigException(path, "cannot read " + resolved + ": " + e.getMessage());
    }
  }
}
