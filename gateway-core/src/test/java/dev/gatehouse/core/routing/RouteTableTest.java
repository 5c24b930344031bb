package dev.gatehouse.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RouteTableTest {

  private static final Set<String> ANY_METHOD = Set.of();

  // Compat section 7, items 1 to 3: host, wildcard host and hostRegex endpoints.
  private final RouteTable<String> hosts =
      RouteTable.<String>builder()
          .add(HostPattern.glob("*.acme.com"), PathPattern.express("*"), ANY_METHOD, "wildcard")
          .add(HostPattern.glob("*.*.example.com"), PathPattern.express("*"), ANY_METHOD, "deep")
          .add(HostPattern.glob("acme.com"), PathPattern.express("*"), ANY_METHOD, "exact")
          .add(
              HostPattern.regex("[a-z]{3}.parrots.com"),
              PathPattern.express("*"),
              ANY_METHOD,
              "parrots")
          .build();

  @Test
  void wildcardHostServesOneLabelSubdomainsOnly() {
    assertThat(targets(hosts, "abc.acme.com", "GET", "/")).containsExactly("wildcard");
    assertThat(targets(hosts, "abc.acme.com", "GET", "/pretty")).containsExactly("wildcard");
    assertThat(targets(hosts, "zx.abc.acme.com", "GET", "/")).isEmpty();
    assertThat(targets(hosts, "abc.example.com", "GET", "/")).isEmpty();
    assertThat(targets(hosts, "sub.abc.example.com", "GET", "/")).containsExactly("deep");
  }

  @Test
  void exactHostServesOnlyThatHost() {
    assertThat(targets(hosts, "acme.com", "GET", "/")).containsExactly("exact");
    assertThat(targets(hosts, "acme.com", "GET", "/pretty")).containsExactly("exact");
    assertThat(targets(hosts, "abc.acme.com", "GET", "/")).doesNotContain("exact");
  }

  @Test
  void hostRegexServesMatchingHostsOnly() {
    assertThat(targets(hosts, "abc.parrots.com", "GET", "/")).containsExactly("parrots");
    assertThat(targets(hosts, "parrots.com", "GET", "/")).isEmpty();
    assertThat(targets(hosts, "abcd.parrots.com", "GET", "/")).isEmpty();
  }

  @Test
  void requestWithoutHostMatchesNoHostSpecificEndpoint() {
    assertThat(targets(hosts, null, "GET", "/")).isEmpty();
  }

  @Test
  void endpointWithoutHostOrPathsServesAnyHostAndPath() {
    RouteTable<String> table = table(HostPattern.any(), "*", ANY_METHOD, "all");
    assertThat(targets(table, null, "GET", "/")).containsExactly("all");
    assertThat(targets(table, "x.y.z", "DELETE", "/a/b/c/")).containsExactly("all");
  }

  @Test
  void adminPathServesOnlyAdmin() {
    RouteTable<String> table = table(HostPattern.any(), "/admin", ANY_METHOD, "admin");
    assertThat(targets(table, "h", "GET", "/admin")).containsExactly("admin");
    assertThat(targets(table, "h", "GET", "/admin/")).containsExactly("admin");
    assertThat(targets(table, "h", "GET", "/admin/x")).isEmpty();
  }

  @Test
  void adminStarServesDeeperPathsButNotAdmin() {
    RouteTable<String> table = table(HostPattern.any(), "/admin/*", ANY_METHOD, "deep");
    assertThat(targets(table, "h", "GET", "/admin/x")).containsExactly("deep");
    assertThat(targets(table, "h", "GET", "/admin/x/y")).containsExactly("deep");
    assertThat(targets(table, "h", "GET", "/admin")).isEmpty();
  }

  @Test
  void adminAndAdminStarTogetherServeBoth() {
    RouteTable<String> table =
        RouteTable.<String>builder()
            .add(HostPattern.any(), PathPattern.express("/admin"), ANY_METHOD, "both")
            .add(HostPattern.any(), PathPattern.express("/admin/*"), ANY_METHOD, "both")
            .build();
    assertThat(targets(table, "h", "GET", "/admin")).containsExactly("both");
    assertThat(targets(table, "h", "GET", "/admin/x/y")).containsExactly("both");
  }

  @Test
  void paramPathServesOneSegmentAndExposesParams() {
    RouteTable<String> table =
        RouteTable.<String>builder()
            .add(HostPattern.any(), PathPattern.express("/admin/:id"), ANY_METHOD, "one")
            .add(HostPattern.any(), PathPattern.express("/admin/:group/:id"), ANY_METHOD, "two")
            .build();
    assertThat(targets(table, "h", "GET", "/admin/7")).containsExactly("one");
    RouteMatch<String> match = table.matches("h", "GET", "/admin/ops/7").next();
    assertThat(match.target()).isEqualTo("two");
    assertThat(match.params()).containsOnly(Map.entry("group", "ops"), Map.entry("id", "7"));
    assertThat(targets(table, "h", "GET", "/admin/a/b/c")).isEmpty();
  }

  @Test
  void pathRegexWithMethodsServesOnlyThoseMethods() {
    RouteTable<String> table =
        RouteTable.<String>builder()
            .add(HostPattern.any(), PathPattern.regex("/wild-cats$"), Set.of("POST", "PUT"), "cats")
            .build();
    assertThat(targets(table, "h", "POST", "/wild-cats")).containsExactly("cats");
    assertThat(targets(table, "h", "PUT", "/zoo/wild-cats")).containsExactly("cats");
    assertThat(targets(table, "h", "GET", "/wild-cats")).isEmpty();
  }

  @Test
  void methodListServesOnlyListedMethods() {
    RouteTable<String> table = table(HostPattern.any(), "/admin", Set.of("PUT"), "put");
    assertThat(targets(table, "h", "PUT", "/admin")).containsExactly("put");
    assertThat(targets(table, "h", "GET", "/admin")).isEmpty();
    assertThat(targets(table, "h", "POST", "/admin")).isEmpty();
  }

  @Test
  void headMatchesRoutesThatAllowGet() {
    RouteTable<String> table = table(HostPattern.any(), "/r", Set.of("GET"), "get");
    assertThat(targets(table, "h", "HEAD", "/r")).containsExactly("get");
    assertThat(targets(table, "h", "GET", "/r")).containsExactly("get");
  }

  @Test
  void getDoesNotMatchRoutesThatAllowOnlyHead() {
    RouteTable<String> table = table(HostPattern.any(), "/r", Set.of("HEAD"), "head");
    assertThat(targets(table, "h", "HEAD", "/r")).containsExactly("head");
    assertThat(targets(table, "h", "GET", "/r")).isEmpty();
  }

  @Test
  void firstMatchIsTheFirstAddedWithinAHost() {
    RouteTable<String> table =
        RouteTable.<String>builder()
            .add(HostPattern.any(), PathPattern.express("/api/*"), ANY_METHOD, "general")
            .add(HostPattern.any(), PathPattern.express("/api/users"), ANY_METHOD, "specific")
            .build();
    assertThat(table.matches("h", "GET", "/api/users").next().target()).isEqualTo("general");
  }

  @Test
  void pipelineThatDoesNotAnswerFallsThroughToTheNextMatchInOrder() {
    RouteTable<String> table =
        RouteTable.<String>builder()
            .add(HostPattern.any(), PathPattern.express("/api/*"), ANY_METHOD, "log-only")
            .add(HostPattern.any(), PathPattern.express("/other"), ANY_METHOD, "unrelated")
            .add(HostPattern.any(), PathPattern.express("*"), ANY_METHOD, "proxy")
            .build();
    assertThat(targets(table, "h", "GET", "/api/x")).containsExactly("log-only", "proxy");
  }

  @Test
  void routesAreGroupedByHostInOrderOfFirstAppearance() {
    RouteTable<String> table =
        RouteTable.<String>builder()
            .add(HostPattern.any(), PathPattern.express("/a"), ANY_METHOD, "any-1")
            .add(HostPattern.glob("x.com"), PathPattern.express("/a"), ANY_METHOD, "x-1")
            .add(HostPattern.any(), PathPattern.express("/a"), ANY_METHOD, "any-2")
            .add(HostPattern.regex("x\\.com"), PathPattern.express("/a"), ANY_METHOD, "re-1")
            .add(HostPattern.glob("x.com"), PathPattern.express("*"), ANY_METHOD, "x-2")
            .build();
    // Host groups are not sorted by specificity: the any-host group appeared first.
    assertThat(targets(table, "x.com", "GET", "/a"))
        .containsExactly("any-1", "any-2", "x-1", "x-2", "re-1");
    assertThat(targets(table, "y.com", "GET", "/a")).containsExactly("any-1", "any-2");
  }

  @Test
  void fallThroughCrossesHostGroups() {
    RouteTable<String> table =
        RouteTable.<String>builder()
            .add(HostPattern.glob("*.acme.com"), PathPattern.express("/api/*"), ANY_METHOD, "acme")
            .add(HostPattern.any(), PathPattern.express("*"), ANY_METHOD, "default")
            .build();
    assertThat(targets(table, "abc.acme.com", "GET", "/api/x")).containsExactly("acme", "default");
  }

  @Test
  void indexedRoutesKeepTheirOrderAmongRoutesWithoutLeadingLiteral() {
    RouteTable<String> table =
        RouteTable.<String>builder()
            .add(HostPattern.any(), PathPattern.express("/users/:id"), ANY_METHOD, "users-1")
            .add(HostPattern.any(), PathPattern.express("/:kind/:id"), ANY_METHOD, "generic")
            .add(HostPattern.any(), PathPattern.express("/Users/*"), ANY_METHOD, "users-2")
            .add(HostPattern.any(), PathPattern.express("/orders/:id"), ANY_METHOD, "orders")
            .add(HostPattern.any(), PathPattern.regex("/1$"), ANY_METHOD, "regex")
            .build();
    assertThat(targets(table, "h", "GET", "/users/1"))
        .containsExactly("users-1", "generic", "users-2", "regex");
    assertThat(targets(table, "h", "GET", "/USERS/1"))
        .containsExactly("users-1", "generic", "users-2", "regex");
    assertThat(targets(table, "h", "GET", "/orders/1"))
        .containsExactly("generic", "orders", "regex");
    assertThat(targets(table, "h", "GET", "/other/1")).containsExactly("generic", "regex");
    assertThat(targets(table, "h", "GET", "/")).isEmpty();
  }

  @Test
  void matchesAreFoundLazilySoALaterBadParamFailsOnlyWhenReached() {
    RouteTable<String> table =
        RouteTable.<String>builder()
            .add(HostPattern.any(), PathPattern.regex("^/files/"), ANY_METHOD, "static")
            .add(HostPattern.any(), PathPattern.express("/files/:name"), ANY_METHOD, "named")
            .build();
    Iterator<RouteMatch<String>> matches = table.matches("h", "GET", "/files/%FF");
    assertThat(matches.next().target()).isEqualTo("static");
    assertThatThrownBy(matches::hasNext).isInstanceOf(MalformedPathException.class);
  }

  @Test
  void iteratorEndsCleanly() {
    RouteTable<String> table = table(HostPattern.any(), "/a", ANY_METHOD, "a");
    Iterator<RouteMatch<String>> matches = table.matches("h", "GET", "/a");
    assertThat(matches.hasNext()).isTrue();
    assertThat(matches.hasNext()).isTrue();
    assertThat(matches.next().params()).isEmpty();
    assertThat(matches.hasNext()).isFalse();
    assertThat(matches.hasNext()).isFalse();
    assertThatThrownBy(matches::next).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void routesAddedAfterBuildDoNotChangeTheBuiltTable() {
    RouteTable.Builder<String> builder =
        RouteTable.<String>builder()
            .add(HostPattern.any(), PathPattern.express("/a"), ANY_METHOD, "a");
    RouteTable<String> table = builder.build();
    builder.add(HostPattern.any(), PathPattern.express("*"), ANY_METHOD, "later");
    assertThat(targets(table, "h", "GET", "/a")).containsExactly("a");
  }

  @ParameterizedTest
  @ValueSource(strings = {"get", "Post", "*", "", " "})
  void methodThatIsNotAnUpperCaseNameIsRejected(String method) {
    RouteTable.Builder<String> builder = RouteTable.builder();
    assertThatThrownBy(
            () -> builder.add(HostPattern.any(), PathPattern.express("/"), Set.of(method), "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("upper-case method name");
  }

  private static RouteTable<String> table(
      HostPattern host, String path, Set<String> methods, String target) {
    return RouteTable.<String>builder()
        .add(host, PathPattern.express(path), methods, target)
        .build();
  }

  private static List<String> targets(
      RouteTable<String> table, String host, String method, String path) {
    List<String> targets = new ArrayList<>();
    table.matches(host, method, path).forEachRemaining(match -> targets.add(match.target()));
    return targets;
  }
}
