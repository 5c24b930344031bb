package dev.gatehouse.core.condition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.Reply;
import dev.gatehouse.core.testing.SharedGateway;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every core condition gating a step on a real listener (compat section 4 and section 7 item 44).
 * Each endpoint's first step marks the response with {@code x-marks: ran} only when its condition
 * holds; the second step answers.
 */
@ExtendWith(BlockedThreadGuard.class)
class ConditionsOnTheWireTest {

  private static final String CONFIG =
      """
      http: {port: 0}
      apiEndpoints:
        always: {paths: /always}
        never: {paths: /never}
        allOf: {paths: '/allOf*'}
        oneOf: {paths: '/oneOf*'}
        not: {paths: '/not*'}
        pathExact: {paths: '/exact*'}
        pathMatch: {paths: '/match/*'}
        method: {paths: /method}
        hostMatch: {paths: /host}
        nested: {paths: '/nested*'}
      policies: [test-mark, test-echo]
      pipelines:
        always: {apiEndpoints: [always], policies: [{test-mark: {condition: {name: always}, action: {mark: ran}}}, {test-echo: }]}
        never: {apiEndpoints: [never], policies: [{test-mark: {condition: {name: never}, action: {mark: ran}}}, {test-echo: }]}
        allOf:
          apiEndpoints: [allOf]
          policies:
            - test-mark:
                condition:
                  name: allOf
                  conditions: [{name: method, methods: GET}, {name: pathMatch, pattern: 'yes'}]
                action: {mark: ran}
            - test-echo:
        oneOf:
          apiEndpoints: [oneOf]
          policies:
            - test-mark:
                condition:
                  name: oneOf
                  conditions: [{name: pathExact, path: /oneOf/a}, {name: pathExact, path: /oneOf/b}]
                action: {mark: ran}
            - test-echo:
        not:
          apiEndpoints: [not]
          policies:
            - test-mark:
                condition: {name: not, condition: {name: pathExact, path: /not/skip}}
                action: {mark: ran}
            - test-echo:
        pathExact:
          apiEndpoints: [pathExact]
          policies:
            - test-mark: {condition: {name: pathExact, path: /exact/v1}, action: {mark: ran}}
            - test-echo:
        pathMatch:
          apiEndpoints: [pathMatch]
          policies:
            - test-mark: {condition: {name: pathMatch, pattern: '/match/[0-9]+$'}, action: {mark: ran}}
            - test-echo:
        method:
          apiEndpoints: [method]
          policies:
            - test-mark: {condition: {name: method, methods: [POST, PUT]}, action: {mark: ran}}
            - test-echo:
        hostMatch:
          apiEndpoints: [hostMatch]
          policies:
            - test-mark: {condition: {name: hostMatch, pattern: '*.acme.com:8*'}, action: {mark: ran}}
            - test-echo:
        nested:
          apiEndpoints: [nested]
          policies:
            - test-mark:
                condition:
                  name: allOf
                  conditions:
                    - name: oneOf
                      conditions: [{name: method, methods: POST}, {name: pathMatch, pattern: force}]
                    - name: not
                      condition: {name: hostMatch, pattern: 'blocked.*'}
                action: {mark: ran}
            - test-echo:
      """;

  @RegisterExtension static final SharedGateway gateway = new SharedGateway(CONFIG);

  @ParameterizedTest(name = "{0} {1} host={2} -> step runs: {3}")
  @CsvSource({
    "GET, /always, localhost, true",
    "GET, /never, localhost, false",
    "GET, /allOf/yes, localhost, true",
    "POST, /allOf/yes, localhost, false",
    "GET, /allOf/no, localhost, false",
    "GET, /oneOf/a, localhost, true",
    "GET, /oneOf/b, localhost, true",
    "GET, /oneOf/c, localhost, false",
    "GET, /not/run, localhost, true",
    "GET, /not/skip, localhost, false",
    "GET, /exact/v1, localhost, true",
    // pathExact compares the whole request target, query included, as EG does
    "GET, /exact/v1?x=1, localhost, false",
    "GET, /exact/v2, localhost, false",
    "GET, /match/42, localhost, true",
    "GET, /match/4a, localhost, false",
    "POST, /method, localhost, true",
    "PUT, /method, localhost, true",
    "GET, /method, localhost, false",
    // hostMatch sees the port, as EG does
    "GET, /host, api.acme.com:8080, true",
    "GET, /host, api.acme.com, false",
    "GET, /host, api.other.com:8080, false",
    "POST, /nested, allowed.test, true",
    "GET, /nested/force, allowed.test, true",
    "GET, /nested, allowed.test, false",
    "POST, /nested, blocked.test, false",
  })
  void stepRunsOnlyWhenItsConditionHolds(String method, String uri, String host, boolean runs) {
    Reply reply = gateway.send(HttpMethod.valueOf(method), host, uri);

    assertThat(reply.status()).isEqualTo(200);
    assertThat("ran".equals(reply.header("x-marks"))).isEqualTo(runs);
  }
}
