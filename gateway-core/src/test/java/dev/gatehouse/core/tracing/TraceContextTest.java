package dev.gatehouse.core.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** W3C Trace Context level 1 parsing, as the specification's test cases read. */
class TraceContextTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT = "00f067aa0ba902b7";

  @Test
  void aValidTraceparentIsContinuedWithItsFlagsAndState() {
    TraceContext trace =
        TraceContext.parse("00-" + TRACE + "-" + PARENT + "-01", List.of("a=1", "b=2"));

    assertThat(trace).isEqualTo(new TraceContext(TRACE, "01", "a=1,b=2", true));
    assertThat(trace.traceparent("1111111111111111"))
        .isEqualTo("00-" + TRACE + "-1111111111111111-01");
  }

  @Test
  void aLaterVersionIsReadByItsFirstFieldsAndKeepsOnlyTheSampledFlag() {
    TraceContext trace =
        TraceContext.parse("cc-" + TRACE + "-" + PARENT + "-03-what-ever", List.of());

    assertThat(trace).isEqualTo(new TraceContext(TRACE, "01", null, true));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g",
        "00-4bf92f3577b34da6a3ce929d0e0e473-600f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
        "garbage"
      })
  void malformedHeadersAreRefused(String header) {
    assertThat(TraceContext.parse(header, List.of())).isNull();
  }

  @Test
  void withoutAValidParentANewSampledTraceStarts() {
    MultiMap twoParents =
        MultiMap.caseInsensitiveMultiMap()
            .add("traceparent", "00-" + TRACE + "-" + PARENT + "-01")
            .add("traceparent", "00-" + TRACE + "-" + PARENT + "-01");

    TraceContext fresh = TraceContext.from(MultiMap.caseInsensitiveMultiMap());
    TraceContext ambiguous = TraceContext.from(twoParents);

    assertThat(fresh.incoming()).isFalse();
    assertThat(fresh.traceId()).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
    assertThat(fresh.flags()).isEqualTo("01");
    assertThat(fresh.tracestate()).isNull();
    assertThat(ambiguous.incoming()).isFalse();
    assertThat(ambiguous.traceId()).isNotEqualTo(TRACE);
    assertThat(TraceContext.newSpanId()).matches("[0-9a-f]{16}").isNotEqualTo(PARENT);
  }
}
