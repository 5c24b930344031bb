package dev.gatehouse.core.proxy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Round-robin over a service endpoint's targets, per proxy step as in Express Gateway. Shared by
 * all event loops: the position is an atomic counter.
 */
final class Balancer {

  private final UpstreamTarget[] targets;
  private final AtomicInteger position = new AtomicInteger();

  Balancer(List<UpstreamTarget> targets) {
    this.targets = targets.toArray(UpstreamTarget[]::new);
  }

  UpstreamTarget next() {
    if (targets.length == 1) {
      return targets[0];
    }
    return targets[Math.floorMod(position.getAndIncrement(), targets.length)];
  }
}
