package dev.gatehouse.core.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * {@code system.config.yml}, bound: settings read once at start.
 *
 * @param document the parsed file (an empty document when the file does not exist)
 * @param plugins settings per plugin id, as written under {@code plugins}
 * @param logging how the gateway logs
 * @param eventLoops the number of event loops (and gateway listener instances)
 * @param shutdownTimeoutMillis how long requests in flight may take to finish when the gateway
 *     stops
 * @param db where the identity store lives
 * @param crypto how secrets are kept at rest
 */
public record SystemConfig(
    ConfigDocument document,
    Map<String, ObjectNode> plugins,
    Logging logging,
    int eventLoops,
    long shutdownTimeoutMillis,
    Db db,
    Crypto crypto) {

  /**
   * The {@code logging} section (a Gatehouse addition).
   *
   * @param format {@code text} (readable, the default) or {@code json}
   * @param level the root level: {@code error}, {@code warn}, {@code info}, {@code debug}…
   */
  public record Logging(String format, String level) {}

  /**
   * The {@code db} section: which identity store.
   *
   * @param store the kind of store
   * @param embeddedPath the embedded store's folder, absolute (for {@link Store#EMBEDDED})
   * @param redis {@code db.redis} as written, with defaults applied (empty for the embedded store)
   */
  public record Db(Store store, Path embeddedPath, ObjectNode redis) {

    /** The kinds of identity store. */
    public enum Store {
      /** Persistent files under {@link Db#embeddedPath()}: the default. */
      EMBEDDED,
      /** {@code db.redis.emulate: true}: in memory, lost on restart. */
      MEMORY,
      /** {@code db.redis}: a Redis server. */
      REDIS
    }

    public Db {
      Objects.requireNonNull(store, "store");
      Objects.requireNonNull(embeddedPath, "embeddedPath");
      redis = redis == null ? JsonNodeFactory.instance.objectNode() : redis;
    }

    public static Db embedded(Path path) {
      return new Db(Store.EMBEDDED, path, null);
    }

    /**
     * The distribution's {@code data/} folder ({@code gatehouse.home}, set by the launcher), else
     * {@code ./data}.
     */
    public static Path defaultPath() {
      return home().resolve("data").toAbsolutePath().normalize();
    }

    /**
     * Where a relative {@code db.embedded.path} (or {@code accessLog.file}) is resolved: the
     * distribution folder, else here.
     */
    public static Path home() {
      String home = System.getProperty("gatehouse.home");
      return home == null || home.isBlank() ? Path.of("") : Path.of(home);
    }
  }

  /**
   * The {@code crypto} section.
   *
   * @param cipherKey the key material that jwt credential secrets are encrypted under
   * @param algorithm Express Gateway's cipher name, kept for compatibility (Gatehouse uses
   *     AES-256-GCM whatever it says)
   * @param saltRounds the bcrypt cost of new password and client-secret hashes
   */
  public record Crypto(String cipherKey, String algorithm, int saltRounds) {

    /** Express Gateway's shipped cipher key, which every installation should change. */
    public static final String EG_DEFAULT_CIPHER_KEY = "sensitiveKey";

    public static final Crypto DEFAULT = new Crypto(EG_DEFAULT_CIPHER_KEY, "aes256", 10);

    public Crypto {
      Objects.requireNonNull(cipherKey, "cipherKey");
      Objects.requireNonNull(algorithm, "algorithm");
    }

    /** Whether the cipher key is still Express Gateway's published default. */
    public boolean defaultCipherKey() {
      return EG_DEFAULT_CIPHER_KEY.equals(cipherKey);
    }

    /** Keeps the cipher key out of logs. */
    @Override
    public String toString() {
      return "Crypto[cipherKey=***, algorithm=" + algorithm + ", saltRounds=" + saltRounds + "]";
    }
  }
}
