package dev.gatehouse.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which incoming {@code X-Request-ID} values a trusting gateway takes. */
class RequestIdsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0f5c8a2e-1b7d-4c1e-9a63-2b8f0f2d7e11",
        "x2Llc6nn4OCrldFwi0pIM6",
        "Zm9vYmFy+/==",
        "trace:abc.def_1~2@host"
      })
  void wellFormedIdsAreTaken(String id) {
    assertThat(RequestIds.accept(id)).isEqualTo(id);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space", "semi;colon", "quote\"", "new\nline", "ünïcode"})
  void anythingElseIsRefused(String id) {
    assertThat(RequestIds.accept(id)).isNull();
  }

  @org.junit.jupiter.api.Test
  void idsAreAtMost128Characters() {
    assertThat(RequestIds.accept("a".repeat(128))).hasSize(128);
    assertThat(RequestIds.accept("a".repeat(129))).isNull();
    assertThat(RequestIds.accept(null)).isNull();
  }
}
