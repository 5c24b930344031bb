package dev.gatehouse.core.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4 and of OpenMetrics 1.0, written
 * from the format specifications and independent of the client library that produced the text. It
 * rejects what a Prometheus server would reject (bad names, bad escapes, samples before or outside
 * their family, a family declared twice, non-cumulative or incomplete histograms, a missing {@code
 * # EOF} in OpenMetrics) and gives tests the samples to assert on. Public for the distribution's
 * tests, which scrape the built gateway.
 */
public final class Exposition {

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Set<String> TEXT_TYPES =
      Set.of("counter", "gauge", "histogram", "summary", "untyped");
  private static final Set<String> OPENMETRICS_TYPES =
      Set.of(
          "counter",
          "gauge",
          "histogram",
          "gaugehistogram",
          "summary",
          "info",
          "stateset",
          "unknown");

  /** One sample line. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  /** A metric family: its declared type, help and samples in order. */
  public record Family(String name, String type, String help, List<Sample> samples) {}

  private final Map<String, Family> families;

  private Exposition(Map<String, Family> families) {
    this.families = families;
  }

  /** Parses text format 0.0.4. */
  public static Exposition parseText(String text) {
    return new Parser(text, false).parse();
  }

  /** Parses OpenMetrics 1.0. */
  public static Exposition parseOpenMetrics(String text) {
    return new Parser(text, true).parse();
  }

  public Map<String, Family> families() {
    return families;
  }

  /** The one sample named {@code name} whose labels include {@code labels}; fails otherwise. */
  public double value(String name, String... labels) {
    List<Sample> found = samples(name, labels);
    if (found.size() != 1) {
      throw new AssertionError(
          "expected one sample " + name + " " + List.of(labels) + ", found " + found);
    }
    return found.get(0).value();
  }

  /** The value of the one matching sample, or 0 when there is none. */
  public double valueOrZero(String name, String... labels) {
    List<Sample> found = samples(name, labels);
    return found.isEmpty() ? 0 : value(name, labels);
  }

  /** Every sample named {@code name} whose labels include {@code labels} (name, value pairs). */
  public List<Sample> samples(String name, String... labels) {
    Map<String, String> wanted = new LinkedHashMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      wanted.put(labels[i], labels[i + 1]);
    }
    List<Sample> found = new ArrayList<>();
    for (Family family : families.values()) {
      for (Sample sample : family.samples()) {
        if (sample.name().equals(name)
            && sample.labels().entrySet().containsAll(wanted.entrySet())) {
          found.add(sample);
        }
      }
    }
    return found;
  }

  private static final class Parser {
    private final String text;
    private final boolean openMetrics;
    private final Map<String, Family> families = new LinkedHashMap<>();
    private final Set<String> closed = new HashSet<>();
    private Family current;
    private int lineNumber;

    Parser(String text, boolean openMetrics) {
      this.text = text;
      this.openMetrics = openMetrics;
    }

    Exposition parse() {
      String[] lines = text.split("\n", -1);
      if (!text.endsWith("\n")) {
        fail("the exposition does not end with a newline");
      }
      boolean eof = false;
      for (int i = 0; i < lines.length - 1; i++) {
        lineNumber = i + 1;
        String line = lines[i];
        if (eof) {
          fail("text after # EOF");
        }
        if (openMetrics && line.equals("# EOF")) {
          eof = true;
        } else if (line.startsWith("#")) {
          comment(line);
        } else if (line.isBlank()) {
          if (openMetrics) {
            fail("blank line");
          }
        } else {
          sample(line);
        }
      }
      if (openMetrics && !eof) {
        fail("OpenMetrics exposition without # EOF");
      }
      families.values().forEach(this::checkFamily);
      return new Exposition(families);
    }

    private void comment(String line) {
      String[] parts = line.split(" ", 4);
      if (parts.length < 3 || !(parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
        if (openMetrics && !(parts.length >= 3 && parts[1].equals("UNIT"))) {
          fail("unexpected comment: " + line);
        }
        return;
      }
      String name = parts[2];
      if (!METRIC_NAME.matcher(name).matches()) {
        fail("invalid metric name " + name);
      }
      Family family = family(name);
      if (parts[1].equals("TYPE")) {
        String type = parts.length > 3 ? parts[3] : "";
        if (!(openMetrics ? OPENMETRICS_TYPES : TEXT_TYPES).contains(type)) {
          fail("unknown type " + type);
        }
        if (family.type() != null) {
          fail("second TYPE line for " + name);
        }
        if (!family.samples().isEmpty()) {
          fail("TYPE after samples of " + name);
        }
        replace(new Family(name, type, family.help(), family.samples()));
      } else {
        String help = parts.length > 3 ? unescapeHelp(parts[3]) : "";
        if (family.help() != null) {
          fail("second HELP line for " + name);
        }
        replace(new Family(name, family.type(), help, family.samples()));
      }
    }

    private Family family(String name) {
      if (closed.contains(name)) {
        fail("family " + name + " appears twice, not in one group");
      }
      if (current != null && !current.name().equals(name)) {
        closed.add(current.name());
      }
      current = families.computeIfAbsent(name, n -> new Family(n, null, null, new ArrayList<>()));
      return current;
    }

    private void replace(Family family) {
      families.put(family.name(), family);
      current = family;
    }

    private void sample(String line) {
      int brace = line.indexOf('{');
      int space = line.indexOf(' ');
      int nameEnd = brace >= 0 && brace < space ? brace : space;
      if (nameEnd <= 0) {
        fail("malformed sample: " + line);
      }
      String name = line.substring(0, nameEnd);
      if (!METRIC_NAME.matcher(name).matches()) {
        fail("invalid metric name " + name);
      }
      Map<String, String> labels = new TreeMap<>();
      int at = nameEnd;
      if (line.charAt(at) == '{') {
        at = labels(line, at + 1, labels);
      }
      if (at >= line.length() || line.charAt(at) != ' ') {
        fail("no value: " + line);
      }
      String[] rest = line.substring(at + 1).split(" ");
      if (rest.length < 1 || rest.length > 2 || rest[0].isEmpty()) {
        fail("malformed value or timestamp: " + line);
      }
      double value = number(rest[0]);
      Family family = familyOf(name);
      if (family != current) {
        fail("sample " + name + " outside the group of its family " + family.name());
      }
      family.samples().add(new Sample(name, labels, value));
    }

    /** Parses {@code name="value",...}} from {@code at}; returns the index after the brace. */
    private int labels(String line, int at, Map<String, String> labels) {
      while (true) {
        if (at >= line.length()) {
          fail("unterminated labels");
        }
        if (line.charAt(at) == '}') {
          return at + 1;
        }
        int equals = line.indexOf('=', at);
        if (equals < 0) {
          fail("label without value");
        }
        String label = line.substring(at, equals);
        if (!LABEL_NAME.matcher(label).matches()) {
          fail("invalid label name " + label);
        }
        if (equals + 1 >= line.length() || line.charAt(equals + 1) != '"') {
          fail("label value not quoted");
        }
        StringBuilder value = new StringBuilder();
        int i = equals + 2;
        for (; i < line.length() && line.charAt(i) != '"'; i++) {
          char c = line.charAt(i);
          if (c == '\\') {
            char next = i + 1 < line.length() ? line.charAt(++i) : 0;
            switch (next) {
              case '\\' -> value.append('\\');
              case '"' -> value.append('"');
              case 'n' -> value.append('\n');
              default -> fail("invalid escape \\" + next);
            }
          } else {
            value.append(c);
          }
        }
        if (i >= line.length()) {
          fail("unterminated label value");
        }
        if (labels.put(label, value.toString()) != null) {
          fail("label " + label + " given twice");
        }
        at = i + 1;
        if (at < line.length() && line.charAt(at) == ',') {
          at++;
        } else if (at >= line.length() || line.charAt(at) != '}') {
          fail("expected , or } after a label");
        }
      }
    }

    /** The family a sample name belongs to, by the suffixes its type allows. */
    private Family familyOf(String name) {
      for (String suffix :
          new String[] {
            "", "_total", "_created", "_bucket", "_count", "_sum", "_info", "_gcount"
          }) {
        if (!suffix.isEmpty() && !name.endsWith(suffix)) {
          continue;
        }
        Family family = families.get(name.substring(0, name.length() - suffix.length()));
        if (family != null && allows(family.type(), suffix)) {
          return family;
        }
      }
      fail("sample " + name + " has no TYPE declared before it");
      return null;
    }

    private boolean allows(String type, String suffix) {
      if (type == null) {
        return suffix.isEmpty();
      }
      return switch (type) {
        case "counter" -> openMetrics ? suffix.equals("_total") || suffix.equals("_created") : true;
        case "histogram" ->
            suffix.equals("_bucket")
                || suffix.equals("_count")
                || suffix.equals("_sum")
                || suffix.equals("_created");
        case "summary" ->
            suffix.isEmpty()
                || suffix.equals("_count")
                || suffix.equals("_sum")
                || suffix.equals("_created");
        case "info" -> suffix.equals("_info");
        default -> suffix.isEmpty();
      };
    }

    /** Histograms: every series has cumulative buckets ending in +Inf, equal to its count. */
    private void checkFamily(Family family) {
      if (family.type() == null) {
        fail("family " + family.name() + " has no TYPE");
      }
      if (openMetrics && family.type().equals("counter")) {
        for (Sample sample : family.samples()) {
          if (sample.name().endsWith("_total") && sample.value() < 0) {
            fail("negative counter " + sample);
          }
        }
      }
      if (!family.type().equals("histogram")) {
        return;
      }
      Map<Map<String, String>, List<Sample>> buckets = new LinkedHashMap<>();
      Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
      for (Sample sample : family.samples()) {
        Map<String, String> series = new TreeMap<>(sample.labels());
        if (sample.name().endsWith("_bucket")) {
          if (series.remove("le") == null) {
            fail("bucket without le: " + sample);
          }
          buckets.computeIfAbsent(series, s -> new ArrayList<>()).add(sample);
        } else if (sample.name().endsWith("_count")) {
          counts.put(series, sample.value());
        }
      }
      buckets.forEach(
          (series, list) -> {
            double previous = -1;
            double bound = Double.NEGATIVE_INFINITY;
            for (Sample bucket : list) {
              double le = number(bucket.labels().get("le"));
              if (le <= bound) {
                fail("buckets of " + family.name() + series + " are not in increasing le order");
              }
              if (bucket.value() < previous) {
                fail("buckets of " + family.name() + series + " are not cumulative");
              }
              bound = le;
              previous = bucket.value();
            }
            if (bound != Double.POSITIVE_INFINITY) {
              fail("histogram " + family.name() + series + " has no +Inf bucket");
            }
            Double count = counts.get(series);
            if (count == null || count != previous) {
              fail("histogram " + family.name() + series + ": +Inf bucket is not its count");
            }
          });
    }

    private double number(String text) {
      return switch (text) {
        case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
        case "-Inf" -> Double.NEGATIVE_INFINITY;
        case "NaN" -> Double.NaN;
        default -> {
          try {
            yield Double.parseDouble(text);
          } catch (NumberFormatException e) {
            fail("not a number: " + text);
            yield 0;
          }
        }
      };
    }

    private String unescapeHelp(String help) {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < help.length(); i++) {
        char c = help.charAt(i);
        if (c == '\\' && i + 1 < help.length()) {
          char next = help.charAt(++i);
          if (next == 'n') {
            out.append('\n');
          } else if (next == '\\' || (openMetrics && next == '"')) {
            out.append(next);
          } else {
            fail("invalid escape in HELP: \\" + next);
          }
        } else {
          out.append(c);
        }
      }
      return out.toString();
    }

    private void fail(String message) {
      throw new IllegalArgumentException("line " + lineNumber + ": " + message);
    }
  }
}
