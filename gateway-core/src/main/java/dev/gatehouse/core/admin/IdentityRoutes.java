package dev.gatehouse.core.admin;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

import dev.gatehouse.core.identity.IdentityException;
import dev.gatehouse.core.identity.IdentityManager;
import dev.gatehouse.core.identity.Page;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Express Gateway's consumer endpoints (compat 5.3): users, apps, credentials, scopes and tokens,
 * with EG's paths, bodies, pagination and success codes, over an {@link IdentityManager}. Failures
 * are problem+json: an {@link IdentityException}'s kind decides 404, 409 or 422 (see {@link
 * AdminRouter}).
 */
final class IdentityRoutes {

  static final int DEFAULT_PAGE = 100;
  static final int MAX_PAGE = 1000;

  private static final Pattern NUMERIC = Pattern.compile("0|[1-9][0-9]{0,17}");

  private final Optional<IdentityManager> identity;

  /**
   * @param identity the manager; without one every identity endpoint answers 503
   */
  IdentityRoutes(Optional<IdentityManager> identity) {
    this.identity = identity;
  }

  void register(ApiRoutes routes) {
    routes
        .on(GET, "/users", this::listUsers)
        .on(
            POST,
            "/users",
            ctx -> manager().compose(m -> m.createUser(body(ctx))).compose(Answer::ok))
        .on(GET, "/users/:id", ctx -> manager().compose(m -> m.user(id(ctx))).compose(Answer::ok))
        .on(
            PUT,
            "/users/:id",
            ctx -> manager().compose(m -> m.updateUser(id(ctx), body(ctx))).compose(Answer::ok))
        .on(
            DELETE,
            "/users/:id",
            ctx -> manager().compose(m -> m.deleteUser(id(ctx))).compose(v -> Answer.empty(204)))
        .on(
            PUT,
            "/users/:id/status",
            ctx ->
                manager()
                    .compose(m -> m.setUserActive(id(ctx), requestedStatus(ctx)))
                    .compose(IdentityRoutes::statusAnswer))
        .on(GET, "/apps", this::listApps)
        .on(
            POST,
            "/apps",
            ctx -> manager().compose(m -> m.createApp(body(ctx))).compose(Answer::ok))
        .on(GET, "/apps/:id", ctx -> manager().compose(m -> m.app(id(ctx))).compose(Answer::ok))
        .on(
            PUT,
            "/apps/:id",
            ctx -> manager().compose(m -> m.updateApp(id(ctx), body(ctx))).compose(Answer::ok))
        .on(
            DELETE,
            "/apps/:id",
            ctx -> manager().compose(m -> m.deleteApp(id(ctx))).compose(v -> Answer.empty(204)))
        .on(
            PUT,
            "/apps/:id/status",
            ctx ->
                manager()
                    .compose(m -> m.setAppActive(id(ctx), requestedStatus(ctx)))
                    .compose(IdentityRoutes::statusAnswer));
    registerCredentials(routes);
    registerScopes(routes);
    routes
        .on(
            DELETE,
            "/tokens/:token",
            ctx ->
                manager()
                    .compose(m -> m.oauth2().revokeToken(ctx.pathParam("token")))
                    .compose(
                        revoked ->
                            revoked
                                ? Answer.empty(204)
                                : Future.failedFuture(AdminProblem.notFound("Token not found"))))
        .on(
            POST,
            "/keys/rotate",
            ctx ->
                manager()
                    .compose(m -> m.oauth2().rotateSigningKey())
                    .compose(kid -> Answer.ok(new JsonObject().put("kid", kid))));
  }

  private void registerCredentials(ApiRoutes routes) {
    routes
        .on(
            GET,
            "/credentials",
            ctx -> manager().compose(IdentityManager::credentials).compose(IdentityRoutes::list))
        .on(POST, "/credentials", this::createCredential)
        .on(
            GET,
            "/credentials/:consumer",
            ctx ->
                manager()
                    .compose(m -> m.credentialsOf(ctx.pathParam("consumer")))
                    .compose(IdentityRoutes::list))
        .on(GET, "/credentials/:type/:id", this::credential)
        .on(
            DELETE,
            "/credentials/:type/:id",
            ctx ->
                manager()
                    .compose(m -> m.deleteCredential(type(ctx), id(ctx)))
                    .compose(v -> Answer.empty(204)))
        .on(
            PUT,
            "/credentials/:type/:id/status",
            ctx ->
                manager()
                    .compose(m -> m.setCredentialActive(type(ctx), id(ctx), requestedStatus(ctx)))
                    .compose(IdentityRoutes::statusAnswer))
        .on(
            PUT,
            "/credentials/:type/:id/scopes",
            ctx ->
                manager()
                    .compose(
                        m ->
                            m.setCredentialScopes(
                                type(ctx),
                                id(ctx),
                                RequestBodies.strings(body(ctx), "scopes", false)))
                    .compose(v -> Answer.empty(204)))
        .on(
            PUT,
            "/credentials/:type/:id/scopes/:scope",
            ctx ->
                manager()
                    .compose(m -> m.addCredentialScope(type(ctx), id(ctx), scope(ctx)))
                    .compose(v -> Answer.empty(204)))
        .on(
            DELETE,
            "/credentials/:type/:id/scopes/:scope",
            ctx ->
                manager()
                    .compose(m -> m.removeCredentialScope(type(ctx), id(ctx), scope(ctx)))
                    .compose(v -> Answer.empty(204)));
  }

  private void registerScopes(ApiRoutes routes) {
    routes
        .on(
            GET,
            "/scopes",
            ctx ->
                manager()
                    .compose(IdentityManager::scopes)
                    .compose(
                        scopes ->
                            Answer.ok(
                                new JsonObject()
                                    .put(
                                        "scopes",
                                        new JsonArray(List.copyOf(new TreeSet<>(scopes)))))))
        .on(
            POST,
            "/scopes",
            ctx ->
                manager()
                    .compose(m -> m.createScopes(newScopes(ctx)))
                    .compose(v -> Answer.empty(201)))
        .on(
            GET,
            "/scopes/:scope",
            ctx ->
                manager()
                    .compose(m -> m.scopeExists(scope(ctx)))
                    .compose(
                        exists ->
                            exists
                                ? Answer.ok(new JsonObject().put("scope", scope(ctx)))
                                : Future.failedFuture(
                                    AdminProblem.notFound("scope not found: " + scope(ctx)))))
        .on(
            PUT,
            "/scopes/:scope",
            ctx ->
                manager()
                    .compose(m -> m.createScopes(Set.of(scope(ctx))))
                    .compose(v -> Answer.empty(201)))
        .on(
            DELETE,
            "/scopes/:scope",
            ctx ->
                manager().compose(m -> m.deleteScope(scope(ctx))).compose(v -> Answer.empty(204)));
  }

  private Future<Answer> listUsers(RoutingContext ctx) {
    PageRequest page = PageRequest.of(ctx);
    return manager()
        .compose(m -> m.users(page.start(), page.count()))
        .compose(users -> page(users, "users"));
  }

  private Future<Answer> listApps(RoutingContext ctx) {
    PageRequest page = PageRequest.of(ctx);
    return manager()
        .compose(m -> m.apps(page.start(), page.count()))
        .compose(apps -> page(apps, "apps"));
  }

  /**
   * EG answers an unknown consumer with 422 "No consumer found with id: …" here: the consumer is a
   * member of the body, not the resource of the URL.
   */
  private Future<Answer> createCredential(RoutingContext ctx) {
    JsonObject body = body(ctx);
    String consumer = RequestBodies.requiredString(body, "consumerId");
    String type = RequestBodies.requiredString(body, "type");
    Object credential = body.getValue("credential");
    if (credential != null && !(credential instanceof JsonObject)) {
      throw AdminProblem.invalidBody(
          "'credential' must be an object of the credential's properties");
    }
    JsonObject properties = credential == null ? new JsonObject() : (JsonObject) credential;
    return manager()
        .compose(m -> m.createCredential(consumer, type, properties))
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof IdentityException missing
                            && missing.kind() == IdentityException.Kind.NOT_FOUND
                        ? AdminProblem.invalidBody(missing.getMessage())
                        : e))
        .compose(Answer::ok);
  }

  /** EG answered {@code 200 null} for an unknown credential; Gatehouse answers 404. */
  private Future<Answer> credential(RoutingContext ctx) {
    String id = id(ctx);
    return manager()
        .compose(m -> m.credential(type(ctx), id))
        .compose(
            found ->
                found.isPresent()
                    ? Answer.ok(found.get())
                    : Future.failedFuture(
                        AdminProblem.notFound("No credential found with id: " + id)));
  }

  /** {@code {"scopes": [...]}} or {@code {"scopes": "one"}}, naming at least one. */
  private static Set<String> newScopes(RoutingContext ctx) {
    Set<String> scopes = RequestBodies.strings(body(ctx), "scopes", true);
    if (scopes.isEmpty()) {
      throw AdminProblem.invalidBody("'scopes' must name at least one scope");
    }
    return scopes;
  }

  private Future<IdentityManager> manager() {
    return identity
        .map(Future::succeededFuture)
        .orElseGet(
            () ->
                Future.failedFuture(
                    AdminProblem.of(
                        503, "identity.unavailable", "this gateway has no identity store")));
  }

  private static Future<Answer> page(Page<JsonObject> page, String member) {
    return Answer.ok(
        new JsonObject()
            .put(member, new JsonArray(List.copyOf(page.items())))
            .put("nextKey", nextKey(page.nextKey())));
  }

  /** EG's cursors are numbers (Redis SCAN's), and clients compare {@code nextKey} with 0. */
  static Object nextKey(String key) {
    if (key == null) {
      return 0;
    }
    return NUMERIC.matcher(key).matches() ? (Object) Long.parseLong(key) : key;
  }

  private static Future<Answer> list(List<JsonObject> credentials) {
    return Answer.ok(new JsonObject().put("credentials", new JsonArray(List.copyOf(credentials))));
  }

  private static Future<Answer> statusAnswer(String status) {
    return Answer.ok(new JsonObject().put("status", status));
  }

  private static JsonObject body(RoutingContext ctx) {
    return RequestBodies.object(ctx);
  }

  private static boolean requestedStatus(RoutingContext ctx) {
    return RequestBodies.requiredBoolean(body(ctx), "status");
  }

  private static String id(RoutingContext ctx) {
    return ctx.pathParam("id");
  }

  private static String type(RoutingContext ctx) {
    return ctx.pathParam("type");
  }

  private static String scope(RoutingContext ctx) {
    return ctx.pathParam("scope");
  }

  /**
   * {@code ?start=<cursor>&count=<n>}: the cursor of the page (EG's "0" for the first) and at most
   * how many items it holds.
   */
  record PageRequest(String start, int count) {

    static PageRequest of(RoutingContext ctx) {
      String start = ctx.queryParams().get("start");
      String count = ctx.queryParams().get("count");
      return new PageRequest(
          start == null || start.isEmpty() ? "0" : start,
          count == null ? DEFAULT_PAGE : count(count));
    }

    private static int count(String text) {
      try {
        int count = Integer.parseInt(text.trim());
        if (count >= 1 && count <= MAX_PAGE) {
          return count;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw AdminProblem.badRequest(
          "request.invalid_query",
          "'count' must be a whole number from 1 to " + MAX_PAGE + ", got '" + text + "'");
    }
  }
}
