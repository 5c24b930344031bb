package dev.gatehouse.core.expression;

import dev.gatehouse.api.ApiEndpoint;
import dev.gatehouse.api.AttributeKey;
import dev.gatehouse.api.ConsumerIdentity;
import dev.gatehouse.api.Exchange;
import dev.gatehouse.api.ResponseHook;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.streams.ReadStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * An {@link Exchange} without a connection, for unit tests and benchmarks of what reads requests:
 * method, target, headers, client address, endpoint and consumer are set by the test.
 *
 * <pre>{@code
 * Exchange exchange = StubExchange.request(HttpMethod.GET, "/v1/orders?page=2")
 *     .header("x-api-key", "k1");
 * }</pre>
 */
public final class StubExchange implements Exchange {

  private final HttpMethod method;
  private final String uri;
  private String path;
  private final String query;
  private final MultiMap headers = MultiMap.caseInsensitiveMultiMap();
  private final MultiMap queryParams = MultiMap.caseInsensitiveMultiMap();
  private final Map<AttributeKey<?>, Object> attributes = new HashMap<>();
  private Map<String, String> pathParams = Map.of();
  private ApiEndpoint apiEndpoint =
      ApiEndpoint.of("api", List.of(), new JsonObject().put("paths", "/v1/*"));
  private ConsumerIdentity consumer;
  private String clientIp = "203.0.113.7";
  private String requestId = "req-1";
  private Buffer body;
  private int headerReads;

  private StubExchange(HttpMethod method, String uri) {
    this.method = method;
    this.uri = uri;
    int question = uri.indexOf('?');
    this.path = question < 0 ? uri : uri.substring(0, question);
    this.query = question < 0 ? null : uri.substring(question + 1);
    if (query != null) {
      for (String pair : query.split("&")) {
        int equals = pair.indexOf('=');
        queryParams.add(
            equals < 0 ? pair : pair.substring(0, equals),
            equals < 0 ? "" : pair.substring(equals + 1));
      }
    }
    headers.set("host", "api.example.com:8080");
  }

  /** A request with the given method and target, a {@code Host} of api.example.com:8080. */
  public static StubExchange request(HttpMethod method, String uri) {
    return new StubExchange(method, uri);
  }

  public StubExchange header(String name, String value) {
    headers.add(name, value);
    return this;
  }

  public StubExchange pathParams(Map<String, String> params) {
    this.pathParams = Map.copyOf(params);
    return this;
  }

  public StubExchange endpoint(ApiEndpoint endpoint) {
    this.apiEndpoint = endpoint;
    return this;
  }

  public StubExchange consumer(ConsumerIdentity identity) {
    this.consumer = identity;
    return this;
  }

  public StubExchange clientIp(String ip) {
    this.clientIp = ip;
    return this;
  }

  public StubExchange requestId(String id) {
    this.requestId = id;
    return this;
  }

  @Override
  public String requestId() {
    return requestId;
  }

  @Override
  public HttpMethod method() {
    return method;
  }

  @Override
  public String uri() {
    return uri;
  }

  @Override
  public String rawPath() {
    return uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public void setPath(String path) {
    this.path = path;
  }

  @Override
  public String query() {
    return query;
  }

  @Override
  public MultiMap queryParams() {
    return queryParams;
  }

  @Override
  public MultiMap headers() {
    headerReads++;
    return headers;
  }

  /** How often {@link #headers()} was called: tests of laziness count on it. */
  public int headerReads() {
    return headerReads;
  }

  @Override
  public String host() {
    String host = headers.get("host");
    return host == null ? null : host.replaceFirst(":\\d+$", "");
  }

  @Override
  public String scheme() {
    return "http";
  }

  @Override
  public SocketAddress remoteAddress() {
    return SocketAddress.inetSocketAddress(50000, clientIp);
  }

  @Override
  public String clientIp() {
    return clientIp;
  }

  @Override
  public SSLSession sslSession() {
    return null;
  }

  @Override
  public Map<String, String> pathParams() {
    return pathParams;
  }

  @Override
  public ApiEndpoint apiEndpoint() {
    return apiEndpoint;
  }

  @Override
  public String pipelineName() {
    return "default";
  }

  @Override
  public Optional<ConsumerIdentity> consumer() {
    return Optional.ofNullable(consumer);
  }

  @Override
  public void authenticate(ConsumerIdentity consumer) {
    this.consumer = consumer;
  }

  @Override
  public <T> T get(AttributeKey<T> key) {
    return key.cast(attributes.get(key));
  }

  @Override
  public <T> void put(AttributeKey<T> key, T value) {
    attributes.put(key, value);
  }

  @Override
  public Future<Buffer> bufferBody(long maxBytes) {
    return Future.succeededFuture(body == null ? Buffer.buffer() : body);
  }

  @Override
  public Buffer body() {
    return body;
  }

  @Override
  public void setBody(Buffer body) {
    this.body = body;
  }

  @Override
  public ReadStream<Buffer> bodyStream() {
    return null;
  }

  @Override
  public void onResponse(ResponseHook hook) {
    throw new UnsupportedOperationException("a stub exchange has no response");
  }
}
