package dev.gatehouse.core.admin;

import static dev.gatehouse.core.testing.Http.join;

import dev.gatehouse.core.testing.Http;
import dev.gatehouse.core.testing.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/** Calls an Admin API from a test thread, one request at a time, JSON bodies. */
final class AdminClient {

  private final Http http;
  private final int port;
  private final MultiMap headers = MultiMap.caseInsensitiveMultiMap();

  AdminClient(Vertx vertx, int port) {
    this.http = new Http(vertx);
    this.port = port;
  }

  /** Sends {@code name: value} with every later request. */
  AdminClient header(String name, String value) {
    headers.set(name, value);
    return this;
  }

  Reply get(String uri) {
    return send(HttpMethod.GET, uri, null);
  }

  Reply delete(String uri) {
    return send(HttpMethod.DELETE, uri, null);
  }

  Reply put(String uri, String json) {
    return send(HttpMethod.PUT, uri, json);
  }

  Reply post(String uri, String json) {
    return send(HttpMethod.POST, uri, json);
  }

  /** A request with a JSON body as given (null for none). */
  Reply send(HttpMethod method, String uri, String json) {
    return send(method, uri, json, "application/json");
  }

  /** A request with a body of the given media type. */
  Reply send(HttpMethod method, String uri, String body, String contentType) {
    MultiMap all = MultiMap.caseInsensitiveMultiMap().addAll(headers);
    if (body != null) {
      all.set("content-type", contentType);
    }
    return join(http.send(method, port, uri, all, body == null ? null : Buffer.buffer(body)));
  }

  void close() {
    http.close();
  }
}
