package dev.gatehouse.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.ApiVersion;
import dev.gatehouse.api.identity.IdentityService;
import dev.gatehouse.api.oauth2.LocalIssuer;
import dev.gatehouse.api.store.ScriptStore;
import dev.gatehouse.api.store.StoreScript;
import dev.gatehouse.api.template.TemplateService;
import dev.gatehouse.core.cli.AppsCommand;
import dev.gatehouse.core.cli.CliContext;
import dev.gatehouse.core.cli.CredentialScopesCommand;
import dev.gatehouse.core.cli.CredentialsCommand;
import dev.gatehouse.core.cli.KeysCommand;
import dev.gatehouse.core.cli.ScopesCommand;
import dev.gatehouse.core.cli.TokensCommand;
import dev.gatehouse.core.cli.UsersCommand;
import dev.gatehouse.core.config.ConfigBinding;
import dev.gatehouse.core.config.ConfigException;
import dev.gatehouse.core.config.ConfigFiles;
import dev.gatehouse.core.config.ConfigLoader;
import dev.gatehouse.core.config.Environment;
import dev.gatehouse.core.config.GatewayConfig;
import dev.gatehouse.core.config.SystemConfig;
import dev.gatehouse.core.identity.Identity;
import dev.gatehouse.core.identity.OfflineIdentityService;
import dev.gatehouse.core.identity.oauth2.OAuth2Settings;
import dev.gatehouse.core.logging.LogSetup;
import dev.gatehouse.core.metrics.GatewayMetrics;
import dev.gatehouse.core.pipeline.CompiledGateway;
import dev.gatehouse.core.pipeline.GatewayCompiler;
import dev.gatehouse.core.pipeline.Services;
import dev.gatehouse.core.plugin.ExtensionRegistry;
import dev.gatehouse.core.plugin.PluginLoadException;
import dev.gatehouse.core.plugin.PluginLoader;
import dev.gatehouse.core.proxy.UpstreamClients;
import dev.gatehouse.core.template.CelTemplateService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code gatehouse} command: {@code start}, {@code validate}, {@code version}, and the Admin
 * API commands of {@code dev.gatehouse.core.cli} ({@code users}, {@code apps}, {@code credentials},
 * {@code credential:scopes}, {@code scopes}, {@code tokens}).
 */
@Command(
    name = "gatehouse",
    description = "An API gateway for the JVM with a built-in identity server.",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    subcommands = {Main.Start.class, Main.Validate.class, Main.Version.class})
public final class Main implements Runnable {

  @Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code. */
  public static int run(String... args) {
    return commandLine(CliContext.system()).execute(args);
  }

  /** Runs the command line with its output captured, for tests. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(CliContext.system(), out, err, args);
  }

  /** Runs the command line with its input, environment and output given, for tests. */
  public static int run(CliContext context, PrintWriter out, PrintWriter err, String... args) {
    return commandLine(context).setOut(out).setErr(err).execute(args);
  }

  /**
   * Every command; the Admin API commands read standard input and the environment of {@code cli}.
   */
  private static CommandLine commandLine(CliContext cli) {
    return new CommandLine(new Main())
        .addSubcommand(new UsersCommand(cli))
        .addSubcommand(new AppsCommand(cli))
        .addSubcommand(new CredentialsCommand(cli))
        .addSubcommand(new CredentialScopesCommand(cli))
        .addSubcommand(new ScopesCommand(cli))
        .addSubcommand(new TokensCommand(cli))
        .addSubcommand(new KeysCommand(cli));
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options shared by the commands that read a configuration. */
  static final class ConfigOptions {
    @Option(
        names = "--config-dir",
        paramLabel = "DIR",
        description =
            "Configuration directory (default: $GATEHOUSE_CONFIG_DIR, else $EG_CONFIG_DIR,"
                + " else ./config).")
    String configDir;

    @Option(
        names = "--plugins-dir",
        paramLabel = "DIR",
        description =
            "An extra folder of plugin jars, besides the distribution's plugins/ (default:"
                + " $GATEHOUSE_PLUGINS_DIR).")
    List<Path> pluginDirs = new ArrayList<>();

    Gatehouse.Options options() {
      Map<String, String> env = System.getenv();
      List<Path> folders = new ArrayList<>();
      String home = System.getProperty("gatehouse.home");
      if (home != null) {
        folders.add(Path.of(home, "plugins"));
      }
      String extra = env.get("GATEHOUSE_PLUGINS_DIR");
      if (extra != null && !extra.isBlank()) {
        folders.add(Path.of(extra));
      }
      folders.addAll(pluginDirs);
      return new Gatehouse.Options(ConfigFiles.resolve(configDir, env), env, folders);
    }
  }

  /** {@code gatehouse start}: serve in the foreground until SIGTERM or SIGINT. */
  @Command(name = "start", description = "Start the gateway in the foreground.")
  static final class Start implements Callable<Integer> {
    @CommandLine.Mixin ConfigOptions config = new ConfigOptions();

    @Override
    public Integer call() throws Exception {
      LogSetup.bridge();
      Gatehouse.Options options = config.options();
      configureLogging(options);
      Gatehouse gateway;
      try {
        gateway = Gatehouse.start(options);
      } catch (StartupException e) {
        System.err.println("gatehouse: " + e.getMessage());
        return 1;
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    gateway.close();
                    stopped.countDown();
                  },
                  "gatehouse-shutdown"));
      Signals.onTerminate(() -> System.exit(0));
      stopped.await();
      return 0;
    }

    private static void configureLogging(Gatehouse.Options options) {
      try {
        SystemConfig.Logging logging =
            new ConfigLoader(options.config(), options.env()).loadSystem().logging();
        LogSetup.configure(logging.format(), logging.level());
      } catch (ConfigException e) {
        // Start reports the same errors; log them readably meanwhile.
        LogSetup.configure("text", "info");
      }
    }
  }

  /**
   * {@code gatehouse validate}: report every configuration error (both files, the identity models
   * and store settings, TLS files, plugins and every pipeline), exit 1 on any.
   */
  @Command(
      name = "validate",
      description = "Check the configuration and plugins; exit 1 on any error.")
  static final class Validate implements Callable<Integer> {
    @CommandLine.Mixin ConfigOptions config = new ConfigOptions();
    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      LogSetup.bridge();
      LogSetup.configure("text", "warn");
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Gatehouse.Options options = config.options();
      if (!Files.isDirectory(options.config().directory())) {
        err.println("gatehouse: no configuration directory " + options.config().directory());
        return 1;
      }
      ConfigLoader loader = new ConfigLoader(options.config(), options.env());
      List<String> problems = new ArrayList<>();
      SystemConfig system = null;
      GatewayConfig gateway = null;
      try {
        system = loader.loadSystem();
        Identity.check(system, options.config().directory());
      } catch (ConfigException e) {
        e.errors().forEach(x -> problems.add(x.format()));
      }
      try {
        gateway = loader.loadGateway();
        Gatehouse.loadTls(gateway, options.config());
      } catch (ConfigException e) {
        e.errors().forEach(x -> problems.add(x.format()));
      }
      try (PluginLoader plugins = new PluginLoader()) {
        ExtensionRegistry registry = plugins.load(options.pluginFolders());
        if (system != null && gateway != null) {
          problems.addAll(compile(options, system, gateway, registry, out));
        }
      } catch (PluginLoadException e) {
        problems.addAll(e.problems());
      }
      if (system != null && system.crypto().defaultCipherKey()) {
        out.println(
            "warning: system.config.yml crypto.cipherKey is Express Gateway's published default;"
                + " set your own (it encrypts jwt credential secrets)");
      }
      problems.forEach(err::println);
      if (!problems.isEmpty()) {
        err.println(problems.size() + (problems.size() == 1 ? " error" : " errors"));
        return 1;
      }
      return 0;
    }

    /**
     * The token issuer as steps that trust it see it when compiling: its name; no keys (validating
     * opens no store).
     */
    private static LocalIssuer offlineIssuer(SystemConfig system) {
      JsonObject access =
          system.document().root().get("accessTokens") instanceof ObjectNode node
              ? ConfigBinding.toJsonObject(node)
              : new JsonObject();
      String issuer = access.getString("issuer", OAuth2Settings.DEFAULT_ISSUER);
      return new LocalIssuer() {
        @Override
        public String issuer() {
          return issuer;
        }

        @Override
        public Future<JsonObject> jwks() {
          return Future.succeededFuture(new JsonObject().put("keys", new JsonArray()));
        }
      };
    }

    private static List<String> compile(
        Gatehouse.Options options,
        SystemConfig system,
        GatewayConfig config,
        ExtensionRegistry registry,
        PrintWriter out) {
      Vertx vertx = Vertx.vertx();
      try (UpstreamClients upstreams = new UpstreamClients(vertx)) {
        Map<Class<?>, Object> offered =
            new HashMap<>(
                Map.of(
                    UpstreamClients.class,
                    upstreams,
                    Environment.class,
                    new Environment(options.env()),
                    IdentityService.class,
                    new OfflineIdentityService(),
                    TemplateService.class,
                    new CelTemplateService(),
                    LocalIssuer.class,
                    offlineIssuer(system)));
        if (system.db().store() == SystemConfig.Db.Store.REDIS) {
          // Offered as the started gateway offers it; validating connects to nothing.
          offered.put(ScriptStore.class, new UnconnectedScriptStore());
        }
        CompiledGateway compiled =
            GatewayCompiler.create(
                    registry,
                    system,
                    vertx,
                    GatewayMetrics.disabled(),
                    options.config().directory(),
                    Services.of(offered))
                .compile(config);
        out.println(
            "configuration OK: "
                + options.config().directory()
                + " ("
                + config.apiEndpoints().size()
                + " API endpoint entries, "
                + compiled.pipelines().size()
                + " pipelines, "
                + registry.plugins().size()
                + " plugins)");
        return List.of();
      } catch (ConfigException e) {
        return e.errors().stream().map(x -> x.format()).toList();
      } catch (IllegalArgumentException e) {
        return List.of(e.getMessage());
      } finally {
        vertx.close();
      }
    }

    /** Stands for the store of {@code db.redis} while validating: scripts are never run. */
    private static final class UnconnectedScriptStore implements ScriptStore {
      @Override
      public String keyPrefix() {
        return "";
      }

      @Override
      public StoreScript script(String lua) {
        return new StoreScript() {
          @Override
          public String sha1() {
            return "";
          }

          @Override
          public io.vertx.core.Future<Object> run(List<String> keys, List<String> args) {
            return io.vertx.core.Future.failedFuture(
                new IllegalStateException("validation runs no scripts"));
          }
        };
      }
    }
  }

  /** {@code gatehouse version}. */
  @Command(name = "version", description = "Print the version.")
  static final class Version implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      for (String line : new VersionProvider().getVersion()) {
        spec.commandLine().getOut().println(line);
      }
      return 0;
    }
  }

  /** The version lines of {@code --version} and {@code version}. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "Gatehouse " + GatehouseVersion.get(),
        "plugin API " + ApiVersion.CURRENT,
        "Java " + Runtime.version()
      };
    }
  }
}
