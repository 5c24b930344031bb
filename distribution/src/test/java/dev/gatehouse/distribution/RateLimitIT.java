package dev.gatehouse.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code rate-limit} policy as shipped: the jar in the distribution's {@code plugins/}, loaded
 * by the real launcher, on the wire (Express Gateway test suite items 31 and 46).
 */
class RateLimitIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir Path dir;
  private GatehouseProcess gatehouse;
  private int port;

  @BeforeEach
  void start() throws Exception {
    port = GatehouseProcess.freePort();
    Path config = Files.createDirectories(dir.resolve("config"));
    Files.writeString(
        config.resolve("gateway.config.yml"),
        """
        http: {port: %d}
        apiEndpoints:
          by-host: {paths: '/by-host'}
          by-ip: {paths: '/by-ip'}
          one-host: {paths: '/one-host'}
        policies: [rate-limit, terminate]
        pipelines:
          by-host:
            apiEndpoints: [by-host]
            policies:
              - rate-limit:
                  - action: {max: 1, rateLimitBy: '${req.host}', algorithm: fixed-window}
              - terminate:
                  - action: {statusCode: 200, message: ok}
          by-ip:
            apiEndpoints: [by-ip]
            policies:
              - rate-limit:
                  - action: {max: 1, algorithm: fixed-window}
              - terminate:
                  - action: {statusCode: 200, message: ok}
          one-host:
            apiEndpoints: [one-host]
            policies:
              - rate-limit:
                  - condition: {name: hostMatch, pattern: 'limited.example'}
                    action: {max: 1, rateLimitBy: '${req.hostname}'}
              - terminate:
                  - action: {statusCode: 200, message: ok}
        """
            .formatted(port));
    Files.writeString(
        config.resolve("system.config.yml"),
        "db:\n  embedded:\n    path: '" + dir.resolve("data") + "'\n");
    gatehouse = GatehouseProcess.start(Map.of(), "start", "--config-dir", config.toString());
    gatehouse.awaitOutput("gatehouse_started", PATIENCE);
    assertThat(gatehouse.output()).anyMatch(line -> line.contains("plugin_loaded id=rate-limit"));
  }

  @AfterEach
  void stop() {
    gatehouse.close();
  }

  @Test
  void item31LimitsEachHostAndEachClientApart() throws IOException {
    assertThat(get("/by-host", "a.example").status()).isEqualTo(200);
    assertThat(get("/by-host", "a.example").status()).isEqualTo(429);
    assertThat(get("/by-host", "b.example").status()).as("another host").isEqualTo(200);
    assertThat(get("/by-host", "b.example").status()).isEqualTo(429);

    assertThat(get("/by-ip", "a.example").status()).isEqualTo(200);
    assertThat(get("/by-ip", "b.example").status()).as("the same client").isEqualTo(429);
  }

  @Test
  void item31AHostMatchConditionLimitsOnlyTheMatchingHost() throws IOException {
    assertThat(get("/one-host", "limited.example").status()).isEqualTo(200);
    assertThat(get("/one-host", "limited.example").status()).isEqualTo(429);
    for (int i = 0; i < 3; i++) {
      assertThat(get("/one-host", "free.example").status()).isEqualTo(200);
    }
  }

  @Test
  void item46CountedAndRejectedResponsesCarryTheLimitHeaders() throws IOException {
    Answer counted = get("/by-ip", "a.example");
    Answer rejected = get("/by-ip", "a.example", "Accept: application/json");

    assertThat(counted.status()).isEqualTo(200);
    assertThat(counted.header("x-ratelimit-limit")).isEqualTo("1");
    assertThat(counted.header("x-ratelimit-remaining")).isEqualTo("0");
    assertThat(Long.parseLong(counted.header("x-ratelimit-reset")))
        .isGreaterThan(System.currentTimeMillis() / 1000);
    assertThat(counted.header("ratelimit-policy")).isEqualTo("\"default\";q=1;w=60");
    assertThat(counted.header("ratelimit")).startsWith("\"default\";r=0;t=");

    assertThat(rejected.status()).isEqualTo(429);
    assertThat(rejected.header("retry-after")).matches("[1-9][0-9]*");
    assertThat(rejected.header("x-ratelimit-remaining")).isEqualTo("0");
    assertThat(rejected.header("content-type")).isEqualTo("application/problem+json");
    assertThat(rejected.body())
        .contains("\"code\":\"ratelimit.exceeded\"")
        .contains("\"detail\":\"Too many requests, please try again later.\"");
  }

  /** One request on its own connection, with the {@code Host} the test chooses. */
  private Answer get(String path, String host, String... headers) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      StringBuilder request =
          new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
      for (String header : headers) {
        request.append(header).append("\r\n");
      }
      request.append("Connection: close\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return Answer.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** A response read whole: status, headers by lower-case name, body. */
  private record Answer(int status, Map<String, String> headers, String body) {

    static Answer parse(String raw) {
      int end = raw.indexOf("\r\n\r\n");
      String[] lines = raw.substring(0, end).split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      Map<String, String> headers = new TreeMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
      return new Answer(status, headers, raw.substring(end + 4));
    }

    String header(String name) {
      return headers.get(name);
    }
  }
}
