package dev.gatehouse.plugins.ratelimit;

import dev.gatehouse.api.Policy;
import dev.gatehouse.api.PolicyConfigException;
import dev.gatehouse.api.PolicyContext;
import dev.gatehouse.api.PolicyFactory;
import dev.gatehouse.api.store.ScriptStore;
import dev.gatehouse.api.template.RequestTemplate;
import dev.gatehouse.api.template.TemplateService;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import org.pf4j.Extension;

/**
 * {@code rate-limit}: Express Gateway's limit on requests per key and window, with a choice of
 * algorithm and of store. See {@code docs/policies/rate-limit.md}.
 *
 * <p>Counters of the in-process store outlive configurations: a reload that keeps a step where it
 * was keeps its counts, and so do Redis counters, which every gateway of a cluster shares.
 */
@Extension
public final class RateLimitPolicyFactory implements PolicyFactory<RateLimitConfig> {

  private static final AtomicLong UNPLACED = new AtomicLong();

  private final Clock clock;
  private LocalCounterStore local;

  public RateLimitPolicyFactory() {
    this(Clock.systemUTC());
  }

  /** A factory whose policies read {@code clock}: tests move time by hand. */
  RateLimitPolicyFactory(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String name() {
    return "rate-limit";
  }

  @Override
  public JsonObject actionSchema() {
    return new JsonObject(
        """
        {"type":"object","properties":{
          "max":{"type":"integer","minimum":0,"maximum":%d,"default":5},
          "windowMs":{"type":"integer","minimum":1,"maximum":%d,"default":60000},
          "rateLimitBy":{"type":"string","minLength":1},
          "headers":{"type":"boolean","default":true},
          "statusCode":{"type":"integer","minimum":400,"maximum":599,"default":429},
          "message":{"type":"string","default":"Too many requests, please try again later."},
          "delayAfter":{"type":"integer","minimum":0,"default":0},
          "delayMs":{"type":"integer","minimum":0,"maximum":3600000,"default":1000},
          "skipFailedRequests":{"type":"boolean","default":false},
          "skipSuccessfulRequests":{"type":"boolean","default":false},
          "algorithm":{"enum":["fixed-window","sliding-window","token-bucket"],
                       "default":"sliding-window"},
          "bucket":{"type":"string","pattern":"^[A-Za-z0-9._-]{1,64}$"},
          "store":{"enum":["local","redis"]},
          "onStoreError":{"enum":["allow","deny"],"default":"allow"}}}
        """
            .formatted(Algorithm.MAX_LIMIT, Algorithm.MAX_WINDOW_MS));
  }

  @Override
  public Class<RateLimitConfig> configType() {
    return RateLimitConfig.class;
  }

  @Override
  public Policy create(RateLimitConfig config, PolicyContext context) {
    Algorithm algorithm = Algorithm.of(config.algorithm());
    Limit limit =
        new Limit(space(config, context, algorithm), algorithm, config.max(), config.windowMs());
    return new RateLimitPolicy(
        config,
        limit,
        keyTemplate(config, context),
        store(config, context),
        clock,
        context.vertx(),
        context.meterRegistry(),
        context.logger());
  }

  /**
   * The step's counter space: its place in the configuration (the same on every gateway of a
   * cluster), or its bucket's name (steps that name one share it); the algorithm and window are
   * part of it, so that steps that share a bucket but count differently never read each other's
   * state.
   */
  private static String space(RateLimitConfig config, PolicyContext context, Algorithm algorithm) {
    String owner;
    if (config.bucket() != null) {
      owner = "bucket:" + config.bucket();
    } else if (!context.configPath().isEmpty()) {
      owner = context.configPath();
    } else {
      // A host that does not say where the step sits: the step's counters are its own.
      owner = "step:" + context.pipelineName() + ":" + UNPLACED.incrementAndGet();
    }
    return owner + "|" + algorithm.id() + "|" + config.windowMs();
  }

  private static RequestTemplate keyTemplate(RateLimitConfig config, PolicyContext context) {
    if (config.rateLimitBy() == null) {
      return null;
    }
    TemplateService templates =
        context
            .service(TemplateService.class)
            .orElseThrow(
                () ->
                    new PolicyConfigException(
                        "rateLimitBy", "this gateway offers no template service"));
    return templates.compile(config.rateLimitBy(), "rateLimitBy");
  }

  private CounterStore store(RateLimitConfig config, PolicyContext context) {
    Optional<ScriptStore> redis = context.service(ScriptStore.class);
    if ("redis".equals(config.store()) && redis.isEmpty()) {
      throw new PolicyConfigException(
          "store",
          "store: redis needs a Redis: configure db.redis in system.config.yml (without"
              + " emulate), or use store: local");
    }
    if ("local".equals(config.store()) || redis.isEmpty()) {
      return local(context);
    }
    return new RedisCounterStore(redis.get());
  }

  /** The in-process store, made on first use with {@code plugins.rate-limit.localMaxKeys}. */
  private synchronized LocalCounterStore local(PolicyContext context) {
    if (local == null) {
      long maxKeys =
          context
              .pluginSettings()
              .getLong("localMaxKeys", RateLimitSettings.DEFAULT_LOCAL_MAX_KEYS);
      local = new LocalCounterStore(maxKeys, clock, ForkJoinPool.commonPool());
    }
    return local;
  }
}
