package dev.gatehouse.core.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogSetupTest {

  private final PrintStream original = System.out;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  @AfterEach
  void restore() {
    System.setOut(original);
    LogSetup.configure("text", "info");
  }

  private String logOneEvent(String format, String level) {
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    LogSetup.configure(format, level);
    LoggerFactory.getLogger("gatehouse.test")
        .info("upstream_failed request_id={} kind={}", "r1", "timeout");
    LoggerFactory.getLogger("gatehouse.test").debug("hidden_at_info");
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void jsonFormatWritesOneJsonObjectPerLine() {
    String output = logOneEvent("json", "info");

    String line =
        output.lines().filter(l -> l.contains("upstream_failed")).findFirst().orElseThrow();
    JsonObject event = new JsonObject(line);
    assertThat(event.getString("level")).isEqualTo("INFO");
    assertThat(event.getString("loggerName")).isEqualTo("gatehouse.test");
    assertThat(event.getString("formattedMessage"))
        .isEqualTo("upstream_failed request_id=r1 kind=timeout");
    assertThat(event.containsKey("arguments")).isFalse();
  }

  @Test
  void textFormatWritesReadableLinesAndHonoursTheLevel() {
    String output = logOneEvent("text", "info");

    assertThat(output).contains("INFO  [test] upstream_failed request_id=r1 kind=timeout");
    assertThat(output).doesNotContain("hidden_at_info");
  }
}
