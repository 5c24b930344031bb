package dev.gatehouse.core.admin;

import static io.vertx.core.http.HttpMethod.GET;

import dev.gatehouse.api.Problem;
import dev.gatehouse.core.config.ClasspathJson;
import dev.gatehouse.core.config.GatewayConfig.AdminAuth;
import dev.gatehouse.core.identity.IdentityException;
import dev.gatehouse.core.identity.IdentityManager;
import dev.gatehouse.core.pipeline.CompiledGateway;
import dev.gatehouse.core.plugin.ExtensionRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Admin REST API: Express Gateway's endpoints (compat 5.3) for consumers and configuration,
 * {@code GET /schemas}, {@code GET /plugins}, the routes plugins contribute, and {@code GET
 * /openapi.json} describing all of them.
 *
 * <p>Every request passes {@code admin.auth} first (when configured), then plugin routes, then the
 * core's. Every refusal is {@code application/problem+json}: malformed JSON 400, a body of the
 * wrong shape or an invalid configuration 422, an unknown resource 404, a conflict 409; a crash is
 * a 500 whose detail goes to the log only.
 *
 * <pre>{@code
 * AdminApi api = new AdminApi(vertx, registry, gateway::compiled, writer, Optional.of(identity),
 *     listener.auth());
 * AdminServer.listen(vertx, listener, configDirectory, api.router());
 * }</pre>
 */
public final class AdminApi {

  private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);

  /** The largest request body read: configuration entries and consumers are small. */
  static final long MAX_BODY_BYTES = 1024 * 1024;

  private final Router router;

  /**
   * @param registry the loaded extensions, for {@code /plugins} and {@code /schemas}
   * @param gateway the running configuration
   * @param writer applies configuration changes
   * @param identity the identity manager; without one, identity endpoints answer 503
   * @param auth who may call the API
   */
  public AdminApi(
      Vertx vertx,
      ExtensionRegistry registry,
      Supplier<CompiledGateway> gateway,
      ConfigWriter writer,
      Optional<IdentityManager> identity,
      AdminAuth auth) {
    Buffer openApi = Buffer.buffer(ClasspathJson.read("/admin/openapi.json").toString());
    router = Router.router(vertx);
    // Authentication may wait for bcrypt: keep the body until a handler wants it.
    router.route().handler(ctx -> pauseThenNext(ctx));
    if (auth.enabled()) {
      router.route().handler(new AdminAuthHandler(vertx, auth));
    }
    PluginRoutes plugins = new PluginRoutes(registry, gateway);
    router.route().handler(plugins);
    router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    ApiRoutes routes = new ApiRoutes(router);
    new IdentityRoutes(identity).register(routes);
    new ConfigRoutes(gateway, writer).register(routes);
    new SchemaCatalog(registry).register(routes);
    plugins.register(routes);
    routes.on(GET, "/openapi.json", ctx -> Future.succeededFuture(new Answer(200, openApi)));
    router.route().failureHandler(AdminApi::failed);
    router.errorHandler(
        404, ctx -> write(ctx, AdminProblem.of(404, "route.not_found", "no such endpoint")));
    router.errorHandler(
        405,
        ctx ->
            write(
                ctx,
                AdminProblem.of(
                    405,
                    "route.method_not_allowed",
                    ctx.request().method() + " is not allowed on " + ctx.request().path())));
  }

  /** The router to serve on the admin listener. */
  public Router router() {
    return router;
  }

  private static void pauseThenNext(RoutingContext ctx) {
    ctx.request().pause();
    ctx.next();
  }

  private static void failed(RoutingContext ctx) {
    write(ctx, problemFor(ctx));
  }

  private static AdminProblem problemFor(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof AdminProblem problem) {
      return problem;
    }
    if (failure instanceof IdentityException refused) {
      return switch (refused.kind()) {
        case NOT_FOUND -> AdminProblem.notFound(refused.getMessage());
        case CONFLICT -> AdminProblem.conflict("resource.conflict", refused.getMessage());
        case INVALID -> AdminProblem.invalidBody(refused.getMessage());
      };
    }
    int status = ctx.statusCode();
    if (failure == null && status == 413) {
      return AdminProblem.of(
          413, "request.body_too_large", "bodies are limited to " + MAX_BODY_BYTES + " bytes");
    }
    if (failure == null && status >= 400 && status < 500) {
      return AdminProblem.of(status, "request.invalid", AdminProblem.title(status));
    }
    String requestId = UUID.randomUUID().toString();
    LOG.error(
        "admin_request_failed request_id={} method={} path={} error={}",
        requestId,
        ctx.request().method(),
        ctx.request().path(),
        String.valueOf(failure),
        failure);
    return AdminProblem.of(500, "internal.error", null);
  }

  private static void write(RoutingContext ctx, AdminProblem problem) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      if (!response.ended()) {
        response.reset();
      }
      return;
    }
    response
        .setStatusCode(problem.problem().status())
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
        .end(problem.toJson().toBuffer());
    if (!ctx.request().isEnded()) {
      ctx.request().resume();
    }
  }
}
