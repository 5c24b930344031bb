package dev.gatehouse.core.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lines as written to a file, in both formats, and the escaping of values. */
class AccessLogTest {

  @TempDir Path dir;

  private static AccessLogEntry entry(String path, String consumer) {
    return new AccessLogEntry(
        1_700_000_000_123L,
        "abc",
        "10.0.0.1",
        "POST",
        path,
        201,
        42,
        12_345_678,
        2_000_001,
        "orders",
        "orders-pipeline",
        consumer,
        null,
        null,
        "4bf92f3577b34da6a3ce929d0e0e4736",
        "00f067aa0ba902b7");
  }

  @Test
  void closingWritesEveryQueuedLineToTheFileItCreates() throws Exception {
    Path file = dir.resolve("new-folder").resolve("access.log");
    AtomicInteger dropped = new AtomicInteger();
    AccessLog log =
        AccessLog.start(
            new AccessLogSettings(true, AccessLogSettings.Format.JSON, Optional.of(file)),
            dropped::incrementAndGet);

    log.write(entry("/orders", "alice"));
    log.write(entry("/orders/\"quoted\"", null));
    log.close();

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2);
    assertThat(new JsonObject(lines.get(0)))
        .isEqualTo(
            new JsonObject()
                .put("time", "2023-11-14T22:13:20.123Z")
                .put("request_id", "abc")
                .put("client", "10.0.0.1")
                .put("method", "POST")
                .put("path", "/orders")
                .put("status", 201)
                .put("bytes", 42)
                .put("duration_ms", 12.345)
                .put("upstream_ms", 2.0)
                .put("api_endpoint", "orders")
                .put("pipeline", "orders-pipeline")
                .put("consumer", "alice")
                .put("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736")
                .put("span_id", "00f067aa0ba902b7"));
    assertThat(new JsonObject(lines.get(1)).getString("path")).isEqualTo("/orders/\"quoted\"");
    assertThat(new JsonObject(lines.get(1)).containsKey("consumer")).isFalse();
    assertThat(dropped).hasValue(0);
  }

  @Test
  void textLinesQuoteValuesWithSpacesQuotesOrEquals() {
    assertThat(entry("/a b", null).toText())
        .isEqualTo(
            "time=2023-11-14T22:13:20.123Z request_id=abc client=10.0.0.1 method=POST"
                + " path=\"/a b\" status=201 bytes=42 duration_ms=12.345 upstream_ms=2.000"
                + " api_endpoint=orders pipeline=orders-pipeline"
                + " trace_id=4bf92f3577b34da6a3ce929d0e0e4736 span_id=00f067aa0ba902b7");
  }

  @Test
  void aDisabledLogIsOff() {
    assertThat(AccessLog.start(AccessLogSettings.OFF, () -> {})).isSameAs(AccessLog.OFF);
    assertThat(AccessLog.OFF.enabled()).isFalse();
  }
}
