package dev.gatehouse.core.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** A response as a test sees it: status, headers, whole body. */
public record Reply(int status, MultiMap headers, Buffer body) {

  public String text() {
    return body.toString();
  }

  public JsonObject json() {
    return body.toJsonObject();
  }

  public String header(String name) {
    return headers.get(name);
  }

  @Override
  public String toString() {
    return "Reply[" + status + " " + headers.get("content-type") + " " + text() + "]";
  }
}
