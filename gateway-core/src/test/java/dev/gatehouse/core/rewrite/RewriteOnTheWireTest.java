package dev.gatehouse.core.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gatehouse.core.server.GatewayHandler;
import dev.gatehouse.core.testing.BackendGateway;
import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/**
 * The {@code rewrite} policy with its {@code pathmatch} and {@code regexpmatch} conditions against
 * a real backend (compat section 3.15): the backend sees the rewritten path, redirects carry the
 * new URL and keep the query string.
 */
@ExtendWith(BlockedThreadGuard.class)
class RewriteOnTheWireTest {

  private static final String CONFIG =
      """
      http: {port: 0}
      apiEndpoints:
        tina: {paths: '/tina/*'}
        api: {paths: '/api/*'}
        js: {paths: '/js/*'}
        moved: {paths: '/moved/*'}
        cafe: {paths: '/cafe/*'}
        chained: {paths: '/chained/*'}
        ungated: {paths: /ungated}
        unfilled: {paths: '/unfilled/*'}
      serviceEndpoints:
        backend: {url: '${BACKEND}'}
      policies: [rewrite, proxy]
      pipelines:
        tina:
          apiEndpoints: [tina]
          policies:
            - rewrite:
                - condition: {name: pathmatch, match: '/tina/:code(\\d+)'}
                  action: {rewrite: '/status/:code', redirect: 302}
            - proxy: {action: {serviceEndpoint: backend}}
        api:
          apiEndpoints: [api]
          policies:
            - rewrite:
                condition: {name: pathmatch, match: '/api/:route*'}
                action: {rewrite: '/api/v1/:route'}
            - proxy: {action: {serviceEndpoint: backend}}
        js:
          apiEndpoints: [js]
          policies:
            - rewrite:
                condition: {name: regexpmatch, match: '^/js/(.*)$'}
                action: {rewrite: '/src/js/$1'}
            - proxy: {action: {serviceEndpoint: backend}}
        moved:
          apiEndpoints: [moved]
          policies:
            - rewrite:
                condition: {name: regexpmatch, match: '^/moved/(.*)$'}
                action: {rewrite: 'https://new.example.com/$1', redirect: 301}
        cafe:
          apiEndpoints: [cafe]
          policies:
            - rewrite:
                condition: {name: pathmatch, match: '/cafe/:item'}
                action: {rewrite: '/café menu/:item', redirect: 307}
        chained:
          apiEndpoints: [chained]
          policies:
            - rewrite:
                - condition: {name: pathmatch, match: '/chained/:name'}
                  action: {rewrite: '/step/:name'}
                - condition: {name: regexpmatch, match: '^/step/'}
                  action: {rewrite: '/final/'}
            - proxy: {action: {serviceEndpoint: backend}}
        ungated:
          apiEndpoints: [ungated]
          policies:
            - rewrite: {action: {rewrite: /elsewhere}}
            - proxy: {action: {serviceEndpoint: backend}}
        unfilled:
          apiEndpoints: [unfilled]
          policies:
            - rewrite:
                condition: {name: pathmatch, match: '/unfilled/:id'}
                action: {rewrite: '/items/:itemId'}
            - proxy: {action: {serviceEndpoint: backend}}
      """;

  @RegisterExtension static final BackendGateway gateway = new BackendGateway(CONFIG);

  private static final ListAppender<ILoggingEvent> failures = new ListAppender<>();

  @BeforeAll
  static void captureFailures() {
    failures.start();
    ((Logger) LoggerFactory.getLogger(GatewayHandler.class)).addAppender(failures);
  }

  @AfterAll
  static void releaseFailures() {
    ((Logger) LoggerFactory.getLogger(GatewayHandler.class)).detachAppender(failures);
  }

  @ParameterizedTest(name = "{0} reaches the backend as {1}")
  @CsvSource({
    // pathmatch: path-to-regexp 3.x, ':route*' spans segments
    "/api/users/nick, /api/v1/users/nick",
    "/api/users/nick?page=2, /api/v1/users/nick?page=2",
    // regexpmatch: a JavaScript replacement string
    "/js/resource.js, /src/js/resource.js",
    "/js/lib/a.js?v=3, /src/js/lib/a.js?v=3",
    // pathmatch does not hold: the step is skipped, the path is left alone
    "/tina/abc, /tina/abc",
    // a second condition sees the path the first rewrite made
    "/chained/x, /final/x",
  })
  void theBackendSeesTheRewrittenPath(String uri, String upstream) {
    Reply reply = gateway.get(uri);

    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(reply.json().getString("uri")).isEqualTo(upstream);
  }

  @ParameterizedTest(name = "{0} redirects {1} to {2}")
  @CsvSource({
    "/tina/318, 302, /status/318",
    "/tina/318?x=1&y=2, 302, /status/318?x=1&y=2",
    "/moved/a/b, 301, https://new.example.com/a/b",
    "/moved/a/b?z=9, 301, https://new.example.com/a/b?z=9",
    // what may not stand in a URL is percent-encoded, escapes from the request are kept
    "/cafe/cr%C3%AApe, 307, /caf%C3%A9%20menu/cr%C3%AApe",
  })
  void aRedirectAnswersWithTheNewUrlAndTheQueryString(String uri, int status, String location) {
    Reply reply = gateway.get(uri);

    assertThat(reply.status()).isEqualTo(status);
    assertThat(reply.header("location")).isEqualTo(location);
  }

  @Test
  void aRewriteStepWithoutAMatchingConditionFailsWith500AndSaysWhatToAdd() {
    Reply reply = gateway.get("/ungated");

    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.text()).doesNotContain("pathmatch");
    assertThat(failures.list)
        .anySatisfy(
            event ->
                assertThat(event.getFormattedMessage())
                    .contains("policy_failed request_id=")
                    .contains("pipeline=ungated")
                    .contains("gate it with a 'pathmatch' or 'regexpmatch' condition"));
  }

  @Test
  void aTemplateParameterTheConditionDidNotCaptureFailsWith500() {
    Reply reply = gateway.get("/unfilled/7");

    assertThat(reply.status()).isEqualTo(500);
    assertThat(failures.list)
        .anySatisfy(
            event ->
                assertThat(event.getFormattedMessage())
                    .contains("pipeline=unfilled")
                    .contains("needs the parameter 'itemId'"));
  }
}
