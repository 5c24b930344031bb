package dev.gatehouse.core.expression;

import dev.cel.runtime.CelVariableResolver;
import dev.gatehouse.api.ApiEndpoint;
import dev.gatehouse.api.AttributeKey;
import dev.gatehouse.api.ConsumerIdentity;
import dev.gatehouse.api.Exchange;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The variables an expression sees for one request: Express Gateway's {@code egContext} ({@code
 * req}, {@code consumer}, {@code apiEndpoint}, {@code requestID} and {@code egContext} itself).
 *
 * <p>Nothing is built until an expression reads it, and then only the part it reads: {@code
 * req.method == 'GET'} costs one map lookup, not a copy of the headers. The consumer and the
 * endpoint are converted once per request and kept on the exchange. A context belongs to one
 * request and its event loop; a policy evaluating several expressions at once may share one, as
 * long as it does not change the path in between ({@code req.url} is read once).
 *
 * <pre>{@code
 * EgContext context = EgContext.of(exchange);
 * String id = idExpression.evaluateText(context);
 * String name = nameExpression.evaluateText(context);
 * }</pre>
 */
public final class EgContext {

  /** The names an expression may use at its top level. */
  static final List<String> VARIABLES =
      List.of("req", "consumer", "apiEndpoint", "requestID", "egContext");

  /** The fields of {@code req}. */
  static final List<String> REQUEST_FIELDS =
      List.of(
          "method",
          "url",
          "originalUrl",
          "path",
          "headers",
          "query",
          "params",
          "ip",
          "hostname",
          "host",
          "protocol",
          "user");

  /** The fields of {@code egContext}: every variable but itself. */
  static final List<String> CONTEXT_FIELDS = VARIABLES.subList(0, VARIABLES.size() - 1);

  private static final AttributeKey<Converted> CONSUMER =
      AttributeKey.create("gatehouse.expression.consumer", Converted.class);

  private static final AttributeKey<Converted> API_ENDPOINT =
      AttributeKey.create("gatehouse.expression.apiEndpoint", Converted.class);

  private final Exchange exchange;
  private final CelVariableResolver resolver = this::find;
  private Object request;
  private Object consumer;
  private Object apiEndpoint;
  private Object self;

  private EgContext(Exchange exchange) {
    this.exchange = exchange;
  }

  /** The context of {@code exchange} as it is now; build a new one after changing the request. */
  public static EgContext of(Exchange exchange) {
    return new EgContext(exchange);
  }

  CelVariableResolver resolver() {
    return resolver;
  }

  private Optional<Object> find(String name) {
    return Optional.ofNullable(variable(name));
  }

  private Object variable(String name) {
    return switch (name) {
      case "req" -> request();
      case "consumer" -> consumer();
      case "apiEndpoint" -> apiEndpoint();
      case "requestID" -> CelValues.toCel(exchange.requestId());
      case "egContext" -> self();
      default -> null;
    };
  }

  private Object request() {
    if (request == null) {
      request = new LazyMap(REQUEST_FIELDS, this::requestField);
    }
    return request;
  }

  private Object self() {
    if (self == null) {
      self = new LazyMap(CONTEXT_FIELDS, this::variable);
    }
    return self;
  }

  private Object requestField(String field) {
    return switch (field) {
      case "method" -> exchange.method().name();
      case "url" ->
          exchange.query() == null ? exchange.path() : exchange.path() + "?" + exchange.query();
      case "originalUrl" -> exchange.uri();
      case "path" -> exchange.path();
      case "headers" -> new HeadersView(exchange.headers());
      case "query" -> query(exchange.queryParams());
      case "params" -> CelValues.toCelMap(exchange.pathParams());
      case "ip" -> CelValues.toCel(exchange.clientIp());
      case "hostname", "host" -> CelValues.toCel(exchange.host());
      case "protocol" -> exchange.scheme();
      case "user" -> consumer();
      default -> CelValues.NULL;
    };
  }

  private Object consumer() {
    if (consumer == null) {
      ConsumerIdentity identity = exchange.consumer().orElse(null);
      consumer =
          identity == null ? CelValues.NULL : converted(CONSUMER, identity, EgContext::consumer);
    }
    return consumer;
  }

  private Object apiEndpoint() {
    if (apiEndpoint == null) {
      ApiEndpoint endpoint = exchange.apiEndpoint();
      apiEndpoint =
          endpoint == null
              ? CelValues.NULL
              : converted(API_ENDPOINT, endpoint, EgContext::apiEndpoint);
    }
    return apiEndpoint;
  }

  /**
   * The CEL map of {@code source} (the consumer or the endpoint), converted once per request: it is
   * kept on the exchange for the next expression, and converted again only if the source changed
   * (another authentication, a fall-through to another endpoint).
   */
  private <S> Map<String, Object> converted(
      AttributeKey<Converted> key, S source, Function<S, Map<String, Object>> convert) {
    Converted cached = exchange.get(key);
    if (cached != null && cached.source() == source) {
      return cached.map();
    }
    Map<String, Object> map = convert.apply(source);
    exchange.put(key, new Converted(source, map));
    return map;
  }

  /** A converted map and the object it was converted from, compared by identity. */
  private record Converted(Object source, Map<String, Object> map) {}

  /**
   * Express's {@code req.query}: a parameter given once is a string, one given several times a list
   * of strings.
   */
  private static Map<String, Object> query(MultiMap params) {
    Map<String, Object> query = new LinkedHashMap<>();
    for (String name : params.names()) {
      List<String> values = params.getAll(name);
      query.put(name, values.size() == 1 ? values.get(0) : List.copyOf(values));
    }
    return Collections.unmodifiableMap(query);
  }

  /**
   * The consumer as Express Gateway shows it: its stored properties at the top level (a user's
   * {@code username}, an application's {@code redirectUri}), then {@code id}, {@code type}, {@code
   * name}, {@code scopes}, {@code claims}, {@code properties}, {@code credential} and {@code token}
   * (the claims plus {@code scopes}, where EG's OAuth 2.0 consumers keep them).
   */
  private static Map<String, Object> consumer(ConsumerIdentity identity) {
    Map<String, Object> properties = CelValues.toCelMap(identity.properties());
    List<String> sortedScopes = new ArrayList<>(identity.scopes());
    Collections.sort(sortedScopes);
    List<Object> scopes = CelValues.toCelList(sortedScopes);
    Map<String, Object> claims = CelValues.toCelMap(identity.claims());
    Map<String, Object> token = new LinkedHashMap<>(claims);
    token.put("scopes", scopes);
    Map<String, Object> credential = new LinkedHashMap<>();
    credential.put("type", CelValues.toCel(identity.credentialType()));
    credential.put("id", CelValues.toCel(identity.credentialId()));

    Map<String, Object> consumer = new LinkedHashMap<>(properties);
    consumer.put("id", identity.id());
    consumer.put("type", identity.type());
    consumer.put("name", CelValues.toCel(identity.name()));
    consumer.put("scopes", scopes);
    consumer.put("claims", claims);
    consumer.put("properties", properties);
    consumer.put("credential", Collections.unmodifiableMap(credential));
    consumer.put("token", Collections.unmodifiableMap(token));
    return Collections.unmodifiableMap(consumer);
  }

  /**
   * The endpoint's definition as configured ({@code host}, {@code paths}…), with {@code name}, EG's
   * {@code apiEndpointName} and {@code scopes}.
   */
  private static Map<String, Object> apiEndpoint(ApiEndpoint endpoint) {
    Map<String, Object> map =
        new LinkedHashMap<>(CelValues.toCelMap(endpoint.definition().getMap()));
    map.put("name", endpoint.name());
    map.put("apiEndpointName", endpoint.name());
    map.put("scopes", CelValues.toCelList(endpoint.scopes()));
    return Collections.unmodifiableMap(map);
  }
}
