package dev.gatehouse.core.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.ApiEndpoint;
import dev.gatehouse.api.Condition;
import dev.gatehouse.api.ConditionFactory;
import dev.gatehouse.api.Policy;
import dev.gatehouse.api.PolicyConfigException;
import dev.gatehouse.api.PolicyContext;
import dev.gatehouse.api.PolicyFactory;
import dev.gatehouse.api.RouteContributor;
import dev.gatehouse.api.RouteHandler;
import dev.gatehouse.api.Routes;
import dev.gatehouse.api.ServiceEndpoint;
import dev.gatehouse.core.config.ConfigBinding;
import dev.gatehouse.core.config.ConfigDocument;
import dev.gatehouse.core.config.ConfigError;
import dev.gatehouse.core.config.ConfigException;
import dev.gatehouse.core.config.ConfigPath;
import dev.gatehouse.core.config.GatewayConfig;
import dev.gatehouse.core.config.GatewayConfig.ApiEndpointEntry;
import dev.gatehouse.core.config.GatewayConfig.PipelineEntry;
import dev.gatehouse.core.config.GatewayConfig.PolicyEntry;
import dev.gatehouse.core.config.GatewayConfig.StepEntry;
import dev.gatehouse.core.config.JsonSchemas;
import dev.gatehouse.core.config.SchemaValidator;
import dev.gatehouse.core.config.SystemConfig;
import dev.gatehouse.core.metrics.GatewayMetrics;
import dev.gatehouse.core.metrics.RouteMeters;
import dev.gatehouse.core.plugin.ExtensionRegistry;
import dev.gatehouse.core.plugin.PluginSettings;
import dev.gatehouse.core.plugin.Registered;
import dev.gatehouse.core.routing.HostPattern;
import dev.gatehouse.core.routing.PathPattern;
import dev.gatehouse.core.routing.RouteTable;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles a {@link GatewayConfig} into a {@link CompiledGateway}: checks the policy whitelist,
 * validates and binds every action and condition against its extension's schema, asks each factory
 * for its policy or condition, and builds the route tables. Every error is collected with its file,
 * line, path and Express Gateway code before the compilation is refused.
 */
public final class GatewayCompiler {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayCompiler.class);

  /** A pipeline policy missing from the {@code policies} whitelist. */
  public static final String POLICY_NOT_DECLARED = "POLICY_NOT_DECLARED";

  /** A pipeline policy no built-in or plugin provides. */
  public static final String POLICY_NOT_FOUND = "POLICY_NOT_FOUND";

  /** A step's action fails its policy's schema or the policy refused it. */
  public static final String POLICY_PARAMS_VALIDATION_FAILED = "POLICY_PARAMS_VALIDATION_FAILED";

  /** A condition name no built-in or plugin provides. */
  public static final String CONDITION_NOT_FOUND = "CONDITION_NOT_FOUND";

  /** A condition's parameters fail its schema or the condition refused them. */
  public static final String CONDITION_PARAMS_VALIDATION_FAILED =
      "CONDITION_PARAMS_VALIDATION_FAILED";

  private final ExtensionRegistry registry;
  private final Map<String, JsonObject> pluginSettings;
  private final Vertx vertx;
  private final GatewayMetrics metrics;
  private final Path configDirectory;
  private final Services services;
  private final JsonSchemas schemaRegistry = new JsonSchemas();
  private final Map<Object, SchemaValidator> schemas = new ConcurrentHashMap<>();

  private GatewayCompiler(
      ExtensionRegistry registry,
      Map<String, JsonObject> pluginSettings,
      Vertx vertx,
      GatewayMetrics metrics,
      Path configDirectory,
      Services services) {
    this.registry = registry;
    this.pluginSettings = pluginSettings;
    this.vertx = vertx;
    this.metrics = metrics;
    this.configDirectory = configDirectory;
    this.services = services;
  }

  /**
   * A compiler for the loaded extensions; validates each plugin's settings of {@code system}
   * against the plugin's settings schema. Compiled configurations bind their meters in {@code
   * metrics} ({@link GatewayMetrics#disabled()} for none).
   *
   * @throws ConfigException when plugin settings are invalid
   */
  public static GatewayCompiler create(
      ExtensionRegistry registry,
      SystemConfig system,
      Vertx vertx,
      GatewayMetrics metrics,
      Path configDirectory,
      Services services)
      throws ConfigException {
    Map<String, JsonObject> settings = PluginSettings.validate(registry, system);
    return new GatewayCompiler(registry, settings, vertx, metrics, configDirectory, services);
  }

  /**
   * Compiles {@code config}.
   *
   * @throws ConfigException with every error found
   */
  public CompiledGateway compile(GatewayConfig config) throws ConfigException {
    return new Compilation(config).run();
  }

  /** The state of one compilation: the configuration and the errors found so far. */
  private final class Compilation {
    private final GatewayConfig config;
    private final ConfigDocument document;
    private final List<ConfigError> errors = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Map<String, ServiceEndpoint> serviceEndpoints = new LinkedHashMap<>();
    private final Map<String, RouteMeters> routeMeters = new HashMap<>();

    Compilation(GatewayConfig config) {
      this.config = config;
      this.document = config.document();
      config
          .serviceEndpoints()
          .forEach(
              (name, entry) ->
                  serviceEndpoints.put(
                      name,
                      ServiceEndpoint.of(
                          name, entry.urls(), ConfigBinding.toJsonObject(entry.proxyOptions()))));
    }

    CompiledGateway run() throws ConfigException {
      warnUnknownWhitelisted();
      List<Pipeline> pipelines = new ArrayList<>();
      Map<String, Pipeline> byEndpoint = new HashMap<>();
      Set<String> endpointNames = new HashSet<>();
      config.apiEndpoints().forEach(e -> endpointNames.add(e.name()));
      for (PipelineEntry entry : config.pipelines()) {
        Pipeline pipeline = pipeline(entry);
        pipelines.add(pipeline);
        bindEndpoints(entry, pipeline, endpointNames, byEndpoint);
      }
      RouteTable<EndpointTarget> endpoints = endpointRoutes(byEndpoint);
      RouteCollector routes = contributedRoutes();
      TrustedProxies trustedProxies = trustedProxies();
      if (!errors.isEmpty()) {
        closeAll();
        throw new ConfigException(errors);
      }
      return new CompiledGateway(
          config,
          endpoints,
          routes.gateway(),
          routes.admin(),
          List.copyOf(pipelines),
          trustedProxies,
          List.copyOf(closeables));
    }

    /** A refused configuration must not leak what its policies already opened. */
    private void closeAll() {
      for (AutoCloseable closeable : closeables) {
        try {
          closeable.close();
        } catch (Exception e) {
          LOG.warn("policy_close_failed policy={} error={}", closeable, e.toString());
        }
      }
    }

    private TrustedProxies trustedProxies() {
      List<String> entries =
          config.http().map(GatewayConfig.HttpListener::trustedProxies).orElse(List.of());
      ConfigPath at = ConfigPath.root().child("http").child("trustedProxies");
      for (int i = 0; i < entries.size(); i++) {
        try {
          TrustedProxies.of(List.of(entries.get(i)));
        } catch (IllegalArgumentException e) {
          error(entries.size() == 1 ? at : at.index(i), null, e.getMessage());
        }
      }
      try {
        return TrustedProxies.of(entries);
      } catch (IllegalArgumentException e) {
        return TrustedProxies.none();
      }
    }

    private void warnUnknownWhitelisted() {
      for (String name : config.policies()) {
        if (registry.policy(name).isEmpty()) {
          LOG.warn(
              "config_warning policy={} whitelisted in 'policies' but no built-in or plugin"
                  + " provides it; a pipeline using it will be refused",
              name);
        }
      }
    }

    private void bindEndpoints(
        PipelineEntry entry,
        Pipeline pipeline,
        Set<String> endpointNames,
        Map<String, Pipeline> byEndpoint) {
      for (String endpoint : entry.apiEndpoints()) {
        if (!endpointNames.contains(endpoint)) {
          LOG.warn(
              "config_warning pipeline={} serves apiEndpoint={} which is not defined; ignored",
              entry.name(),
              endpoint);
          continue;
        }
        Pipeline previous = byEndpoint.put(endpoint, pipeline);
        if (previous != null && previous != pipeline) {
          LOG.warn(
              "config_warning apiEndpoint={} is listed by pipelines {} and {}; the last one"
                  + " serves it, as in Express Gateway",
              endpoint,
              previous.name(),
              pipeline.name());
        }
      }
    }

    private Pipeline pipeline(PipelineEntry entry) {
      List<Step> steps = new ArrayList<>();
      for (PolicyEntry use : entry.policies()) {
        Optional<Registered<PolicyFactory<?>>> factory = policyFactory(use);
        if (factory.isEmpty()) {
          continue;
        }
        for (StepEntry step : use.steps()) {
          Condition condition =
              step.condition() == null
                  ? null
                  : condition(step.condition(), step.path().child("condition"), entry.name());
          Policy policy = policy(factory.get(), step, entry.name());
          if (policy != null) {
            steps.add(
                new Step(
                    use.policy(),
                    steps.size(),
                    condition,
                    policy,
                    metrics.step(entry.name(), use.policy())));
          }
        }
      }
      return new Pipeline(entry.name(), steps);
    }

    private Optional<Registered<PolicyFactory<?>>> policyFactory(PolicyEntry use) {
      if (!config.policies().contains(use.policy())) {
        error(
            use.path(),
            POLICY_NOT_DECLARED,
            "policy '" + use.policy() + "' is used but not declared in the 'policies' list");
        return Optional.empty();
      }
      Optional<Registered<PolicyFactory<?>>> factory = registry.policy(use.policy());
      if (factory.isEmpty()) {
        error(
            use.path(),
            POLICY_NOT_FOUND,
            "no built-in or plugin provides policy '"
                + use.policy()
                + "'; known policies: "
                + names(registry.policies()));
      }
      return factory;
    }

    private Policy policy(Registered<PolicyFactory<?>> factory, StepEntry step, String pipeline) {
      PolicyFactory<?> extension = factory.extension();
      ConfigPath at = step.path().child("action");
      CompileContext context = context(pipeline, factory.name(), factory.pluginId(), at);
      return build(
          extension,
          extension.actionSchema(),
          extension.configType(),
          step.action(),
          at,
          POLICY_PARAMS_VALIDATION_FAILED,
          (config, ctx) -> createPolicy(extension, config, ctx),
          context);
    }

    private Condition condition(ObjectNode spec, ConfigPath path, String pipeline) {
      JsonNode name = spec.get("name");
      if (name == null || !name.isTextual() || name.asText().isEmpty()) {
        error(path, CONDITION_PARAMS_VALIDATION_FAILED, "a condition needs a 'name'");
        return null;
      }
      Optional<Registered<ConditionFactory<?>>> found = registry.condition(name.asText());
      if (found.isEmpty()) {
        error(
            path.child("name"),
            CONDITION_NOT_FOUND,
            "no built-in or plugin provides condition '"
                + name.asText()
                + "'; known conditions: "
                + names(registry.conditions()));
        return null;
      }
      ConditionFactory<?> factory = found.get().extension();
      ObjectNode params = spec.deepCopy();
      params.remove("name");
      return build(
          factory,
          factory.paramsSchema(),
          factory.configType(),
          params,
          path,
          CONDITION_PARAMS_VALIDATION_FAILED,
          (config, ctx) -> createCondition(factory, config, ctx),
          context(pipeline, found.get().name(), found.get().pluginId(), path));
    }

    /**
     * Validates {@code node} against the extension's schema, binds it and creates the runtime
     * object; on any failure records an error under {@code code} and returns null.
     */
    private <T> T build(
        Object extension,
        JsonObject schema,
        Class<?> type,
        ObjectNode node,
        ConfigPath path,
        String code,
        BiFunction<Object, PolicyContext, T> create,
        CompileContext context) {
      SchemaValidator validator;
      try {
        validator =
            schemas.computeIfAbsent(
                extension,
                e -> schemaRegistry.compile(e.getClass().getName(), ConfigBinding.toTree(schema)));
      } catch (IllegalArgumentException e) {
        error(path, code, "the extension's schema is invalid: " + e.getMessage());
        return null;
      }
      ObjectNode instance = node.deepCopy();
      List<ConfigError> invalid = validator.validate(document, path, instance);
      if (!invalid.isEmpty()) {
        invalid.forEach(e -> errors.add(e.withCode(code)));
        return null;
      }
      Object bound;
      try {
        bound = ConfigBinding.bind(instance, type);
      } catch (ConfigBinding.BindingException e) {
        error(path.resolve(e.path()), code, e.getMessage());
        return null;
      }
      try {
        T created = create.apply(bound, context);
        if (created instanceof AutoCloseable closeable) {
          closeables.add(closeable);
        }
        return created;
      } catch (AlreadyReported e) {
        return null;
      } catch (PolicyConfigException e) {
        error(path.resolve(ConfigPath.parse(e.path())), code, e.getMessage());
        return null;
      } catch (RuntimeException e) {
        LOG.error("extension_failed path={} error={}", path, e.toString(), e);
        error(path, code, "the extension failed to compile this step: " + e);
        return null;
      }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Policy createPolicy(PolicyFactory factory, Object config, PolicyContext context) {
      return factory.create(config, context);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Condition createCondition(
        ConditionFactory factory, Object config, PolicyContext context) {
      return factory.create(config, context);
    }

    /** The context of the extension compiling the object at {@code at}. */
    private CompileContext context(String pipeline, String name, String pluginId, ConfigPath at) {
      return new CompileContext(
          vertx,
          () -> metrics.view(pipeline, metricsName(pipeline, name, pluginId)),
          pipeline,
          name,
          at.toString(),
          pluginId == null
              ? new JsonObject()
              : pluginSettings.getOrDefault(pluginId, new JsonObject()),
          configDirectory,
          n -> Optional.ofNullable(serviceEndpoints.get(n)),
          (spec, relative) ->
              nestedCondition(spec, at.resolve(ConfigPath.parse(relative)), pipeline),
          services,
          new HashSet<>(config.policies()));
    }

    /**
     * The {@code policy} label of an extension's meters: its name inside pipelines; outside them (a
     * route contributor, named by its class) the id of its plugin.
     */
    private static String metricsName(String pipeline, String name, String pluginId) {
      if (!pipeline.isEmpty()) {
        return name;
      }
      return pluginId != null ? pluginId : name.substring(name.lastIndexOf('.') + 1);
    }

    /** Compiles a condition nested in another; its errors are reported under its own path. */
    private Condition nestedCondition(JsonObject spec, ConfigPath path, String pipeline) {
      Condition condition = condition((ObjectNode) ConfigBinding.toTree(spec), path, pipeline);
      if (condition == null) {
        throw new AlreadyReported();
      }
      return condition;
    }

    private RouteTable<EndpointTarget> endpointRoutes(Map<String, Pipeline> byEndpoint) {
      RouteTable.Builder<EndpointTarget> table = RouteTable.builder();
      for (ApiEndpointEntry entry : config.apiEndpoints()) {
        ApiEndpoint endpoint =
            ApiEndpoint.of(
                entry.name(), entry.scopes(), ConfigBinding.toJsonObject(entry.definition()));
        Pipeline pipeline = byEndpoint.get(entry.name());
        HostPattern host;
        try {
          host =
              entry.hostRegex() != null
                  ? HostPattern.regex(entry.hostRegex())
                  : entry.host() == null ? HostPattern.any() : HostPattern.glob(entry.host());
        } catch (IllegalArgumentException e) {
          error(
              entry.path().child(entry.hostRegex() != null ? "hostRegex" : "host"),
              null,
              e.getMessage());
          continue;
        }
        Set<String> methods = Set.copyOf(entry.methods());
        RouteMeters meters =
            routeMeters.computeIfAbsent(
                entry.name(),
                name ->
                    metrics.route(name, pipeline == null ? GatewayMetrics.NONE : pipeline.name()));
        if (entry.pathRegex() != null) {
          addRoute(
              table,
              host,
              entry.pathRegex(),
              true,
              methods,
              new EndpointTarget(endpoint, pipeline, null, meters),
              entry.path());
          continue;
        }
        for (String path : entry.paths()) {
          addRoute(
              table,
              host,
              path,
              false,
              methods,
              new EndpointTarget(endpoint, pipeline, path, meters),
              entry.path());
        }
      }
      return table.build();
    }

    private void addRoute(
        RouteTable.Builder<EndpointTarget> table,
        HostPattern host,
        String pattern,
        boolean regex,
        Set<String> methods,
        EndpointTarget target,
        ConfigPath at) {
      try {
        PathPattern path = regex ? PathPattern.regex(pattern) : PathPattern.express(pattern);
        table.add(host, path, methods, target);
      } catch (IllegalArgumentException e) {
        error(at.child(regex ? "pathRegex" : "paths"), null, e.getMessage());
      }
    }

    private RouteCollector contributedRoutes() {
      RouteCollector collector = new RouteCollector(metrics);
      for (Registered<RouteContributor> contributor : registry.routeContributors()) {
        try {
          contributor
              .extension()
              .contribute(
                  collector,
                  context("", contributor.name(), contributor.pluginId(), ConfigPath.root()));
        } catch (RuntimeException e) {
          error(
              ConfigPath.root(),
              null,
              contributor.origin() + ": route contributor " + contributor.name() + " failed: " + e);
        }
      }
      return collector;
    }

    private void error(ConfigPath path, String code, String message) {
      errors.add(new ConfigError(document.locate(path), path, code, message));
    }
  }

  private static String names(java.util.Collection<? extends Registered<?>> registered) {
    return registered.stream().map(Registered::name).sorted().toList().toString();
  }

  /** Thrown by a nested condition whose errors were already recorded. */
  private static final class AlreadyReported extends PolicyConfigException {
    private static final long serialVersionUID = 1L;

    AlreadyReported() {
      super("", "reported");
    }
  }

  /** Collects the routes contributors register. */
  private static final class RouteCollector implements Routes {
    private final RouteTable.Builder<ContributedRoute> gateway = RouteTable.builder();
    private final RouteTable.Builder<ContributedRoute> admin = RouteTable.builder();
    private final GatewayMetrics metrics;

    RouteCollector(GatewayMetrics metrics) {
      this.metrics = metrics;
    }

    @Override
    public Routes gateway(HttpMethod method, String path, RouteHandler handler) {
      add(gateway, method, path, handler);
      return this;
    }

    @Override
    public Routes admin(HttpMethod method, String path, RouteHandler handler) {
      add(admin, method, path, handler);
      return this;
    }

    private void add(
        RouteTable.Builder<ContributedRoute> table,
        HttpMethod method,
        String path,
        RouteHandler handler) {
      String name = "route:" + method.name() + " " + path;
      ApiEndpoint endpoint = ApiEndpoint.of(name, List.of(), new JsonObject());
      table.add(
          HostPattern.any(),
          PathPattern.express(path),
          Set.of(method.name()),
          new ContributedRoute(endpoint, handler, metrics.route(name, GatewayMetrics.NONE)));
    }

    RouteTable<ContributedRoute> gateway() {
      return gateway.build();
    }

    RouteTable<ContributedRoute> admin() {
      return admin.build();
    }
  }
}
