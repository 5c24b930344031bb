package com.example.gatehouse.stamp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.api.Response;
import dev.gatehouse.testkit.InvalidActionException;
import dev.gatehouse.testkit.PolicyHarness;
import dev.gatehouse.testkit.TestRequest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class HeaderStampPolicyTest {

  @Test
  void stampsTheUpstreamRequestAndEchoesTheStampOnTheResponse() {
    try (PolicyHarness harness =
        PolicyHarness.of(new HeaderStampPolicyFactory()).withAction("value: blue")) {
      PolicyHarness.TestRun run = harness.run(TestRequest.get("/orders"));

      assertThat(run.outcome().proceeds()).isTrue();
      assertThat(run.exchange().headers().get("x-stamp")).isEqualTo("blue");
      assertThat(run.respond(Response.of(200)).headers().get("x-stamp")).isEqualTo("blue");
    }
  }

  @Test
  void echoCanBeTurnedOff() {
    try (PolicyHarness harness =
        PolicyHarness.of(new HeaderStampPolicyFactory())
            .withAction("{header: x-colour, value: red, echo: false}")) {
      PolicyHarness.TestRun run = harness.run(TestRequest.get("/"));

      assertThat(run.exchange().headers().get("x-colour")).isEqualTo("red");
      assertThat(run.respond(Response.of(204)).headers().contains("x-colour")).isFalse();
    }
  }

  @Test
  void settingsPrefixTheStamp() {
    try (PolicyHarness harness =
        PolicyHarness.of(new HeaderStampPolicyFactory())
            .withSettings(new JsonObject().put("prefix", "v1-"))
            .withAction("value: blue")) {
      assertThat(harness.run(TestRequest.get("/")).exchange().headers().get("x-stamp"))
          .isEqualTo("v1-blue");
    }
  }

  @Test
  void anActionWithoutValueIsRefusedWithItsPath() {
    try (PolicyHarness harness = PolicyHarness.of(new HeaderStampPolicyFactory())) {
      assertThatThrownBy(() -> harness.withAction("header: x-stamp"))
          .isInstanceOf(InvalidActionException.class)
          .hasMessageContaining("value");
    }
  }
}
