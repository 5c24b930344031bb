package dev.gatehouse.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostGroupTest {

  private static RouteEntry<String> route(String path, String target) {
    return new RouteEntry<>(PathPattern.express(path), Set.of(), target);
  }

  private final HostGroup<String> group =
      new HostGroup<>(
          HostPattern.any(),
          List.of(
              route("/users/:id", "users-1"),
              route("*", "all"),
              route("/orders/*", "orders"),
              route("/users", "users-2"),
              route("/:kind/x", "generic")));

  @Test
  void pathIsTestedOnlyAgainstRoutesThatCanMatchItsFirstSegment() {
    assertThat(group.candidates("users"))
        .extracting(RouteEntry::target)
        .containsExactly("users-1", "all", "users-2", "generic");
    assertThat(group.candidates("orders"))
        .extracting(RouteEntry::target)
        .containsExactly("all", "orders", "generic");
  }

  @Test
  void unknownFirstSegmentIsTestedOnlyAgainstRoutesWithoutLeadingLiteral() {
    assertThat(group.candidates("other"))
        .extracting(RouteEntry::target)
        .containsExactly("all", "generic");
    assertThat(group.candidates(""))
        .extracting(RouteEntry::target)
        .containsExactly("all", "generic");
  }
}
