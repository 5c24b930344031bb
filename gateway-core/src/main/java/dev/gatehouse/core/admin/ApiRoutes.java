package dev.gatehouse.core.admin;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * Registers the Admin API's endpoints on a router: each is a function from the request to a future
 * answer. A thrown exception or failed future goes to the router's failure handler, which writes it
 * as problem+json. Each route is named {@code METHOD path}, the way {@code openapi.json} lists it.
 */
final class ApiRoutes {

  private final Router router;

  ApiRoutes(Router router) {
    this.router = router;
  }

  ApiRoutes on(HttpMethod method, String path, Function<RoutingContext, Future<Answer>> action) {
    router
        .route(method, path)
        .setName(method.name() + " " + path)
        .handler(
            ctx -> {
              Future<Answer> answer;
              try {
                answer = action.apply(ctx);
              } catch (RuntimeException e) {
                answer = Future.failedFuture(e);
              }
              answer.onSuccess(a -> a.send(ctx)).onFailure(ctx::fail);
            });
    return this;
  }
}
