package dev.gatehouse.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.Reply;
import dev.gatehouse.core.testing.SharedGateway;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Express Gateway's routing on a real listener: compat section 2.2.2 and section 7 items 1-9 and
 * 48. Each endpoint's pipeline answers with the endpoint's name ({@code test-echo}).
 */
@ExtendWith(BlockedThreadGuard.class)
class RoutingOnTheWireTest {

  private static final String CONFIG =
      """
      http: {port: 0}
      apiEndpoints:
        wildcardHost: {host: '*.acme.com', paths: ['/', '/pretty']}
        twoLabels: {host: '*.*.example.com'}
        exactHost: {host: acme.com, paths: ['/', '/pretty']}
        parrots: {hostRegex: '[a-z]{3}.parrots.com'}
        api: {host: paths.test, paths: /api}
        apiStar: {host: paths.test, paths: '/api/*'}
        apiPrefix: {host: prefix.test, paths: '/api*'}
        users: {host: paths.test, paths: '/users/:id'}
        optional: {host: optional.test, paths: '/users/:id?'}
        deep: {host: paths.test, paths: '/v1/*/x'}
        groups: {host: paths.test, path: '/admin/:group/:id'}
        wildCats: {host: methods.test, pathRegex: '/wild-cats$', methods: 'POST,PUT'}
        adminPut: {host: methods.test, paths: /admin, methods: [PUT]}
        scoped:
          host: scopes.test
          scopes: [read, {scope: write, verbs: [POST]}]
        unbound: {host: unbound.test}
        logOnly: {host: fall.test, paths: '/x'}
        fallback: {host: fall.test, paths: '/x'}
        catchAll: {}
      policies: [test-echo, test-mark]
      pipelines:
        echo:
          apiEndpoints: [wildcardHost, twoLabels, exactHost, parrots, api, apiStar, apiPrefix,
                         users, optional, deep, groups, wildCats, adminPut, scoped, fallback,
                         catchAll]
          policies:
            - test-echo:
        marksOnly:
          apiEndpoints: [logOnly]
          policies:
            - test-mark: {action: {mark: first}}
      """;

  @RegisterExtension static final SharedGateway gateway = new SharedGateway(CONFIG);

  private static Reply get(String host, String path) {
    return gateway.get(host, path);
  }

  private static String endpointFor(String host, String path) {
    Reply reply = get(host, path);
    return reply.status() == 200
        ? reply.json().getString("endpoint")
        : String.valueOf(reply.status());
  }

  @ParameterizedTest(name = "{0}{1} -> {2}")
  @CsvSource({
    // item 1: '*' is exactly one DNS label
    "abc.acme.com, /, wildcardHost",
    "abc.acme.com, /pretty, wildcardHost",
    "ABC.Acme.com, /, wildcardHost",
    "abc.acme.com:8080, /, wildcardHost",
    "sub.abc.example.com, /, twoLabels",
    // item 2: exact host, not its subdomains
    "acme.com, /, exactHost",
    "acme.com, /pretty, exactHost",
    // item 3: hostRegex, anchored
    "abc.parrots.com, /, parrots",
    // items 1-3 non-matches fall to the catch-all endpoint (item 4)
    "zx.abc.acme.com, /, catchAll",
    "abc.example.com, /, catchAll",
    "parrots.com, /, catchAll",
    "abcd.parrots.com, /, catchAll",
    "acme.com, /ugly, catchAll",
    // compat 2.2.2 path table
    "paths.test, /api, api",
    "paths.test, /api/, api",
    "paths.test, /API, api",
    "paths.test, /api/a, apiStar",
    "paths.test, /api/a/b, apiStar",
    "prefix.test, /api, apiPrefix",
    "prefix.test, /apix, apiPrefix",
    "prefix.test, /api/x/y, apiPrefix",
    "paths.test, /users/1, users",
    "paths.test, /users/1/, users",
    "paths.test, /users, catchAll",
    "paths.test, /users/1/x, catchAll",
    "optional.test, /users, optional",
    "optional.test, /users/5, optional",
    "paths.test, /v1/a/x, deep",
    "paths.test, /v1/a/b/x, deep",
    // the query string never takes part in matching
    "paths.test, /api?x=1, api",
  })
  void routesLikeExpressGateway(String host, String path, String expected) {
    assertThat(endpointFor(host, path)).isEqualTo(expected);
  }

  @Test
  void namedSegmentsArePathParameters() {
    Reply reply = get("paths.test", "/admin/staff/42");

    assertThat(reply.json().getString("endpoint")).isEqualTo("groups");
    assertThat(reply.json().getJsonObject("params").getMap())
        .containsEntry("group", "staff")
        .containsEntry("id", "42");
  }

  @Test
  void pathRegexWithMethodListServesOnlyThoseMethods() {
    assertThat(send(HttpMethod.POST, "methods.test", "/wild-cats").json().getString("endpoint"))
        .isEqualTo("wildCats");
    assertThat(send(HttpMethod.PUT, "methods.test", "/wild-cats").json().getString("endpoint"))
        .isEqualTo("wildCats");
    assertThat(send(HttpMethod.GET, "methods.test", "/wild-cats").json().getString("endpoint"))
        .isEqualTo("catchAll");
    assertThat(send(HttpMethod.PUT, "methods.test", "/admin").json().getString("endpoint"))
        .isEqualTo("adminPut");
    assertThat(send(HttpMethod.GET, "methods.test", "/admin").json().getString("endpoint"))
        .isEqualTo("catchAll");
  }

  @Test
  void endpointScopesReachThePipelineIncludingLegacyScopeObjects() {
    Reply reply = get("scopes.test", "/");

    assertThat(reply.json().getJsonArray("scopes").getList()).containsExactly("read", "write");
    assertThat(reply.json().getJsonObject("definition").getJsonArray("scopes").getValue(1))
        .hasToString("{\"scope\":\"write\",\"verbs\":[\"POST\"]}");
  }

  @Test
  void anEndpointNoPipelineServesAnswers404WithoutFallingThrough() {
    Reply reply = get("unbound.test", "/");

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.header("content-type")).isEqualTo("application/problem+json");
    assertThat(reply.json().getString("code")).isEqualTo("route.not_found");
  }

  @Test
  void aPipelineThatDoesNotAnswerFallsThroughToTheNextMatchingEndpoint() {
    Reply reply = get("fall.test", "/x");

    assertThat(reply.json().getString("endpoint")).isEqualTo("fallback");
    assertThat(reply.header("x-marks")).isEqualTo("first");
  }

  private static Reply send(HttpMethod method, String host, String path) {
    return gateway.send(method, host, path);
  }
}
