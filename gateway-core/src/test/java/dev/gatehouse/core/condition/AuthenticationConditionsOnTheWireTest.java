package dev.gatehouse.core.condition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.Reply;
import dev.gatehouse.core.testing.SharedGateway;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code authenticated} and {@code anonymous} on a real listener (compat section 4, section 7 item
 * 44): they see the consumer an earlier step established, and only from that step on.
 */
@ExtendWith(BlockedThreadGuard.class)
class AuthenticationConditionsOnTheWireTest {

  private static final String CONFIG =
      """
      http: {port: 0}
      apiEndpoints:
        api: {paths: /api}
      policies: [test-authenticate, test-mark, test-echo]
      pipelines:
        api:
          apiEndpoints: [api]
          policies:
            - test-mark: {condition: {name: authenticated}, action: {mark: before-authentication}}
            - test-authenticate:
            - test-mark: {condition: {name: authenticated}, action: {mark: authenticated}}
            - test-mark: {condition: {name: anonymous}, action: {mark: anonymous}}
            - test-mark:
                condition: {name: not, condition: {name: anonymous}}
                action: {mark: not-anonymous}
            - test-mark:
                condition:
                  name: allOf
                  conditions: [{name: authenticated}, {name: method, methods: POST}]
                action: {mark: authenticated-post}
            - test-echo:
      """;

  @RegisterExtension static final SharedGateway gateway = new SharedGateway(CONFIG);

  @ParameterizedTest(name = "{0} consumer={1} -> steps {2}")
  @CsvSource({
    "GET, alice, authenticated not-anonymous",
    "POST, alice, authenticated not-anonymous authenticated-post",
    "GET, '', anonymous",
    "POST, '', anonymous",
  })
  void stepsRunByWhetherAConsumerWasAuthenticated(String method, String consumer, String marks) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (!consumer.isEmpty()) {
      headers.set("x-test-consumer", consumer);
    }

    Reply reply = gateway.send(HttpMethod.valueOf(method), "/api", headers, null);

    assertThat(reply.status()).isEqualTo(200);
    List<String> ran = reply.headers().getAll("x-marks");
    assertThat(ran).containsExactlyInAnyOrderElementsOf(Arrays.asList(marks.split(" ")));
  }
}
