package dev.gatehouse.core.bench;

import dev.gatehouse.api.identity.Credential;
import dev.gatehouse.api.identity.IdentityService;
import dev.gatehouse.core.identity.Identity;
import dev.gatehouse.core.identity.IdentityManager;
import dev.gatehouse.core.identity.model.IdentityModels;
import dev.gatehouse.core.identity.secret.Secrets;
import dev.gatehouse.core.identity.secret.SharedSecretCipher;
import dev.gatehouse.core.identity.store.InMemoryIdentityStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What an authentication policy costs per request once its credential is cached: the lookup alone,
 * the lookup with a key-auth secret check (a SHA-256 digest), and the lookup with a basic-auth
 * password check that bcrypt (cost 10) already answered for this credential version. Entries expire
 * after a few seconds, so the figures include the occasional reload from the (in-memory) store.
 *
 * <p>Run: {@code mvn -pl gateway-core -am test-compile -q && mvn -pl gateway-core exec:exec
 * -Dexec.executable=java -Dexec.classpathScope=test -Dexec.args="-cp %classpath
 * org.openjdk.jmh.Main IdentityCacheBenchmark"}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IdentityCacheBenchmark {

  private Vertx vertx;
  private Identity identity;
  private IdentityService service;
  private String keyId;
  private String keySecret;
  private String userId;

  @Setup
  public void populate() throws Exception {
    vertx = Vertx.vertx();
    identity =
        Identity.over(
            vertx,
            new InMemoryIdentityStore(vertx),
            IdentityModels.defaults(),
            new Secrets(10, new SharedSecretCipher("benchmark key")),
            Clock.systemUTC());
    service = identity.service();
    IdentityManager manager = identity.manager();
    userId =
        join(manager.createUser(
                new JsonObject()
                    .put("username", "ada")
                    .put("firstname", "Ada")
                    .put("lastname", "Lovelace")))
            .getString("id");
    JsonObject key = join(manager.createCredential("ada", "key-auth", new JsonObject()));
    keyId = key.getString("keyId");
    keySecret = key.getString("keySecret");
    join(manager.createCredential("ada", "basic-auth", new JsonObject().put("password", "pw")));
    join(service.findCredential(Credential.KEY_AUTH, keyId));
    join(service.findCredential(Credential.BASIC_AUTH, userId));
    if (!lookupAndKeySecretCheck() || !lookupAndRememberedPasswordCheck()) {
      throw new IllegalStateException("the benchmark's credentials do not verify");
    }
  }

  @TearDown
  public void close() throws Exception {
    identity.close();
    join(vertx.close());
  }

  @Benchmark
  public Credential cachedCredentialLookup() throws Exception {
    return join(service.findCredential(Credential.KEY_AUTH, keyId)).orElseThrow();
  }

  @Benchmark
  public boolean lookupAndKeySecretCheck() throws Exception {
    Credential credential = join(service.findCredential(Credential.KEY_AUTH, keyId)).orElseThrow();
    return join(service.verifySecret(credential, keySecret));
  }

  @Benchmark
  public boolean lookupAndRememberedPasswordCheck() throws Exception {
    Credential credential =
        join(service.findCredential(Credential.BASIC_AUTH, userId)).orElseThrow();
    return join(service.verifySecret(credential, "pw"));
  }

  /**
   * The value at once when the cache had it; otherwise (an entry expired, every few seconds) waits
   * for the store, as a request would.
   */
  private static <T> T join(Future<T> future) throws Exception {
    if (future.succeeded()) {
      return future.result();
    }
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
