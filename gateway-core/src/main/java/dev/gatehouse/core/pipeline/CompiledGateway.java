package dev.gatehouse.core.pipeline;

import dev.gatehouse.core.config.GatewayConfig;
import dev.gatehouse.core.routing.RouteTable;
import java.util.List;

/**
 * A configuration compiled into the object graph requests walk: route tables and pipelines.
 * Immutable and shared by every event loop; a reload builds a new one and swaps it in.
 *
 * @param config the configuration it was compiled from
 * @param endpoints API endpoint routes in Express Gateway's dispatch order
 * @param gatewayRoutes plugin routes on the gateway listener, matched before API endpoints
 * @param adminRoutes plugin routes on the admin listener
 * @param pipelines the compiled pipelines
 * @param trustedProxies the proxies whose forwarding headers identify clients
 * @param closeables the policies and conditions that hold resources to release when this
 *     configuration is replaced or the gateway stops
 */
public record CompiledGateway(
    GatewayConfig config,
    RouteTable<EndpointTarget> endpoints,
    RouteTable<ContributedRoute> gatewayRoutes,
    RouteTable<ContributedRoute> adminRoutes,
    List<Pipeline> pipelines,
    TrustedProxies trustedProxies,
    List<AutoCloseable> closeables) {}
