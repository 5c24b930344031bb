package dev.gatehouse.core.pipeline;

import dev.gatehouse.api.ApiEndpoint;
import dev.gatehouse.api.RouteHandler;

/**
 * A route a plugin registered, with the synthetic endpoint its exchanges report (named {@code
 * route:METHOD path}).
 */
public record ContributedRoute(ApiEndpoint endpoint, RouteHandler handler) {}
