package dev.gatehouse.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Content negotiation of {@code /metrics}. */
class ExpositionFormatTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "|PROMETHEUS_TEXT",
        "*/*|PROMETHEUS_TEXT",
        "text/plain;version=0.0.4|PROMETHEUS_TEXT",
        "application/openmetrics-text;version=1.0.0|OPENMETRICS",
        "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1|OPENMETRICS",
        "application/openmetrics-text;q=0.3,text/plain;q=0.9|PROMETHEUS_TEXT",
        "application/openmetrics-text;q=0|PROMETHEUS_TEXT",
        "application/openmetrics-text;q=oops|PROMETHEUS_TEXT",
        "application/json|PROMETHEUS_TEXT"
      })
  void theScrapersPreferenceWins(String accept, ExpositionFormat expected) {
    assertThat(ExpositionFormat.negotiate(accept)).isEqualTo(expected);
  }
}
