package dev.gatehouse.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.Condition;
import dev.gatehouse.api.Outcome;
import dev.gatehouse.api.Policy;
import dev.gatehouse.api.PolicyContext;
import dev.gatehouse.api.PolicyFactory;
import dev.gatehouse.api.Response;
import dev.gatehouse.api.ResponseHook;
import dev.gatehouse.api.ServiceEndpoint;
import dev.gatehouse.api.template.TemplateService;
import dev.gatehouse.core.config.ConfigBinding;
import dev.gatehouse.core.config.ConfigDocument;
import dev.gatehouse.core.config.ConfigError;
import dev.gatehouse.core.config.ConfigPath;
import dev.gatehouse.core.config.JsonSchemas;
import dev.gatehouse.core.config.SchemaValidator;
import dev.gatehouse.core.config.YamlReader;
import dev.gatehouse.core.template.CelTemplateService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one policy against requests, with the action validated and bound exactly as the gateway does
 * it. Each run happens on a Vert.x event loop, so a policy that blocks is caught by Vert.x's
 * blocked-thread checker.
 *
 * <pre>{@code
 * try (PolicyHarness harness = PolicyHarness.of(new StampPolicyFactory()).withAction("value: blue")) {
 *   TestRun run = harness.run(TestRequest.get("/orders"));
 *   assertThat(run.outcome().proceeds()).isTrue();
 *   assertThat(run.exchange().headers().get("x-stamp")).isEqualTo("blue");
 *   assertThat(run.respond(Response.of(200)).headers().get("x-stamp")).isEqualTo("blue");
 * }
 * }</pre>
 */
public final class PolicyHarness implements AutoCloseable {

  private final PolicyFactory<?> factory;
  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  private final MeterRegistry meters = new SimpleMeterRegistry();
  private final Map<String, ServiceEndpoint> serviceEndpoints = new HashMap<>();
  private final Map<Class<?>, Object> services = new HashMap<>();
  private JsonObject settings = new JsonObject();
  private Path configDirectory = Path.of(".").toAbsolutePath();
  private Policy policy;

  private PolicyHarness(PolicyFactory<?> factory) {
    this.factory = factory;
    // Offered by every gateway, so offered here too.
    services.put(TemplateService.class, new CelTemplateService());
  }

  /** A harness for {@code factory}; call {@link #withAction(String)} before running. */
  public static PolicyHarness of(PolicyFactory<?> factory) {
    return new PolicyHarness(factory);
  }

  /** Plugin settings the policy sees, as if from {@code system.config.yml}. */
  public PolicyHarness withSettings(JsonObject settings) {
    this.settings = settings.copy();
    return this;
  }

  /** The directory relative file names in the action resolve against. */
  public PolicyHarness withConfigDirectory(Path directory) {
    this.configDirectory = directory;
    return this;
  }

  /** A service endpoint the policy may look up. */
  public PolicyHarness withServiceEndpoint(ServiceEndpoint endpoint) {
    serviceEndpoints.put(endpoint.name(), endpoint);
    return this;
  }

  /** A service the policy may look up with {@link PolicyContext#service(Class)}. */
  public <T> PolicyHarness withService(Class<T> type, T service) {
    services.put(type, type.cast(service));
    return this;
  }

  /**
   * Compiles the policy from an action written in YAML (or JSON), as it would appear under {@code
   * action:} in {@code gateway.config.yml}.
   *
   * @throws InvalidActionException when the action fails the policy's schema, binding or checks
   */
  public PolicyHarness withAction(String yaml) {
    ConfigDocument document;
    try {
      document = YamlReader.read("action.yml", yaml);
    } catch (dev.gatehouse.core.config.ConfigException e) {
      throw new InvalidActionException(messages(e.errors()));
    }
    ObjectNode action = document.root();
    SchemaValidator validator =
        new JsonSchemas()
            .compile("policy " + factory.name(), ConfigBinding.toTree(factory.actionSchema()));
    List<ConfigError> errors = validator.validate(document, ConfigPath.root(), action);
    if (!errors.isEmpty()) {
      throw new InvalidActionException(messages(errors));
    }
    try {
      Object config = ConfigBinding.bind(action, factory.configType());
      policy = create(factory, config, new HarnessContext());
    } catch (ConfigBinding.BindingException e) {
      throw new InvalidActionException(List.of(e.path() + ": " + e.getMessage()));
    } catch (dev.gatehouse.api.PolicyConfigException e) {
      throw new InvalidActionException(List.of(e.path() + ": " + e.getMessage()));
    }
    return this;
  }

  /** Runs the policy against {@code request} and waits (at most 10 seconds) for its outcome. */
  public TestRun run(TestRequest request) {
    if (policy == null) {
      throw new IllegalStateException("call withAction(...) first");
    }
    TestExchange exchange = new TestExchange(request);
    Outcome outcome = await(onEventLoop(() -> policy.apply(exchange)));
    return new TestRun(exchange, outcome);
  }

  /** The meters the policy registered. */
  public MeterRegistry meterRegistry() {
    return meters;
  }

  /** The Vert.x instance policies run on. */
  public Vertx vertx() {
    return vertx;
  }

  @Override
  public void close() {
    await(vertx.close());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Policy create(PolicyFactory factory, Object config, PolicyContext context) {
    return factory.create(config, context);
  }

  /** Runs {@code work} on the harness's event loop, as the gateway runs policies. */
  private <T> Future<T> onEventLoop(Supplier<Future<T>> work) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(
        v -> {
          try {
            work.get().onComplete(promise);
          } catch (RuntimeException e) {
            promise.fail(e);
          }
        });
    return promise.future();
  }

  static <T> T await(Future<T> future) {
    CompletableFuture<T> result = future.toCompletionStage().toCompletableFuture();
    try {
      return result.get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    } catch (Exception e) {
      throw new IllegalStateException("the policy did not complete: " + e, e);
    }
  }

  private static List<String> messages(List<ConfigError> errors) {
    return errors.stream().map(ConfigError::format).toList();
  }

  /** The outcome of one run, and the exchange as the policy left it. */
  public final class TestRun {
    private final TestExchange exchange;
    private final Outcome outcome;

    TestRun(TestExchange exchange, Outcome outcome) {
      this.exchange = exchange;
      this.outcome = outcome;
    }

    public Outcome outcome() {
      return outcome;
    }

    public TestExchange exchange() {
      return exchange;
    }

    /**
     * Runs the response hooks the policy registered over {@code upstream} (reverse order, as the
     * gateway does) and returns what the client would receive.
     */
    public Response respond(Response upstream) {
      List<ResponseHook> hooks = exchange.hooks();
      return await(
          onEventLoop(
              () -> {
                Future<Response> result = Future.succeededFuture(upstream);
                for (int i = hooks.size() - 1; i >= 0; i--) {
                  result = result.compose(hooks.get(i)::apply);
                }
                return result;
              }));
    }
  }

  private final class HarnessContext implements PolicyContext {
    private final Logger logger = LoggerFactory.getLogger("gatehouse.policy." + factory.name());

    @Override
    public Vertx vertx() {
      return vertx;
    }

    @Override
    public MeterRegistry meterRegistry() {
      return meters;
    }

    @Override
    public Logger logger() {
      return logger;
    }

    @Override
    public String pipelineName() {
      return "test-pipeline";
    }

    @Override
    public String policyName() {
      return factory.name();
    }

    @Override
    public JsonObject pluginSettings() {
      return settings.copy();
    }

    @Override
    public Path configDirectory() {
      return configDirectory;
    }

    @Override
    public Optional<ServiceEndpoint> serviceEndpoint(String name) {
      return Optional.ofNullable(serviceEndpoints.get(name));
    }

    @Override
    public Condition condition(JsonObject spec, String path) {
      throw new UnsupportedOperationException(
          "nested conditions are compiled by the gateway; test them through a pipeline");
    }

    @Override
    public <T> Optional<T> service(Class<T> type) {
      return Optional.ofNullable(type.cast(services.get(type)));
    }

    /** The policy under test is enabled, as it must be in a configuration that uses it. */
    @Override
    public Set<String> enabledPolicies() {
      return Set.of(factory.name());
    }
  }
}
