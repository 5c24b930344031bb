package dev.gatehouse.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.config.GatewayConfig.AdminAuth;
import dev.gatehouse.core.config.GatewayConfig.AdminListener;
import dev.gatehouse.core.config.GatewayConfig.AdminLogin;
import dev.gatehouse.core.config.GatewayConfig.AdminTls;
import dev.gatehouse.core.config.GatewayConfig.ApiEndpointEntry;
import dev.gatehouse.core.config.GatewayConfig.ClientCertificates;
import dev.gatehouse.core.config.GatewayConfig.HttpListener;
import dev.gatehouse.core.config.GatewayConfig.HttpsListener;
import dev.gatehouse.core.config.GatewayConfig.PemFile;
import dev.gatehouse.core.config.GatewayConfig.PipelineEntry;
import dev.gatehouse.core.config.GatewayConfig.PolicyEntry;
import dev.gatehouse.core.config.GatewayConfig.ServiceEndpointEntry;
import dev.gatehouse.core.config.GatewayConfig.StepEntry;
import dev.gatehouse.core.config.GatewayConfig.TlsCertificate;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * Turns a parsed {@code gateway.config.yml} into a {@link GatewayConfig}: renames Express Gateway's
 * aliases, validates against the core schema, then binds every section, accepting the shapes EG
 * accepts (a string where a list is expected, a single step object, pipelines as a list). Every
 * problem is collected; nothing is returned half-valid.
 */
public final class GatewayConfigBinder {

  private static final SchemaValidator SCHEMA =
      new JsonSchemas()
          .compile("gateway.config.yml", ClasspathJson.read("/schemas/gateway.config.json"));

  /** A bcrypt hash as OpenBSD, htpasswd and Node's bcrypt write it. */
  private static final Pattern BCRYPT =
      Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");

  private final ConfigDocument document;
  private final List<ConfigError> errors = new ArrayList<>();

  private GatewayConfigBinder(ConfigDocument document) {
    this.document = document;
  }

  /**
   * Binds {@code document}.
   *
   * @throws ConfigException with every error found
   */
  public static GatewayConfig bind(ConfigDocument document) throws ConfigException {
    return new GatewayConfigBinder(document).bind();
  }

  private GatewayConfig bind() throws ConfigException {
    ObjectNode root = document.root();
    normalizeAliases(root);
    errors.addAll(SCHEMA.validate(document, ConfigPath.root(), root));
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    GatewayConfig config =
        new GatewayConfig(
            document,
            http(root.get("http")),
            https(root.get("https")),
            admin(root),
            apiEndpoints(root.get("apiEndpoints")),
            serviceEndpoints(root.get("serviceEndpoints")),
            strings(root.get("policies"), ConfigPath.root().child("policies")),
            pipelines(root.get("pipelines")));
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return config;
  }

  /** Renames the alias keys EG accepts to their canonical names, so one schema covers both. */
  private void normalizeAliases(ObjectNode root) {
    renameAlias(root, ConfigPath.root(), "apiEndpoint", "apiEndpoints");
    renameAlias(root, ConfigPath.root(), "pipeline", "pipelines");
    if (root.get("admin") instanceof ObjectNode admin) {
      renameAlias(admin, ConfigPath.root().child("admin"), "hostname", "host");
    }
    forEachNamed(
        root.get("apiEndpoints"),
        ConfigPath.root().child("apiEndpoints"),
        (name, path, value) ->
            forEachObject(value, path, (entry, at) -> renameAlias(entry, at, "path", "paths")));
    JsonNode pipelines = root.get("pipelines");
    forEachNamed(
        pipelines,
        ConfigPath.root().child("pipelines"),
        (name, path, value) ->
            forEachObject(
                value, path, (p, at) -> renameAlias(p, at, "apiEndpoint", "apiEndpoints")));
    if (pipelines != null && pipelines.isArray()) {
      forEachObject(
          pipelines,
          ConfigPath.root().child("pipelines"),
          (p, at) -> renameAlias(p, at, "apiEndpoint", "apiEndpoints"));
    }
  }

  /** What to do with one entry of a map of named entries. */
  private interface NamedAction {
    void accept(String name, ConfigPath path, JsonNode value);
  }

  /** Calls {@code action} for each entry of a map (at {@code at}); nothing when it is no map. */
  private static void forEachNamed(JsonNode map, ConfigPath at, NamedAction action) {
    if (map instanceof ObjectNode object) {
      object
          .fields()
          .forEachRemaining(
              field -> action.accept(field.getKey(), at.child(field.getKey()), field.getValue()));
    }
  }

  /** Calls {@code action} for an object, or for each object of a list. */
  private static void forEachObject(
      JsonNode node, ConfigPath at, BiConsumer<ObjectNode, ConfigPath> action) {
    if (node instanceof ObjectNode object) {
      action.accept(object, at);
    } else if (node != null && node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        if (node.get(i) instanceof ObjectNode object) {
          action.accept(object, at.index(i));
        }
      }
    }
  }

  /** Renames EG's alias key {@code alias} of {@code node} (at {@code at}) to {@code name}. */
  private void renameAlias(ObjectNode node, ConfigPath at, String alias, String name) {
    if (!node.has(alias)) {
      return;
    }
    if (node.has(name)) {
      error(at.child(alias), "both '" + alias + "' and '" + name + "' are set; keep one");
      return;
    }
    node.set(name, node.remove(alias));
    document.relocate(node, alias, name);
  }

  private Optional<HttpListener> http(JsonNode http) {
    if (http == null || http.isNull()) {
      return Optional.empty();
    }
    return Optional.of(
        new HttpListener(
            http.path("port").asInt(),
            text(http, "hostname"),
            strings(
                http.get("trustedProxies"),
                ConfigPath.root().child("http").child("trustedProxies"))));
  }

  /** The schema has checked the shapes; files are only named here and read by the listener. */
  private Optional<HttpsListener> https(JsonNode https) {
    if (https == null || https.isNull()) {
      return Optional.empty();
    }
    ConfigPath at = ConfigPath.root().child("https");
    List<TlsCertificate> certificates = new ArrayList<>();
    JsonNode tls = https.get("tls");
    if (tls != null && tls.isObject()) {
      ConfigPath base = at.child("tls");
      tls.fields()
          .forEachRemaining(
              field -> {
                ConfigPath path = base.child(field.getKey());
                JsonNode entry = field.getValue();
                certificates.add(
                    new TlsCertificate(
                        field.getKey(),
                        path,
                        pemFile(entry, "key", path),
                        pemFile(entry, "cert", path),
                        pemFiles(entry.get("ca"), path.child("ca"))));
              });
    }
    JsonNode options = https.path("options");
    ConfigPath optionsPath = at.child("options");
    boolean requested = options.path("requestCert").asBoolean(false);
    // Node rejects unverified clients unless told otherwise, and only when it asked for a cert.
    boolean required = requested && options.path("rejectUnauthorized").asBoolean(true);
    return Optional.of(
        new HttpsListener(
            https.path("port").asInt(),
            text(https, "hostname"),
            List.copyOf(certificates),
            new ClientCertificates(
                requested,
                required,
                pemFiles(options.get("ca"), optionsPath.child("ca")),
                optionsPath)));
  }

  private static PemFile pemFile(JsonNode entry, String key, ConfigPath path) {
    return new PemFile(entry.get(key).asText(), path.child(key));
  }

  private List<PemFile> pemFiles(JsonNode node, ConfigPath path) {
    List<String> files = strings(node, path);
    if (node != null && node.isTextual()) {
      return List.of(new PemFile(files.get(0), path));
    }
    List<PemFile> pems = new ArrayList<>(files.size());
    for (int i = 0; i < files.size(); i++) {
      pems.add(new PemFile(files.get(i), path.index(i)));
    }
    return List.copyOf(pems);
  }

  private Optional<AdminListener> admin(ObjectNode root) {
    JsonNode admin = root.get("admin");
    if (admin == null || admin.isNull()) {
      return Optional.empty();
    }
    ObjectNode section = (ObjectNode) admin;
    JsonNode port = section.get("port");
    if (port != null && port.isNull()) {
      // EG coerced `port: null` to 0, a random port; Gatehouse reads it as "admin disabled".
      return Optional.empty();
    }
    String host = text(section, "host");
    return Optional.of(
        new AdminListener(
            port == null ? 9876 : port.asInt(),
            host == null ? "127.0.0.1" : host,
            section.path("backlog").asInt(511),
            adminAuth(section.get("auth")),
            adminTls(section.get("tls"))));
  }

  private AdminAuth adminAuth(JsonNode auth) {
    if (auth == null || auth.isNull()) {
      return AdminAuth.none();
    }
    ConfigPath at = ConfigPath.root().child("admin").child("auth");
    List<String> keys = strings(auth.get("apiKeys"), at.child("apiKeys"));
    JsonNode basic = auth.get("basic");
    if (basic == null || basic.isNull()) {
      return new AdminAuth(keys, Optional.empty());
    }
    String hash = text(basic, "passwordHash");
    if (!BCRYPT.matcher(hash).matches()) {
      error(
          at.child("basic").child("passwordHash"),
          "expected a bcrypt hash ($2a$, $2b$ or $2y$, cost and 53 characters), e.g. from"
              + " 'htpasswd -nbB admin <password>'");
    }
    return new AdminAuth(keys, Optional.of(new AdminLogin(text(basic, "username"), hash)));
  }

  private static Optional<AdminTls> adminTls(JsonNode tls) {
    if (tls == null || tls.isNull()) {
      return Optional.empty();
    }
    return Optional.of(new AdminTls(text(tls, "key"), text(tls, "cert")));
  }

  private List<ApiEndpointEntry> apiEndpoints(JsonNode endpoints) {
    List<ApiEndpointEntry> entries = new ArrayList<>();
    forEachNamed(
        endpoints,
        ConfigPath.root().child("apiEndpoints"),
        (name, path, value) ->
            forEachObject(value, path, (entry, at) -> entries.add(apiEndpoint(name, at, entry))));
    return entries;
  }

  private ApiEndpointEntry apiEndpoint(String name, ConfigPath path, ObjectNode entry) {
    String host = text(entry, "host");
    if (host != null && (host.isEmpty() || host.equals("*"))) {
      host = null;
    }
    List<String> paths = strings(entry.get("paths"), path.child("paths"));
    if (paths.isEmpty()) {
      paths = List.of("*");
    }
    return new ApiEndpointEntry(
        name,
        path,
        entry,
        host,
        text(entry, "hostRegex"),
        paths,
        text(entry, "pathRegex"),
        methods(entry.get("methods"), path.child("methods")),
        scopes(entry.get("scopes"), path.child("scopes")));
  }

  private List<String> methods(JsonNode node, ConfigPath path) {
    List<String> methods = new ArrayList<>();
    for (String item : strings(node, path)) {
      for (String method : item.split(",")) {
        String trimmed = method.trim().toUpperCase(Locale.ROOT);
        if (trimmed.equals("*")) {
          return List.of();
        }
        if (!trimmed.isEmpty()) {
          methods.add(trimmed);
        }
      }
    }
    return List.copyOf(methods);
  }

  /** Scopes as names; EG's legacy {@code {scope, verbs}} items contribute their scope. */
  private List<String> scopes(JsonNode node, ConfigPath path) {
    List<String> scopes = new ArrayList<>();
    if (node == null || node.isNull()) {
      return scopes;
    }
    if (node.isTextual()) {
      return List.of(node.asText());
    }
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      if (item.isObject() && item.path("scope").isTextual()) {
        scopes.add(item.get("scope").asText());
      } else if (item.isTextual()) {
        scopes.add(item.asText());
      } else {
        error(path.index(i), "expected a scope name or {scope, verbs}");
      }
    }
    return List.copyOf(scopes);
  }

  private Map<String, ServiceEndpointEntry> serviceEndpoints(JsonNode endpoints) {
    Map<String, ServiceEndpointEntry> entries = new LinkedHashMap<>();
    forEachNamed(
        endpoints,
        ConfigPath.root().child("serviceEndpoints"),
        (name, path, entry) -> entries.put(name, serviceEndpoint(name, path, entry)));
    return entries;
  }

  private ServiceEndpointEntry serviceEndpoint(String name, ConfigPath path, JsonNode entry) {
    List<String> urls = new ArrayList<>();
    boolean hasUrl = entry.hasNonNull("url");
    boolean hasUrls = entry.hasNonNull("urls");
    if (hasUrl == hasUrls) {
      error(path, "set exactly one of 'url' and 'urls'");
    } else if (hasUrl) {
      urls.add(entry.get("url").asText());
    } else {
      urls.addAll(strings(entry.get("urls"), path.child("urls")));
      if (urls.isEmpty()) {
        error(path.child("urls"), "expected at least one URL");
      }
    }
    for (int i = 0; i < urls.size(); i++) {
      checkUrl(urls.get(i), hasUrl ? path.child("url") : path.child("urls").index(i));
    }
    JsonNode options = entry.get("proxyOptions");
    return new ServiceEndpointEntry(
        name,
        path,
        List.copyOf(urls),
        options instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode());
  }

  private void checkUrl(String url, ConfigPath path) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || uri.getHost() == null) {
        error(path, "expected an http:// or https:// URL with a host, got '" + url + "'");
      }
    } catch (URISyntaxException e) {
      error(path, "not a valid URL: " + e.getMessage());
    }
  }

  private List<PipelineEntry> pipelines(JsonNode pipelines) {
    List<PipelineEntry> entries = new ArrayList<>();
    if (pipelines == null || pipelines.isNull()) {
      return entries;
    }
    ConfigPath base = ConfigPath.root().child("pipelines");
    if (pipelines.isArray()) {
      // EG's legacy form: a list of pipelines, each with its own `name`.
      for (int i = 0; i < pipelines.size(); i++) {
        ObjectNode pipeline = (ObjectNode) pipelines.get(i);
        String name = text(pipeline, "name");
        if (name == null) {
          error(base.index(i), "a pipeline in a list needs a 'name'");
          continue;
        }
        entries.add(pipeline(name, base.index(i), pipeline));
      }
      return entries;
    }
    forEachNamed(
        pipelines,
        base,
        (name, path, pipeline) -> entries.add(pipeline(name, path, (ObjectNode) pipeline)));
    return entries;
  }

  private PipelineEntry pipeline(String name, ConfigPath path, ObjectNode pipeline) {
    List<String> endpoints = strings(pipeline.get("apiEndpoints"), path.child("apiEndpoints"));
    List<PolicyEntry> policies = new ArrayList<>();
    JsonNode list = pipeline.get("policies");
    ConfigPath listPath = path.child("policies");
    if (list != null && list.isObject()) {
      // EG accepts `policies: {proxy: …}` and wraps it into a list.
      list.fields()
          .forEachRemaining(
              f -> policies.add(policy(f.getKey(), listPath.child(f.getKey()), f.getValue())));
    } else if (list != null && list.isArray()) {
      for (int i = 0; i < list.size(); i++) {
        JsonNode item = list.get(i);
        if (!item.isObject() || item.size() != 1) {
          error(listPath.index(i), "expected an object with exactly one policy name as its key");
          continue;
        }
        String policy = item.fieldNames().next();
        policies.add(policy(policy, listPath.index(i).child(policy), item.get(policy)));
      }
    }
    return new PipelineEntry(name, path, endpoints, List.copyOf(policies));
  }

  private PolicyEntry policy(String policy, ConfigPath path, JsonNode steps) {
    List<StepEntry> entries = new ArrayList<>();
    if (steps == null || steps.isNull()) {
      entries.add(step(path, null));
    } else if (steps.isArray()) {
      for (int i = 0; i < steps.size(); i++) {
        entries.add(step(path.index(i), steps.get(i)));
      }
    } else {
      entries.add(step(path, steps));
    }
    return new PolicyEntry(policy, path, List.copyOf(entries));
  }

  private StepEntry step(ConfigPath path, JsonNode step) {
    if (step == null || step.isNull()) {
      return new StepEntry(path, null, JsonNodeFactory.instance.objectNode());
    }
    if (!step.isObject()) {
      error(path, "expected a step object with 'condition' and/or 'action'");
      return new StepEntry(path, null, JsonNodeFactory.instance.objectNode());
    }
    JsonNode condition = step.get("condition");
    JsonNode action = step.get("action");
    if (condition != null && !condition.isNull() && !condition.isObject()) {
      error(path.child("condition"), "expected a condition object with a 'name'");
    }
    if (action != null && !action.isNull() && !action.isObject()) {
      error(path.child("action"), "expected an object of the policy's parameters");
    }
    return new StepEntry(
        path,
        condition instanceof ObjectNode c ? c : null,
        action instanceof ObjectNode a ? a : JsonNodeFactory.instance.objectNode());
  }

  /** A string or a list of strings, as a list. */
  private List<String> strings(JsonNode node, ConfigPath path) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (node.isTextual()) {
      return List.of(node.asText());
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      if (item.isTextual()) {
        values.add(item.asText());
      } else {
        error(path.index(i), "expected a string, got " + describe(item));
      }
    }
    return List.copyOf(values);
  }

  private static String text(JsonNode node, String key) {
    JsonNode value = node.get(key);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static String describe(JsonNode node) {
    return node.getNodeType().name().toLowerCase(Locale.ROOT) + " " + node;
  }

  private void error(ConfigPath path, String message) {
    errors.add(new ConfigError(document.locate(path), path, null, message));
  }
}
