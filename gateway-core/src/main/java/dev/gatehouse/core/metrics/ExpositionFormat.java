package dev.gatehouse.core.metrics;

/**
 * The two text formats {@code /metrics} speaks, chosen by the scraper's {@code Accept} header:
 * OpenMetrics when it prefers {@code application/openmetrics-text}, else Prometheus' text format
 * 0.0.4 (what any other client, {@code curl} included, gets).
 */
public enum ExpositionFormat {
  PROMETHEUS_TEXT("text/plain; version=0.0.4; charset=utf-8"),
  OPENMETRICS("application/openmetrics-text; version=1.0.0; charset=utf-8");

  private final String contentType;

  ExpositionFormat(String contentType) {
    this.contentType = contentType;
  }

  /** The {@code Content-Type} of a scrape in this format. */
  public String contentType() {
    return contentType;
  }

  /**
   * The format {@code accept} prefers: OpenMetrics when its quality is at least that of plain text
   * (including {@code text/*} and {@code *}{@code /*}), else text 0.0.4.
   */
  public static ExpositionFormat negotiate(String accept) {
    if (accept == null) {
      return PROMETHEUS_TEXT;
    }
    double openMetrics = 0;
    double text = 0;
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      String type = parts[0].trim().toLowerCase(java.util.Locale.ROOT);
      double quality = quality(parts);
      if (type.equals("application/openmetrics-text")) {
        openMetrics = Math.max(openMetrics, quality);
      } else if (type.equals("text/plain") || type.equals("text/*") || type.equals("*/*")) {
        text = Math.max(text, quality);
      }
    }
    return openMetrics > 0 && openMetrics >= text ? OPENMETRICS : PROMETHEUS_TEXT;
  }

  private static double quality(String[] parameters) {
    for (int i = 1; i < parameters.length; i++) {
      String parameter = parameters[i].trim();
      if (parameter.startsWith("q=")) {
        try {
          return Double.parseDouble(parameter.substring(2));
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 1;
  }
}
