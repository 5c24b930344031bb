package dev.gatehouse.core.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.config.ConfigBinding;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * What an Admin API handler answers: a status and an optional JSON body.
 *
 * @param status the HTTP status
 * @param body the encoded JSON body, or null for none
 */
record Answer(int status, Buffer body) {

  static Future<Answer> ok(JsonObject body) {
    return Future.succeededFuture(new Answer(200, body.toBuffer()));
  }

  static Future<Answer> ok(JsonArray body) {
    return Future.succeededFuture(new Answer(200, body.toBuffer()));
  }

  /** A configuration value, written as Jackson holds it. */
  static Future<Answer> ok(JsonNode body) {
    try {
      return Future.succeededFuture(
          new Answer(200, Buffer.buffer(ConfigBinding.mapper().writeValueAsBytes(body))));
    } catch (JsonProcessingException e) {
      return Future.failedFuture(e);
    }
  }

  /** A status without a body: 201 or 204. */
  static Future<Answer> empty(int status) {
    return Future.succeededFuture(new Answer(status, null));
  }

  static Answer created(JsonObject body) {
    return new Answer(201, body.toBuffer());
  }

  void send(RoutingContext ctx) {
    if (body == null) {
      ctx.response().setStatusCode(status).end();
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(body);
  }
}
