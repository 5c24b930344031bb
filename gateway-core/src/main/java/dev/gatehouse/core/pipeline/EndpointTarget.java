package dev.gatehouse.core.pipeline;

import dev.gatehouse.api.ApiEndpoint;
import dev.gatehouse.core.metrics.RouteMeters;

/**
 * What a route of an API endpoint leads to.
 *
 * @param endpoint the API endpoint
 * @param pipeline its pipeline, or {@code null} when no pipeline serves it (answered 404, without
 *     falling through, as in Express Gateway)
 * @param pattern the path pattern of the route as configured (for the proxy's {@code stripPath})
 * @param meters the request meters of the endpoint and its pipeline
 */
public record EndpointTarget(
    ApiEndpoint endpoint, Pipeline pipeline, String pattern, RouteMeters meters) {}
