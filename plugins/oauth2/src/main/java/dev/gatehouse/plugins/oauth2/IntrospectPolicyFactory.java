package dev.gatehouse.plugins.oauth2;

import dev.gatehouse.api.ConsumerIdentity;
import dev.gatehouse.api.Exchange;
import dev.gatehouse.api.Outcome;
import dev.gatehouse.api.Policy;
import dev.gatehouse.api.PolicyContext;
import dev.gatehouse.api.PolicyFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.pf4j.Extension;
import org.slf4j.Logger;

/**
 * The {@code oauth2-introspect} policy: asks a remote authorization server whether a bearer token
 * is active (RFC 7662), as Express Gateway's does, and fails closed (401) on any error or timeout.
 * A positive answer is cached under a digest of the token for {@code ttl} seconds, never past the
 * token's {@code exp}, in a bounded cache; concurrent requests with the same token share one
 * introspection call.
 *
 * <pre>
 * - oauth2-introspect:
 *     - action:
 *         endpoint: https://auth.example.com/oauth2/introspect
 *         authorization_value: Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW
 *         ttl: 60
 * </pre>
 */
@Extension
public final class IntrospectPolicyFactory implements PolicyFactory<JsonObject> {

  /** The most answers one step keeps. */
  static final int CACHE_SIZE = 10_000;

  @Override
  public String name() {
    return "oauth2-introspect";
  }

  @Override
  public JsonObject actionSchema() {
    return new JsonObject(
        """
        {"type":"object","required":["endpoint"],"properties":{
          "endpoint":{"type":"string","pattern":"^https?://"},
          "authorization_value":{"type":"string"},
          "timeout":{"type":"integer","minimum":1,"default":10000},
          "ttl":{"type":"integer","minimum":0,"default":60},
          "passThrough":{"type":"boolean","default":false}}}
        """);
  }

  @Override
  public Class<JsonObject> configType() {
    return JsonObject.class;
  }

  @Override
  public Policy create(JsonObject config, PolicyContext context) {
    return new IntrospectPolicy(config, context.vertx(), context.logger(), Clock.systemUTC());
  }

  /** One step's policy: its HTTP client and its cache. */
  static final class IntrospectPolicy implements Policy, AutoCloseable {
    private final String endpoint;
    private final String authorization;
    private final long timeout;
    private final long ttlMillis;
    private final boolean passThrough;
    private final HttpClient client;
    private final Logger log;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, Future<JsonObject>> inFlight = new ConcurrentHashMap<>();

    private record Cached(JsonObject answer, long until) {}

    IntrospectPolicy(JsonObject config, Vertx vertx, Logger log, Clock clock) {
      this.endpoint = config.getString("endpoint");
      this.authorization = config.getString("authorization_value");
      this.timeout = config.getLong("timeout", 10_000L);
      this.ttlMillis = config.getLong("ttl", 60L) * 1000;
      this.passThrough = config.getBoolean("passThrough", false);
      this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true));
      this.log = log;
      this.clock = clock;
    }

    @Override
    public Future<Outcome> apply(Exchange exchange) {
      String token = Bearer.token(exchange);
      if (token == null) {
        return Bearer.missing(exchange, passThrough);
      }
      String key = digest(token);
      long now = clock.millis();
      Cached cached = cache.get(key);
      if (cached != null && cached.until() > now) {
        return admit(exchange, cached.answer());
      }
      Future<JsonObject> answer =
          inFlight.computeIfAbsent(key, k -> introspect(token).andThen(done -> inFlight.remove(k)));
      return answer
          .compose(
              body -> {
                if (!Boolean.TRUE.equals(body.getValue("active"))) {
                  return Bearer.invalid(exchange, passThrough);
                }
                remember(key, body);
                return admit(exchange, body);
              })
          .recover(
              failure -> {
                log.warn(
                    "introspection_failed request_id={} error={}",
                    exchange.requestId(),
                    failure.getClass().getSimpleName());
                return Bearer.invalid(exchange, passThrough);
              });
    }

    private Future<JsonObject> introspect(String token) {
      RequestOptions options =
          new RequestOptions()
              .setMethod(HttpMethod.POST)
              .setAbsoluteURI(endpoint)
              .setConnectTimeout(timeout)
              .setIdleTimeout(timeout)
              .putHeader("content-type", "application/x-www-form-urlencoded")
              .putHeader("accept", "application/json");
      if (authorization != null) {
        options.putHeader("authorization", authorization);
      }
      Buffer body =
          Buffer.buffer(
              "token="
                  + URLEncoder.encode(token, StandardCharsets.UTF_8)
                  + "&token_type_hint=access_token");
      return client
          .request(options)
          .compose(request -> request.send(body))
          .compose(
              response -> {
                if (response.statusCode() != 200) {
                  return response
                      .body()
                      .transform(
                          ignored ->
                              Future.failedFuture(
                                  new IllegalStateException(
                                      "introspection status " + response.statusCode())));
                }
                return response.body().map(Buffer::toJsonObject);
              });
    }

    private void remember(String key, JsonObject body) {
      long now = clock.millis();
      long until = now + ttlMillis;
      Long exp = body.getValue("exp") instanceof Number n ? n.longValue() : null;
      if (exp != null) {
        until = Math.min(until, exp * 1000);
      }
      if (until <= now) {
        return;
      }
      if (cache.size() >= CACHE_SIZE) {
        evict(now);
      }
      if (cache.size() < CACHE_SIZE) {
        cache.put(key, new Cached(body, until));
      }
    }

    /** Drops expired answers, then, if still full, an arbitrary tenth. */
    private void evict(long now) {
      cache.values().removeIf(c -> c.until() <= now);
      int drop = cache.size() - CACHE_SIZE * 9 / 10;
      Iterator<String> keys = cache.keySet().iterator();
      while (drop-- > 0 && keys.hasNext()) {
        keys.next();
        keys.remove();
      }
    }

    int cached() {
      return cache.size();
    }

    private Future<Outcome> admit(Exchange exchange, JsonObject body) {
      Set<String> scopes = new TreeSet<>(Clients.scopes(body.getString("scope")));
      if (body.getValue("scopes") instanceof JsonArray array) {
        array.forEach(s -> scopes.add(String.valueOf(s)));
      }
      List<String> required = exchange.apiEndpoint().scopes();
      if (!scopes.containsAll(required)) {
        return Bearer.insufficientScope(exchange, passThrough, String.join(" ", required));
      }
      String subject = body.getString("sub", body.getString("client_id", "anonymous"));
      Map<String, Object> claims = new LinkedHashMap<>(body.getMap());
      exchange.authenticate(
          ConsumerIdentity.builder(subject, ConsumerIdentity.TOKEN)
              .name(body.getString("username", subject))
              .credential("oauth2-introspect", body.getString("jti"))
              .scopes(scopes)
              .claims(claims)
              .build());
      return Outcome.proceed();
    }

    private static String digest(String token) {
      try {
        return HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is unavailable", e);
      }
    }

    @Override
    public void close() {
      client.close();
    }
  }
}
