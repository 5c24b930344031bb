package dev.gatehouse.distribution;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Test set-up through a running gateway's Admin API: JSON in, JSON out, and any answer of 300 or
 * more fails the test with the method, path, status and body.
 *
 * <pre>{@code
 * String id = AdminCalls.call(http, "http://127.0.0.1:" + admin, "POST", "/users", user).getString("id");
 * }</pre>
 */
public final class AdminCalls {

  private AdminCalls() {}

  /**
   * @param base the Admin API's origin, e.g. {@code http://127.0.0.1:9876}
   * @param body the request body, or null for none
   */
  public static JsonObject call(
      HttpClient http, String base, String method, String path, JsonObject body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("content-type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.encode()))
            .timeout(Duration.ofSeconds(30))
            .build();
    HttpResponse<String> response = send(http, request);
    if (response.statusCode() >= 300) {
      throw new AssertionError(
          method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body().isBlank() ? new JsonObject() : new JsonObject(response.body());
  }

  /** Sends a request and reads the answer as text; I/O errors and interrupts are unchecked. */
  public static HttpResponse<String> send(HttpClient http, HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
