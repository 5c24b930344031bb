package dev.gatehouse.testkit;

import dev.gatehouse.api.ApiEndpoint;
import dev.gatehouse.api.AttributeKey;
import dev.gatehouse.api.BodyTooLargeException;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.net.ssl.SSLSession;

/**
 * An {@link Exchange} made from a {@link TestRequest}, for running a policy without a listener. The
 * body, when the request has one, is already buffered: {@link #body()} returns it and {@link
 * #bodyStream()} returns null. After a run, inspect what the policy changed.
 */
public final class TestExchange implements Exchange {

  private final TestRequest request;
  private final String requestId = UUID.randomUUID().toString();
  private final MultiMap queryParams = MultiMap.caseInsensitiveMultiMap();
  private final Map<AttributeKey<?>, Object> attributes = new HashMap<>();
  private final List<ResponseHook> hooks = new ArrayList<>();
  private final ApiEndpoint endpoint;
  private String path;
  private Buffer body;
  private ConsumerIdentity consumer;

  TestExchange(TestRequest request) {
    this.request = request;
    this.body = request.body;
    int question = request.uri.indexOf('?');
    this.path = question < 0 ? request.uri : request.uri.substring(0, question);
    if (question >= 0) {
      for (String pair : request.uri.substring(question + 1).split("&")) {
        int eq = pair.indexOf('=');
        if (!pair.isEmpty()) {
          queryParams.add(
              eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
        }
      }
    }
    this.endpoint = ApiEndpoint.of(request.endpointName, request.scopes, new JsonObject());
  }

  /** The response hooks the policy registered, in registration order. */
  public List<ResponseHook> hooks() {
    return List.copyOf(hooks);
  }

  @Override
  public String requestId() {
    return requestId;
  }

  @Override
  public HttpMethod method() {
    return request.method;
  }

  @Override
  public String uri() {
    return request.uri;
  }

  @Override
  public String rawPath() {
    int question = request.uri.indexOf('?');
    return question < 0 ? request.uri : request.uri.substring(0, question);
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public void setPath(String path) {
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("a path starts with '/': " + path);
    }
    this.path = path;
  }

  @Override
  public String query() {
    int question = request.uri.indexOf('?');
    return question < 0 ? null : request.uri.substring(question + 1);
  }

  @Override
  public MultiMap queryParams() {
    return queryParams;
  }

  @Override
  public MultiMap headers() {
    return request.headers;
  }

  @Override
  public String host() {
    String host = request.headers.get("host");
    if (host == null) {
      return null;
    }
    int colon = host.lastIndexOf(':');
    return (colon > 0 && host.indexOf(']') < colon ? host.substring(0, colon) : host)
        .toLowerCase(Locale.ROOT);
  }

  @Override
  public String scheme() {
    return "http";
  }

  @Override
  public SocketAddress remoteAddress() {
    return SocketAddress.inetSocketAddress(40000, request.remoteHost);
  }

  @Override
  public String clientIp() {
    return request.remoteHost;
  }

  @Override
  public SSLSession sslSession() {
    return null;
  }

  @Override
  public Map<String, String> pathParams() {
    return request.pathParams;
  }

  @Override
  public ApiEndpoint apiEndpoint() {
    return endpoint;
  }

  @Override
  public String pipelineName() {
    return "test-pipeline";
  }

  @Override
  public Optional<ConsumerIdentity> consumer() {
    return Optional.ofNullable(consumer);
  }

  @Override
  public void authenticate(ConsumerIdentity consumer) {
    this.consumer = Objects.requireNonNull(consumer, "consumer");
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
    Buffer current = body == null ? Buffer.buffer() : body;
    if (current.length() > maxBytes) {
      return Future.failedFuture(new BodyTooLargeException(maxBytes));
    }
    body = current;
    return Future.succeededFuture(current);
  }

  @Override
  public Buffer body() {
    return body;
  }

  @Override
  public void setBody(Buffer body) {
    this.body = Objects.requireNonNull(body, "body");
  }

  @Override
  public ReadStream<Buffer> bodyStream() {
    return null;
  }

  @Override
  public void onResponse(ResponseHook hook) {
    hooks.add(Objects.requireNonNull(hook, "hook"));
  }
}
