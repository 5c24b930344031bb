package dev.gatehouse.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access log the built distribution writes (docs/observability.md), in both formats and both
 * destinations, for a request a shipped {@code key-auth} step authenticated, one it let through
 * anonymously ({@code passThrough}) and one it refused: the consumer's id on the first line only,
 * the request id the upstream received (or the client's, when trusted), method, path without its
 * query, status, what answered and who denied.
 */
class AccessLogIT {

  private static final String CONFIG =
      """
      apiEndpoints:
        keys: {paths: /keys}
        open: {paths: /open}
      serviceEndpoints:
        backend: {url: '${BACKEND}'}
      policies: [key-auth, proxy]
      pipelines:
        keys:
          apiEndpoints: [keys]
          policies:
            - key-auth: [{action: {}}]
            - proxy: [{action: {serviceEndpoint: backend}}]
        open:
          apiEndpoints: [open]
          policies:
            - key-auth: [{action: {passThrough: true}}]
            - proxy: [{action: {serviceEndpoint: backend}}]
      """;

  /** A request id a trusted proxy in front would have set. */
  private static final String CLIENT_REQUEST_ID = "lb-7f3c9a1e-0d42-4c1b-9e55-2a6f8d3b1c70";

  @TempDir Path dir;

  @Test
  void jsonLinesOnStandardOutput() throws Exception {
    try (ObservedGateway gateway =
        new ObservedGateway(
            dir, CONFIG, "accessLog: {format: json}\nrequestIds: {trustIncoming: true}\n")) {
      Traffic traffic = Traffic.send(gateway);

      traffic.assertLogged(
          () ->
              gateway.output().stream()
                  .filter(line -> line.startsWith("{"))
                  .map(AccessLogIT::jsonFields)
                  .toList());
    }
  }

  @Test
  void textLinesInAFile() throws Exception {
    Path file = dir.resolve("logs/access.log");
    try (ObservedGateway gateway =
        new ObservedGateway(
            dir,
            CONFIG,
            "accessLog: {format: text, file: '"
                + file
                + "'}\nrequestIds: {trustIncoming: true}\n")) {
      Traffic traffic = Traffic.send(gateway);

      traffic.assertLogged(
          () ->
              Files.exists(file)
                  ? lines(file).stream().map(AccessLogIT::textFields).toList()
                  : List.of());
      assertThat(gateway.output())
          .as("with a file, no access line goes to standard output")
          .noneMatch(line -> line.contains(CLIENT_REQUEST_ID) && line.contains("status="));
    }
  }

  /** The three requests and what the log must say about each. */
  private record Traffic(String consumer, String authenticatedId, String anonymousId) {

    static Traffic send(ObservedGateway gateway) {
      ObservedGateway.KeyAuthConsumer ada = gateway.keyAuthConsumer("ada");
      String key = "apiKey " + ada.key();

      HttpResponse<String> authenticated =
          gateway.get("/keys?page=2", "authorization", key, "x-test", "authenticated");
      HttpResponse<String> anonymous = gateway.get("/open", "x-test", "anonymous");
      HttpResponse<String> denied =
          gateway.send("POST", "/keys", "x-request-id", CLIENT_REQUEST_ID);

      assertThat(authenticated.statusCode()).isEqualTo(200);
      assertThat(anonymous.statusCode()).isEqualTo(200);
      assertThat(anonymous.headers().firstValue("eg-consumer-id")).contains("anonymous");
      assertThat(denied.statusCode()).isEqualTo(401);
      return new Traffic(
          ada.id(),
          upstreamRequestId(gateway, "authenticated"),
          upstreamRequestId(gateway, "anonymous"));
    }

    /** The request id the backend received with the request marked {@code x-test: mark}. */
    private static String upstreamRequestId(ObservedGateway gateway, String mark) {
      List<JsonObject> received =
          gateway.upstreamRequests().stream()
              .filter(r -> mark.equals(r.getJsonObject("headers").getString("x-test")))
              .toList();
      assertThat(received).as("upstream requests marked " + mark).hasSize(1);
      JsonObject headers = received.get(0).getJsonObject("headers");
      assertThat(headers.getString("eg-request-id")).isEqualTo(headers.getString("x-request-id"));
      return headers.getString("x-request-id");
    }

    void assertLogged(Supplier<List<Map<String, String>>> lines) throws InterruptedException {
      Map<String, String> authenticated = await(lines, authenticatedId);
      assertThat(authenticated)
          .containsEntry("method", "GET")
          .containsEntry("path", "/keys")
          .containsEntry("status", "200")
          .containsEntry("consumer", consumer)
          .containsEntry("api_endpoint", "keys")
          .containsEntry("pipeline", "keys")
          .containsEntry("client", "127.0.0.1")
          .containsKeys("time", "bytes", "duration_ms", "upstream_ms", "trace_id", "span_id")
          .doesNotContainKeys("denied_by", "code");

      Map<String, String> anonymous = await(lines, anonymousId);
      assertThat(anonymous)
          .containsEntry("method", "GET")
          .containsEntry("path", "/open")
          .containsEntry("status", "200")
          .containsEntry("api_endpoint", "open")
          .containsEntry("pipeline", "open")
          .containsKey("upstream_ms")
          .doesNotContainKeys("consumer", "denied_by", "code");

      Map<String, String> denied = await(lines, CLIENT_REQUEST_ID);
      assertThat(denied)
          .containsEntry("method", "POST")
          .containsEntry("path", "/keys")
          .containsEntry("status", "401")
          .containsEntry("api_endpoint", "keys")
          .containsEntry("denied_by", "key-auth")
          .containsEntry("code", "auth.missing")
          .doesNotContainKeys("consumer", "upstream_ms");
    }

    /** The one access line of {@code requestId}; lines are written shortly after the answer. */
    private static Map<String, String> await(
        Supplier<List<Map<String, String>>> lines, String requestId) throws InterruptedException {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (true) {
        List<Map<String, String>> found =
            lines.get().stream().filter(l -> requestId.equals(l.get("request_id"))).toList();
        if (!found.isEmpty() || System.nanoTime() > deadline) {
          assertThat(found).as("access lines of request " + requestId).hasSize(1);
          return found.get(0);
        }
        Thread.sleep(20);
      }
    }
  }

  private static Map<String, String> jsonFields(String line) {
    Map<String, String> fields = new LinkedHashMap<>();
    new JsonObject(line).forEach(field -> fields.put(field.getKey(), field.getValue().toString()));
    return fields;
  }

  /** {@code key=value} pairs separated by spaces; quoted values may hold spaces and escapes. */
  private static Map<String, String> textFields(String line) {
    Map<String, String> fields = new LinkedHashMap<>();
    int at = 0;
    while (at < line.length()) {
      int equals = line.indexOf('=', at);
      String key = line.substring(at, equals);
      StringBuilder value = new StringBuilder();
      at = equals + 1;
      if (at < line.length() && line.charAt(at) == '"') {
        for (at++; line.charAt(at) != '"'; at++) {
          char c = line.charAt(at);
          value.append(c == '\\' ? line.charAt(++at) : c);
        }
        at++;
      } else {
        while (at < line.length() && line.charAt(at) != ' ') {
          value.append(line.charAt(at++));
        }
      }
      fields.put(key, value.toString());
      at++;
    }
    return fields;
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
