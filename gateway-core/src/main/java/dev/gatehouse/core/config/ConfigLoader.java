package dev.gatehouse.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads, substitutes, parses, validates and binds the two configuration files of a directory.
 * Blocking file I/O: call it at start or from a worker, never on an event loop.
 */
public final class ConfigLoader {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

  private static final SchemaValidator SYSTEM_SCHEMA =
      new JsonSchemas()
          .compile("system.config.yml", ClasspathJson.read("/schemas/system.config.json"));

  private final ConfigFiles files;
  private final Map<String, String> env;

  public ConfigLoader(ConfigFiles files, Map<String, String> env) {
    this.files = files;
    this.env = Map.copyOf(env);
  }

  public ConfigFiles files() {
    return files;
  }

  /** Loads {@code gateway.config.yml} (or {@code .json}). */
  public GatewayConfig loadGateway() throws ConfigException {
    Path file = files.find(ConfigFiles.GATEWAY).orElseThrow(() -> missing(ConfigFiles.GATEWAY));
    return GatewayConfigBinder.bind(read(file));
  }

  /** Loads {@code system.config.yml} (or {@code .json}); defaults when neither exists. */
  public SystemConfig loadSystem() throws ConfigException {
    Optional<Path> file = files.find(ConfigFiles.SYSTEM);
    ConfigDocument document =
        file.isPresent() ? read(file.get()) : YamlReader.read(ConfigFiles.SYSTEM + ".yml", "");
    List<ConfigError> errors = SYSTEM_SCHEMA.validate(document, ConfigPath.root(), document.root());
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    ObjectNode root = document.root();
    Map<String, ObjectNode> plugins = new LinkedHashMap<>();
    JsonNode section = root.get("plugins");
    if (section != null && section.isObject()) {
      section
          .fields()
          .forEachRemaining(
              f ->
                  plugins.put(
                      f.getKey(), f.getValue() instanceof ObjectNode o ? o : root.objectNode()));
    }
    JsonNode logging = root.path("logging");
    String level = logging.path("level").asText(env.getOrDefault("LOG_LEVEL", "info"));
    return new SystemConfig(
        document,
        plugins,
        new SystemConfig.Logging(
            logging.path("format").asText("text").toLowerCase(Locale.ROOT),
            level.toLowerCase(Locale.ROOT)),
        root.path("eventLoops").asInt(Runtime.getRuntime().availableProcessors()),
        root.path("shutdownTimeout").asLong(30_000),
        db(document),
        crypto(root.path("crypto")));
  }

  /** {@code db}: embedded unless {@code db.redis} says otherwise; never both. */
  private static SystemConfig.Db db(ConfigDocument document) throws ConfigException {
    JsonNode db = document.root().path("db");
    JsonNode embedded = db.get("embedded");
    JsonNode redis = db.get("redis");
    if (embedded != null && redis != null) {
      throw new ConfigException(
          document.error(
              ConfigPath.root().child("db"),
              "choose one store: db.embedded (persistent, no server) or db.redis, not both"));
    }
    if (redis instanceof ObjectNode settings) {
      SystemConfig.Db.Store store =
          settings.path("emulate").asBoolean(false)
              ? SystemConfig.Db.Store.MEMORY
              : SystemConfig.Db.Store.REDIS;
      return new SystemConfig.Db(store, SystemConfig.Db.defaultPath(), settings);
    }
    if (redis != null) { // db.redis: null means Redis with every default, as in EG
      return new SystemConfig.Db(
          SystemConfig.Db.Store.REDIS, SystemConfig.Db.defaultPath(), document.root().objectNode());
    }
    String path = embedded == null ? "" : embedded.path("path").asText("");
    return SystemConfig.Db.embedded(
        path.isEmpty()
            ? SystemConfig.Db.defaultPath()
            : SystemConfig.Db.home().resolve(path).toAbsolutePath().normalize());
  }

  private static SystemConfig.Crypto crypto(JsonNode crypto) {
    SystemConfig.Crypto defaults = SystemConfig.Crypto.DEFAULT;
    return new SystemConfig.Crypto(
        crypto.path("cipherKey").asText(defaults.cipherKey()),
        crypto.path("algorithm").asText(defaults.algorithm()),
        crypto.path("saltRounds").asInt(defaults.saltRounds()));
  }

  private ConfigDocument read(Path file) throws ConfigException {
    ConfigDocument document = YamlReader.read(file, env);
    document.warnings().forEach(w -> LOG.warn("config_warning {}", w.format()));
    return document;
  }

  private ConfigException missing(String base) {
    return new ConfigException(
        List.of(
            new ConfigError(
                null,
                ConfigPath.root(),
                null,
                "no "
                    + base
                    + ".yml or "
                    + base
                    + ".json in "
                    + files.directory()
                    + " (choose the directory with --config-dir or GATEHOUSE_CONFIG_DIR)")));
  }
}
