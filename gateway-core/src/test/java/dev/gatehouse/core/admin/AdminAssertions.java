package dev.gatehouse.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.testing.Reply;
import io.vertx.core.json.JsonObject;

/** Checks of Admin API answers shared by its tests. */
final class AdminAssertions {

  private AdminAssertions() {}

  /** An RFC 9457 problem with this status and code. */
  static void assertProblem(Reply reply, int status, String code) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
    assertThat(reply.header("content-type")).isEqualTo("application/problem+json");
    JsonObject problem = reply.json();
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("code")).isEqualTo(code);
    assertThat(problem.getString("type")).isEqualTo("about:blank");
    assertThat(problem.getString("title")).isNotBlank();
  }
}
