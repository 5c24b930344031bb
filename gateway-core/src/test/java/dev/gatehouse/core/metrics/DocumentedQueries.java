package dev.gatehouse.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PromQL of {@code docs/metrics.md} ({@code promql} blocks) and of the Grafana dashboard under
 * {@code docs/grafana/}: the gateway metrics they name, and their syntax as {@code promtool check
 * rules} reads it when promtool is installed.
 */
final class DocumentedQueries {

  private static final Path DOCS = Path.of("..", "docs");
  private static final Pattern PROMQL_BLOCK =
      Pattern.compile("```promql\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern METRIC = Pattern.compile("\\b(gatehouse_[a-z_]+)");

  private DocumentedQueries() {}

  /** Every documented query, Grafana's variables replaced by plain values. */
  static List<String> all() throws IOException {
    List<String> queries = new ArrayList<>();
    Matcher block = PROMQL_BLOCK.matcher(Files.readString(DOCS.resolve("metrics.md")));
    while (block.find()) {
      // A block holds one query, or one per line when its lines are complete queries.
      String text = block.group(1).strip();
      boolean onePerLine =
          text.lines().allMatch(l -> l.startsWith("sum ") || l.startsWith("increase"));
      queries.addAll(onePerLine ? text.lines().toList() : List.of(text.replace('\n', ' ')));
    }
    JsonNode dashboard =
        new ObjectMapper().readTree(DOCS.resolve("grafana").resolve("gatehouse.json").toFile());
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        queries.add(
            target
                .path("expr")
                .asText()
                .replace("$__rate_interval", "5m")
                .replace("$api_endpoint", ".*"));
      }
    }
    return queries;
  }

  /** The families of gateway metrics the queries read ({@code _bucket} etc. stripped). */
  static Set<String> families(List<String> queries) {
    Set<String> names = new TreeSet<>();
    for (String query : queries) {
      Matcher metric = METRIC.matcher(query);
      while (metric.find()) {
        names.add(metric.group(1).replaceAll("_(bucket|sum|count)$", ""));
      }
    }
    return names;
  }

  /** Fails when promtool is installed and cannot parse one of {@code queries}. */
  static void assertParse(List<String> queries, Path work) throws Exception {
    Path promtool = Promtool.find();
    if (promtool == null) {
      return;
    }
    StringBuilder rules = new StringBuilder("groups:\n  - name: docs\n    rules:\n");
    for (int i = 0; i < queries.size(); i++) {
      rules
          .append("      - record: docs:query")
          .append(i)
          .append("\n        expr: '")
          .append(queries.get(i).replace("'", "''"))
          .append("'\n");
    }
    Path file = work.resolve("documented-queries.yml");
    Files.writeString(file, rules);
    Process process =
        new ProcessBuilder(promtool.toString(), "check", "rules", file.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("promtool check rules:\n" + output).isZero();
  }
}
