package dev.gatehouse.core;

import dev.gatehouse.api.identity.IdentityService;
import dev.gatehouse.api.oauth2.LocalIssuer;
import dev.gatehouse.api.oauth2.OAuth2Store;
import dev.gatehouse.api.store.ScriptStore;
import dev.gatehouse.api.template.TemplateService;
import dev.gatehouse.core.admin.AdminApi;
import dev.gatehouse.core.admin.AdminServer;
import dev.gatehouse.core.admin.ConfigWriter;
import dev.gatehouse.core.config.ConfigException;
import dev.gatehouse.core.config.ConfigFiles;
import dev.gatehouse.core.config.ConfigLoader;
import dev.gatehouse.core.config.Environment;
import dev.gatehouse.core.config.GatewayConfig;
import dev.gatehouse.core.config.SystemConfig;
import dev.gatehouse.core.identity.Identity;
import dev.gatehouse.core.identity.IdentityManager;
import dev.gatehouse.core.metrics.GatewayMetrics;
import dev.gatehouse.core.pipeline.CompiledGateway;
import dev.gatehouse.core.pipeline.GatewayCompiler;
import dev.gatehouse.core.pipeline.Pipeline;
import dev.gatehouse.core.pipeline.Services;
import dev.gatehouse.core.plugin.ExtensionRegistry;
import dev.gatehouse.core.plugin.LoadedPlugin;
import dev.gatehouse.core.plugin.PluginLoadException;
import dev.gatehouse.core.plugin.PluginLoader;
import dev.gatehouse.core.proxy.UpstreamClients;
import dev.gatehouse.core.reload.ConfigReloader;
import dev.gatehouse.core.reload.Retirement;
import dev.gatehouse.core.scripts.RedisScriptStore;
import dev.gatehouse.core.server.GatewayHandler;
import dev.gatehouse.core.server.GatewayVerticle;
import dev.gatehouse.core.server.ListenerOptions;
import dev.gatehouse.core.server.tls.ServerTls;
import dev.gatehouse.core.template.CelTemplateService;
import io.netty.handler.ssl.util.BouncyCastleUtil;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Handler;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: configuration, plugins, Vert.x and its listeners. {@link #start(Options)}
 * returns once every listener is bound; {@link #close()} stops them and releases everything.
 *
 * <pre>{@code
 * try (Gatehouse gateway = Gatehouse.start(Gatehouse.Options.of(Path.of("config")))) {
 *   System.out.println("listening on " + gateway.httpPort());
 * }
 * }</pre>
 */
public final class Gatehouse implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Gatehouse.class);

  /**
   * How to start.
   *
   * @param config the configuration directory
   * @param env the environment for {@code ${VAR}} substitution
   * @param pluginFolders folders whose jars are loaded as plugins
   */
  public record Options(ConfigFiles config, Map<String, String> env, List<Path> pluginFolders) {

    /** The given directory, the process environment, no plugin folder. */
    public static Options of(Path configDirectory) {
      return new Options(new ConfigFiles(configDirectory), System.getenv(), List.of());
    }

    public Options withPluginFolders(List<Path> folders) {
      return new Options(config, env, List.copyOf(folders));
    }

    public Options withEnv(Map<String, String> env) {
      return new Options(config, Map.copyOf(env), pluginFolders);
    }
  }

  /** How long requests may still run on a replaced configuration before it is released. */
  private static final long RETIREMENT_GRACE_MILLIS =
      Long.getLong("gatehouse.retirementGraceMillis", 60_000);

  private final Vertx vertx;
  private final PluginLoader plugins;
  private final UpstreamClients upstreams;
  private final AtomicReference<CompiledGateway> current;
  private final ConfigReloader reloader;
  private final long drainMillis;
  private final int httpPort;
  private final int httpsPort;
  private final int adminPort;
  private final Identity identity;
  private final Telemetry telemetry;
  private final int metricsPort;
  private final RedisScriptStore scripts;

  private Gatehouse(
      Vertx vertx,
      PluginLoader plugins,
      UpstreamClients upstreams,
      AtomicReference<CompiledGateway> current,
      ConfigReloader reloader,
      long drainMillis,
      int httpPort,
      int httpsPort,
      int adminPort,
      Identity identity,
      Telemetry telemetry,
      int metricsPort,
      RedisScriptStore scripts) {
    this.vertx = vertx;
    this.plugins = plugins;
    this.upstreams = upstreams;
    this.current = current;
    this.reloader = reloader;
    this.drainMillis = drainMillis;
    this.httpPort = httpPort;
    this.httpsPort = httpsPort;
    this.adminPort = adminPort;
    this.identity = identity;
    this.telemetry = telemetry;
    this.metricsPort = metricsPort;
    this.scripts = scripts;
  }

  /**
   * Loads the configuration and plugins, compiles the pipelines and binds the listeners. Blocks the
   * calling thread (never an event loop) until the gateway serves or has failed.
   */
  public static Gatehouse start(Options options) throws StartupException {
    long started = System.nanoTime();
    ConfigLoader loader = new ConfigLoader(options.config(), options.env());
    SystemConfig system;
    GatewayConfig config;
    ServerTls tls;
    try {
      system = loader.loadSystem();
      config = loader.loadGateway();
      tls = loadTls(config, options.config());
    } catch (ConfigException e) {
      throw new StartupException("invalid configuration:\n" + e.getMessage(), e);
    }
    PluginLoader plugins = new PluginLoader();
    ExtensionRegistry registry;
    try {
      registry = plugins.load(options.pluginFolders());
    } catch (PluginLoadException e) {
      throw new StartupException(e.getMessage(), e);
    }
    loadTlsProvidersNow();
    Vertx vertx = Vertx.vertx(vertxOptions(system.eventLoops()));
    UpstreamClients upstreams = new UpstreamClients(vertx);
    Identity identity = null;
    Telemetry telemetry = null;
    RedisScriptStore scripts = null;
    try {
      telemetry = Telemetry.start(system, registry);
      identity = Identity.start(vertx, system, options.config().directory());
      scripts =
          await(RedisScriptStore.open(vertx, system, options.config().directory())).orElse(null);
      Map<Class<?>, Object> offered =
          new HashMap<>(
              Map.of(
                  UpstreamClients.class,
                  upstreams,
                  Environment.class,
                  new Environment(options.env()),
                  IdentityService.class,
                  identity.service(),
                  IdentityManager.class,
                  identity.manager(),
                  GatewayMetrics.class,
                  telemetry.metrics(),
                  TemplateService.class,
                  new CelTemplateService(),
                  OAuth2Store.class,
                  identity.oauth2(),
                  LocalIssuer.class,
                  identity.oauth2()));
      if (scripts != null) {
        scripts.connectAhead();
        offered.put(ScriptStore.class, scripts);
      }
      Services services = Services.of(offered);
      GatewayCompiler compiler =
          GatewayCompiler.create(
              registry, system, vertx, telemetry.metrics(), options.config().directory(), services);
      AtomicReference<CompiledGateway> current = new AtomicReference<>(compiler.compile(config));
      Identity store = identity;
      telemetry.watch(
          vertx,
          current::get,
          () -> store.store().ping(),
          system.db().store(),
          RETIREMENT_GRACE_MILLIS);
      GatewayHandler handler = new GatewayHandler(current::get, telemetry.observability());
      int http = listenHttp(vertx, config, handler, system, telemetry.metrics());
      int https = listenHttps(vertx, config, tls, handler, system, telemetry.metrics());
      ConfigReloader reloader =
          new ConfigReloader(
              loader, compiler, current, new Retirement(vertx, RETIREMENT_GRACE_MILLIS), telemetry);
      int admin =
          listenAdmin(
              vertx,
              options,
              config,
              registry,
              current,
              compiler,
              reloader,
              Optional.of(identity.manager()),
              telemetry);
      int metricsPort = await(telemetry.listen());
      telemetry.serving(true);
      watchUnlessDisabled(reloader, options.env());
      Gatehouse gatehouse =
          new Gatehouse(
              vertx,
              plugins,
              upstreams,
              current,
              reloader,
              system.shutdownTimeoutMillis(),
              http,
              https,
              admin,
              identity,
              telemetry,
              metricsPort,
              scripts);
      gatehouse.logStarted(registry, system, started);
      return gatehouse;
    } catch (ConfigException e) {
      shutdown(vertx, upstreams, plugins, 0, identity, scripts);
      closeTelemetry(telemetry);
      throw new StartupException("invalid configuration:\n" + e.getMessage(), e);
    } catch (RuntimeException e) {
      shutdown(vertx, upstreams, plugins, 0, identity, scripts);
      closeTelemetry(telemetry);
      throw new StartupException("cannot start: " + rootMessage(e), e);
    }
  }

  /** EG's switch: any non-empty {@code EG_DISABLE_CONFIG_WATCH} (even "false") turns it off. */
  private static void watchUnlessDisabled(ConfigReloader reloader, Map<String, String> env) {
    String disabled = env.get("EG_DISABLE_CONFIG_WATCH");
    if (disabled != null && !disabled.isEmpty()) {
      LOG.info("config_watch_disabled by=EG_DISABLE_CONFIG_WATCH");
      return;
    }
    try {
      reloader.watch();
    } catch (IOException e) {
      LOG.warn("config_watch_unavailable error={} (reload needs a restart)", e.toString());
    }
  }

  /**
   * Netty looks for BouncyCastle when it builds its first TLS engine and, finding bcprov (the
   * gateway's bcrypt), constructs its provider: up to a second, which must not happen on an event
   * loop serving requests. Done here, at start, once.
   */
  private static void loadTlsProvidersNow() {
    BouncyCastleUtil.isBcTlsAvailable();
  }

  private static VertxOptions vertxOptions(int eventLoops) {
    return new VertxOptions()
        .setEventLoopPoolSize(eventLoops)
        .setMaxEventLoopExecuteTime(Long.getLong("gatehouse.maxEventLoopMillis", 2000))
        .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
        .setBlockedThreadCheckInterval(Long.getLong("gatehouse.blockedThreadCheckMillis", 1000))
        .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
        .setPreferNativeTransport(true);
  }

  /**
   * The {@code https} listener's TLS material, read now so that a bad file stops the start with its
   * line; null without an {@code https} section or without certificates in it.
   */
  static ServerTls loadTls(GatewayConfig config, ConfigFiles files) throws ConfigException {
    if (config.https().isEmpty()) {
      return null;
    }
    GatewayConfig.HttpsListener https = config.https().get();
    if (https.certificates().isEmpty()) {
      LOG.warn(
          "config_warning https has no tls certificates, so no https listener is started (as in"
              + " Express Gateway)");
      return null;
    }
    return ServerTls.load(https, files.directory(), config.document());
  }

  private static int listenHttp(
      Vertx vertx,
      GatewayConfig config,
      GatewayHandler handler,
      SystemConfig system,
      GatewayMetrics metrics) {
    if (config.http().isEmpty()) {
      return -1;
    }
    GatewayConfig.HttpListener http = config.http().get();
    // Port 0 ("any free port") is asked as a negative port, Vert.x's way to share one random port
    // among the instances of a listener; each listener has its own negative number.
    int bindPort = http.port() == 0 ? -1 : http.port();
    return listen(
        vertx,
        ListenerOptions.http(http.hostname(), bindPort),
        handler,
        system,
        metrics.connections("http"));
  }

  private static int listenHttps(
      Vertx vertx,
      GatewayConfig config,
      ServerTls tls,
      GatewayHandler handler,
      SystemConfig system,
      GatewayMetrics metrics) {
    if (tls == null) {
      return -1;
    }
    GatewayConfig.HttpsListener https = config.https().get();
    int bindPort = https.port() == 0 ? -2 : https.port();
    return listen(
        vertx,
        ListenerOptions.https(https.hostname(), bindPort, tls),
        tls.checkingClientCertificates(handler),
        system,
        metrics.connections("https"));
  }

  /**
   * Deploys one listener instance per event loop on one port; Vert.x shares the bound socket among
   * them. Returns the bound port.
   */
  private static int listen(
      Vertx vertx,
      HttpServerOptions options,
      Handler<HttpServerRequest> handler,
      SystemConfig system,
      LongAdder connections) {
    List<GatewayVerticle> instances = new CopyOnWriteArrayList<>();
    await(
        vertx.deployVerticle(
            () -> {
              GatewayVerticle instance =
                  new GatewayVerticle(
                      options, handler, system.shutdownTimeoutMillis(), connections);
              instances.add(instance);
              return instance;
            },
            new DeploymentOptions()
                .setThreadingModel(ThreadingModel.EVENT_LOOP)
                .setInstances(system.eventLoops())));
    int port = instances.get(0).actualPort();
    if (instances.stream().anyMatch(i -> i.actualPort() != port)) {
      throw new IllegalStateException("the gateway listener instances bound different ports");
    }
    return port;
  }

  /**
   * Binds the admin listener with the Admin API; config writes are validated with {@code compiler}
   * and applied through {@code reloader}.
   *
   * @param identity the identity manager behind the consumer endpoints; they answer 503 without
   * @param telemetry serves {@code /metrics} and the health checks there too
   */
  private static int listenAdmin(
      Vertx vertx,
      Options options,
      GatewayConfig config,
      ExtensionRegistry registry,
      AtomicReference<CompiledGateway> current,
      GatewayCompiler compiler,
      ConfigReloader reloader,
      Optional<IdentityManager> identity,
      Telemetry telemetry) {
    if (config.admin().isEmpty()) {
      return -1;
    }
    GatewayConfig.AdminListener admin = config.admin().get();
    ConfigWriter writer =
        new ConfigWriter(vertx, options.config(), options.env(), compiler, reloader::reload);
    AdminApi api = new AdminApi(vertx, registry, current::get, writer, identity, admin.auth());
    telemetry.mount(api.router());
    HttpServer server =
        await(AdminServer.listen(vertx, admin, options.config().directory(), api.router()));
    return server.actualPort();
  }

  private void logStarted(ExtensionRegistry registry, SystemConfig system, long startedNanos) {
    CompiledGateway gateway = current.get();
    for (LoadedPlugin plugin : registry.plugins()) {
      LOG.info(
          "plugin_loaded id={} version={} jar={}", plugin.id(), plugin.version(), plugin.jar());
    }
    for (Pipeline pipeline : gateway.pipelines()) {
      LOG.info(
          "pipeline_ready name={} policies={}",
          pipeline.name(),
          pipeline.steps().stream().map(s -> s.policyName()).toList());
    }
    gateway
        .config()
        .http()
        .ifPresent(
            http ->
                LOG.info(
                    "listener_ready name=gateway address={}:{}",
                    http.hostname() == null ? "0.0.0.0" : http.hostname(),
                    httpPort));
    gateway
        .config()
        .https()
        .filter(https -> httpsPort > 0)
        .ifPresent(
            https ->
                LOG.info(
                    "listener_ready name=gateway-tls address={}:{}",
                    https.hostname() == null ? "0.0.0.0" : https.hostname(),
                    httpsPort));
    gateway
        .config()
        .admin()
        .ifPresent(
            admin -> LOG.info("listener_ready name=admin address={}:{}", admin.host(), adminPort));
    if (metricsPort > 0) {
      LOG.info("listener_ready name=metrics port={}", metricsPort);
    }
    LOG.info(
        "gatehouse_started version={} event_loops={} native_transport={} startup_ms={}",
        GatehouseVersion.get(),
        system.eventLoops(),
        vertx.isNativeTransportEnabled(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos));
  }

  /** The bound gateway port, or -1 without an {@code http} section. */
  public int httpPort() {
    return httpPort;
  }

  /** The bound HTTPS port, or -1 without an {@code https} section with certificates. */
  public int httpsPort() {
    return httpsPort;
  }

  /** The bound admin port, or -1 when the admin listener is disabled. */
  public int adminPort() {
    return adminPort;
  }

  /** The bound metrics listener's port, or -1 when none is configured. */
  public int metricsPort() {
    return metricsPort;
  }

  /** Users, applications, credentials and scopes: the store, the manager and the cached service. */
  public Identity identity() {
    return identity;
  }

  /** The configuration being served. */
  public CompiledGateway compiled() {
    return current.get();
  }

  /**
   * Reloads {@code gateway.config.yml} as the file watcher does: compiled aside, swapped in
   * atomically, or refused with the running configuration kept. Blocks; never on an event loop.
   */
  public ConfigReloader.Result reload() {
    return reloader.reload();
  }

  /**
   * Stops gracefully: the listeners stop accepting, requests in flight get up to {@code
   * shutdownTimeout} to finish, then upstream connections close and plugins unload. Blocks.
   */
  @Override
  public void close() {
    telemetry.serving(false);
    reloader.close();
    LOG.info("gatehouse_stopping drain_ms={}", drainMillis);
    shutdown(vertx, upstreams, plugins, drainMillis, identity, scripts);
    Retirement.close(current.get());
    closeTelemetry(telemetry);
    LOG.info("gatehouse_stopped");
  }

  private static void closeTelemetry(Telemetry telemetry) {
    if (telemetry != null) {
      telemetry.close();
    }
  }

  /** Closes the identity store before Vert.x, so its last commit runs on its own worker. */
  private static void closeIdentity(Identity identity) {
    if (identity == null) {
      return;
    }
    try {
      identity.close();
    } catch (RuntimeException e) {
      LOG.warn("identity_close_incomplete error={}", e.toString());
    }
  }

  private static void shutdown(
      Vertx vertx,
      UpstreamClients upstreams,
      PluginLoader plugins,
      long drainMillis,
      Identity identity,
      RedisScriptStore scripts) {
    try {
      // Listeners first, so requests still running can reach their upstreams while they drain.
      List<io.vertx.core.Future<Void>> undeployed =
          vertx.deploymentIDs().stream().map(vertx::undeploy).toList();
      await(io.vertx.core.Future.join(undeployed), drainMillis + 10_000);
      closeIdentity(identity);
      if (scripts != null) {
        scripts.close();
      }
      upstreams.close();
      await(vertx.close());
    } catch (RuntimeException e) {
      LOG.warn("shutdown_incomplete error={}", e.toString());
    } finally {
      plugins.close();
    }
  }

  private static <T> T await(io.vertx.core.Future<T> future) {
    return await(future, 30_000);
  }

  private static <T> T await(io.vertx.core.Future<T> future, long timeoutMillis) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting", e);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("timed out", e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }
}
