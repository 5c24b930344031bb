package dev.gatehouse.core.expression;

import dev.gatehouse.api.ApiEndpoint;
import dev.gatehouse.api.ConsumerIdentity;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The request {@code docs/expressions.md} evaluates its examples against: {@code POST
 * /v1/orders?page=2&tag=a&tag=b} by the user {@code u-42}.
 */
public final class ExampleRequest {

  private ExampleRequest() {}

  /** The request, by the user {@code u-42} named alice with the scopes admin and orders:read. */
  public static StubExchange authenticated() {
    return anonymous()
        .consumer(
            ConsumerIdentity.builder("u-42", ConsumerIdentity.USER)
                .name("alice")
                .scopes(Set.of("orders:read", "admin"))
                .properties(Map.of("email", "alice@example.com"))
                .build());
  }

  /** The request before any authentication. */
  public static StubExchange anonymous() {
    return StubExchange.request(HttpMethod.POST, "/v1/orders?page=2&tag=a&tag=b")
        .header("X-Api-Key", "k1")
        .header("User-Agent", "Curl/8.5.0")
        .clientIp("203.0.113.7")
        .requestId("req-1")
        .endpoint(
            ApiEndpoint.of(
                "orders",
                List.of("orders:read"),
                new JsonObject().put("host", "api.example.com").put("paths", "/v1/*")));
  }
}
