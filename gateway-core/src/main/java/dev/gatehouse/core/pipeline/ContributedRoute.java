package dev.gatehouse.core.pipeline;

import dev.gatehouse.api.ApiEndpoint;
import dev.gatehouse.api.RouteHandler;
import dev.gatehouse.core.metrics.RouteMeters;

/**
 * A route a plugin registered, with the synthetic endpoint its exchanges report (named {@code
 * route:METHOD path}) and the request meters of that endpoint.
 */
public record ContributedRoute(ApiEndpoint endpoint, RouteHandler handler, RouteMeters meters) {}
