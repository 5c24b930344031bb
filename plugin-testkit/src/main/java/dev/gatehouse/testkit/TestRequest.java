package dev.gatehouse.testkit;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request to run a policy against, built fluently.
 *
 * <pre>{@code
 * TestRequest request = TestRequest.get("/orders?page=2").header("authorization", "Bearer x");
 * }</pre>
 */
public final class TestRequest {

  final HttpMethod method;
  final String uri;
  final MultiMap headers = MultiMap.caseInsensitiveMultiMap();
  Buffer body;
  String remoteHost = "127.0.0.1";
  String endpointName = "test-endpoint";
  List<String> scopes = List.of();
  Map<String, String> pathParams = Map.of();

  private TestRequest(HttpMethod method, String uri) {
    this.method = Objects.requireNonNull(method, "method");
    if (!uri.startsWith("/")) {
      throw new IllegalArgumentException("a request target starts with '/': " + uri);
    }
    this.uri = uri;
  }

  public static TestRequest of(HttpMethod method, String uri) {
    return new TestRequest(method, uri);
  }

  public static TestRequest get(String uri) {
    return of(HttpMethod.GET, uri);
  }

  public static TestRequest post(String uri) {
    return of(HttpMethod.POST, uri);
  }

  /** Adds a request header. */
  public TestRequest header(String name, String value) {
    headers.add(name, value);
    return this;
  }

  /** Sets the request body. */
  public TestRequest body(String body) {
    this.body = Buffer.buffer(body);
    return this;
  }

  /** Sets the client's address. */
  public TestRequest remoteHost(String host) {
    this.remoteHost = host;
    return this;
  }

  /** Sets the matched API endpoint's name and the scopes it requires. */
  public TestRequest endpoint(String name, List<String> scopes) {
    this.endpointName = name;
    this.scopes = List.copyOf(scopes);
    return this;
  }

  /** Sets the parameters the endpoint's path captured. */
  public TestRequest pathParams(Map<String, String> params) {
    this.pathParams = Map.copyOf(params);
    return this;
  }
}
