package dev.gatehouse.plugins.oauth2;

import dev.gatehouse.api.Exchange;
import dev.gatehouse.api.Response;
import dev.gatehouse.api.Routes;
import dev.gatehouse.api.identity.Consumer;
import dev.gatehouse.api.identity.Credential;
import dev.gatehouse.api.identity.IdentityService;
import dev.gatehouse.api.oauth2.Grant;
import dev.gatehouse.api.oauth2.LoginSession;
import dev.gatehouse.api.oauth2.OAuth2Store;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Express Gateway's login and consent flow: {@code GET/POST /login}, {@code GET /logout}, {@code
 * GET /oauth2/authorize} (consent page, {@code transaction_id} header) and {@code POST
 * /oauth2/authorize/decision} (redirect with a code, or with a token in the fragment when {@code
 * oauth2.allowImplicit} is set). Pages are plain HTML without external assets; forms carry a CSRF
 * token and posts from another origin are refused. The session cookie is {@code HttpOnly}, {@code
 * SameSite=Lax} and {@code Secure} over https, with {@code session.name} and {@code session.cookie}
 * {@code path}, {@code domain}, {@code maxAge}, {@code sameSite} and {@code secure} honoured;
 * sessions live in the identity store.
 */
final class LoginPages {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String CSRF = "csrf";
  private static final String RETURN_TO = "returnTo";
  private static final String TX = "tx.";

  private final OAuth2Store store;
  private final IdentityService identity;
  private final TokenEndpoint tokens;
  private final String cookieName;
  private final String cookiePath;
  private final String cookieDomain;
  private final long maxAgeSeconds;
  private final String sameSite;
  private final Object secure;
  private final boolean allowImplicit;

  LoginPages(
      OAuth2Store store,
      IdentityService identity,
      TokenEndpoint tokens,
      JsonObject settings,
      JwtTokens jwt,
      Clock clock) {
    this.store = store;
    this.identity = identity;
    this.tokens = tokens;
    JsonObject session = settings.getJsonObject("session");
    JsonObject cookie = session.getJsonObject("cookie", new JsonObject());
    this.cookieName = session.getString("name", "connect.sid");
    this.maxAgeSeconds = cookie.getLong("maxAge", 3_600_000L) / 1000;
    String configured = cookie.getString("sameSite", "lax");
    this.sameSite = configured.equalsIgnoreCase("strict") ? "Strict" : "Lax";
    this.secure = cookie.getValue("secure");
    this.cookiePath = cookie.getString("path", "/");
    String domain = cookie.getString("domain");
    this.cookieDomain = domain == null ? "" : "; Domain=" + domain;
    this.allowImplicit =
        settings.getJsonObject("oauth2", new JsonObject()).getBoolean("allowImplicit", false);
  }

  boolean implicitAllowed() {
    return allowImplicit;
  }

  void register(Routes routes) {
    routes
        .gateway(HttpMethod.GET, "/login", this::loginPage)
        .gateway(HttpMethod.POST, "/login", this::login)
        .gateway(HttpMethod.GET, "/logout", this::logout)
        .gateway(HttpMethod.GET, "/oauth2/authorize", this::authorize)
        .gateway(HttpMethod.POST, "/oauth2/authorize/decision", this::decision);
  }

  // --- sessions and cookies

  private Future<Optional<LoginSession>> session(Exchange exchange) {
    return store.findSession(cookie(exchange));
  }

  private String cookie(Exchange exchange) {
    for (String header : exchange.headers().getAll("cookie")) {
      for (String part : header.split(";")) {
        int eq = part.indexOf('=');
        if (eq > 0 && part.substring(0, eq).trim().equals(cookieName)) {
          return part.substring(eq + 1).trim();
        }
      }
    }
    return null;
  }

  private Response withCookie(Response response, Exchange exchange, String id, long maxAge) {
    boolean https =
        secure instanceof Boolean flag ? flag : "https".equalsIgnoreCase(exchange.scheme());
    response
        .headers()
        .add(
            "Set-Cookie",
            cookieName
                + "="
                + id
                + "; Path="
                + cookiePath
                + cookieDomain
                + "; Max-Age="
                + maxAge
                + "; HttpOnly; SameSite="
                + sameSite
                + (https ? "; Secure" : ""));
    return response;
  }

  private static String random() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** The request's session, or a new one; either way with a CSRF token. */
  private Future<LoginSession> ensureSession(Exchange exchange) {
    return session(exchange)
        .compose(
            found -> {
              if (found.isPresent() && found.get().attribute(CSRF) != null) {
                return Future.succeededFuture(found.get());
              }
              if (found.isPresent()) {
                return store.saveSession(found.get().withAttribute(CSRF, random()));
              }
              return store.createSession(Map.of(CSRF, random()));
            });
  }

  /**
   * Same origin by {@code Origin} (or {@code Referer}) when the browser sends one; and the form's
   * token when the session holds one.
   */
  private static boolean csrfOk(Exchange exchange, Params params, LoginSession session) {
    String origin = exchange.headers().get("origin");
    if (origin == null) {
      origin = exchange.headers().get("referer");
    }
    if (origin != null) {
      try {
        // The gateway sees the host it was addressed by without its port; the scheme and host
        // name are what tell another site apart.
        URI uri = URI.create(origin);
        String host = exchange.host();
        if (uri.getHost() == null
            || host == null
            || !uri.getHost().equalsIgnoreCase(host)
            || !exchange.scheme().equalsIgnoreCase(uri.getScheme())) {
          return false;
        }
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    String expected = session == null ? null : session.attribute(CSRF);
    String given = params.get("_csrf");
    if (given != null || origin != null) {
      return expected != null && expected.equals(given);
    }
    return true;
  }

  // --- pages

  private Future<Response> loginPage(Exchange exchange) {
    return ensureSession(exchange)
        .map(
            session ->
                withCookie(
                    html(
                        200,
                        "Sign in",
                        "<h1>Sign in</h1>\n"
                            + "<form method=\"post\" action=\"/login\">\n"
                            + hidden("_csrf", session.attribute(CSRF))
                            + "<p><label for=\"username\">Username</label><br>"
                            + "<input id=\"username\" name=\"username\" autocomplete=\"username\""
                            + " required></p>\n"
                            + "<p><label for=\"password\">Password</label><br>"
                            + "<input id=\"password\" name=\"password\" type=\"password\""
                            + " autocomplete=\"current-password\" required></p>\n"
                            + "<p><button type=\"submit\">Sign in</button></p>\n</form>"),
                    exchange,
                    session.id(),
                    maxAgeSeconds));
  }

  private Future<Response> login(Exchange exchange) {
    return Params.read(exchange)
        .compose(
            params ->
                session(exchange)
                    .compose(
                        found -> {
                          LoginSession session = found.orElse(null);
                          if (!csrfOk(exchange, params, session)) {
                            return Future.succeededFuture(forbidden("The form has expired"));
                          }
                          String username = params.get("username");
                          String password = params.get("password");
                          if (username == null || password == null) {
                            return Future.succeededFuture(redirect("/login"));
                          }
                          return tokens
                              .resourceOwner(username, password, exchange.clientIp())
                              .compose(
                                  user -> loggedIn(exchange, session, user), LoginPages::throttled);
                        }));
  }

  private Future<Response> loggedIn(
      Exchange exchange, LoginSession previous, Optional<Consumer> user) {
    if (user.isEmpty()) {
      return Future.succeededFuture(redirect("/login"));
    }
    String returnTo = previous == null ? null : previous.attribute(RETURN_TO);
    // A new session id at login: a session fixed before it is worth nothing after.
    Future<Void> ended =
        previous == null ? Future.succeededFuture() : store.deleteSession(previous.id());
    return ended
        .compose(v -> store.createSession(Map.of(CSRF, random())))
        .compose(session -> store.saveSession(session.withUser(user.get().id())))
        .map(
            session ->
                withCookie(
                    redirect(returnTo != null && returnTo.startsWith("/") ? returnTo : "/"),
                    exchange,
                    session.id(),
                    maxAgeSeconds));
  }

  private Future<Response> logout(Exchange exchange) {
    String id = cookie(exchange);
    Future<Void> ended = id == null ? Future.succeededFuture() : store.deleteSession(id);
    return ended.map(v -> withCookie(redirect("/"), exchange, "", 0));
  }

  private Future<Response> authorize(Exchange exchange) {
    Params params = Params.query(exchange);
    return session(exchange)
        .compose(
            found -> {
              if (found.isEmpty() || found.get().userId() == null) {
                Future<LoginSession> session =
                    found.isPresent()
                        ? store.saveSession(found.get().withAttribute(RETURN_TO, exchange.uri()))
                        : store.createSession(Map.of(RETURN_TO, exchange.uri(), CSRF, random()));
                return session.map(
                    s -> withCookie(redirect("/login"), exchange, s.id(), maxAgeSeconds));
              }
              return consent(exchange, params, found.get());
            });
  }

  private Future<Response> consent(Exchange exchange, Params params, LoginSession session) {
    String responseType = params.get("response_type");
    String clientId = params.get("client_id");
    if (!"code".equals(responseType) && !("token".equals(responseType) && allowImplicit)) {
      return Future.succeededFuture(badRequest("Unsupported response_type"));
    }
    if (clientId == null) {
      return Future.succeededFuture(badRequest("client_id is required"));
    }
    String challenge = params.get("code_challenge");
    String method = params.get("code_challenge_method");
    if (challenge != null && !"S256".equals(method)) {
      return Future.succeededFuture(badRequest("code_challenge_method must be S256"));
    }
    return identity
        .findCredential(Credential.OAUTH2, clientId)
        .compose(
            credential ->
                identity
                    .findConsumerById(clientId)
                    .map(
                        consumer -> {
                          if (credential.isEmpty()
                              || !credential.get().active()
                              || consumer.isEmpty()
                              || !consumer.get().active()) {
                            return Optional.<Response>of(forbidden("Unknown client"));
                          }
                          Object registered = consumer.get().properties().get("redirectUri");
                          String redirect = params.get("redirect_uri");
                          if (registered == null
                              || (redirect != null && !redirect.equals(registered))) {
                            return Optional.<Response>of(
                                forbidden("redirect_uri does not match the client's"));
                          }
                          Set<String> scopes = Clients.scopes(params.get("scope"));
                          if (!credential.get().scopes().containsAll(scopes)) {
                            return Optional.<Response>of(forbidden("Unauthorized scope"));
                          }
                          return Optional.<Response>empty();
                        })
                    .compose(
                        refused -> {
                          if (refused.isPresent()) {
                            return Future.succeededFuture(refused.get());
                          }
                          return consumerName(clientId)
                              .compose(
                                  name ->
                                      page(
                                          exchange,
                                          session,
                                          params,
                                          responseType,
                                          clientId,
                                          name,
                                          challenge));
                        }));
  }

  private Future<String> consumerName(String id) {
    return identity
        .findConsumerById(id)
        .map(c -> c.map(consumer -> consumer.name() == null ? id : consumer.name()).orElse(id));
  }

  private Future<Response> page(
      Exchange exchange,
      LoginSession session,
      Params params,
      String responseType,
      String clientId,
      String clientName,
      String challenge) {
    String transactionId = random();
    Set<String> scopes = Clients.scopes(params.get("scope"));
    String redirect = params.get("redirect_uri");
    JsonObject tx =
        new JsonObject()
            .put("responseType", responseType)
            .put("clientId", clientId)
            .put("redirectUri", redirect)
            .put("scopes", new JsonArray(java.util.List.copyOf(scopes)))
            .put("state", params.get("state"))
            .put("challenge", challenge);
    LoginSession updated = session.withAttribute(TX + transactionId, tx.encode());
    if (updated.attribute(CSRF) == null) {
      updated = updated.withAttribute(CSRF, random());
    }
    return store
        .saveSession(updated)
        .compose(
            saved ->
                identity
                    .findConsumerById(saved.userId())
                    .map(
                        user -> {
                          Object first =
                              user.map(u -> u.properties().get("firstname")).orElse(null);
                          String who =
                              first != null
                                  ? first.toString()
                                  : user.map(Consumer::name).orElse("there");
                          StringBuilder list = new StringBuilder();
                          for (String scope : scopes) {
                            list.append("<li>").append(escape(scope)).append("</li>");
                          }
                          Response response =
                              html(
                                  200,
                                  "Authorize " + clientName,
                                  "<h1>Hi "
                                      + escape(who)
                                      + "!</h1>\n<p><strong>"
                                      + escape(clientName)
                                      + "</strong> is requesting access to your account.</p>\n"
                                      + (scopes.isEmpty()
                                          ? ""
                                          : "<p>Requesting Scopes:</p><ul>" + list + "</ul>\n")
                                      + "<form method=\"post\""
                                      + " action=\"/oauth2/authorize/decision\">\n"
                                      + hidden("transaction_id", transactionId)
                                      + hidden("_csrf", saved.attribute(CSRF))
                                      + "<p><button type=\"submit\">Allow</button> "
                                      + "<button type=\"submit\" name=\"cancel\" value=\"Deny\">"
                                      + "Deny</button></p>\n</form>");
                          return response.header("transaction_id", transactionId);
                        }));
  }

  private Future<Response> decision(Exchange exchange) {
    return Params.read(exchange)
        .compose(
            params ->
                session(exchange)
                    .compose(
                        found -> {
                          if (found.isEmpty() || found.get().userId() == null) {
                            return Future.succeededFuture(redirect("/login"));
                          }
                          LoginSession session = found.get();
                          if (!csrfOk(exchange, params, session)) {
                            return Future.succeededFuture(forbidden("The form has expired"));
                          }
                          String transactionId = params.get("transaction_id");
                          String text =
                              transactionId == null ? null : session.attribute(TX + transactionId);
                          if (text == null) {
                            return Future.succeededFuture(forbidden("Unknown transaction"));
                          }
                          JsonObject tx = new JsonObject(text);
                          return store
                              .saveSession(session.withAttribute(TX + transactionId, null))
                              .compose(saved -> decide(params, saved, tx));
                        }));
  }

  private Future<Response> decide(Params params, LoginSession session, JsonObject tx) {
    String clientId = tx.getString("clientId");
    String state = tx.getString("state");
    boolean implicit = "token".equals(tx.getString("responseType"));
    return identity
        .findConsumerById(clientId)
        .compose(
            client -> {
              if (client.isEmpty() || client.get().properties().get("redirectUri") == null) {
                return Future.succeededFuture(forbidden("Unknown client"));
              }
              String redirect = client.get().properties().get("redirectUri").toString();
              if (params.get("cancel") != null) {
                return Future.succeededFuture(
                    redirect(
                        redirect
                            + (implicit ? "#" : sep(redirect))
                            + "error=access_denied"
                            + stateParam(state)));
              }
              Set<String> scopes = new TreeSet<>();
              tx.getJsonArray("scopes").forEach(s -> scopes.add(String.valueOf(s)));
              Grant grant =
                  Grant.builder(clientId)
                      .user(session.userId())
                      .scopes(scopes)
                      .type(implicit ? "implicit" : "authorization_code")
                      .redirectUri(tx.getString("redirectUri"))
                      .build();
              if (implicit) {
                return tokens
                    .accessToken(grant, "implicit")
                    .map(
                        token ->
                            redirect(
                                redirect
                                    + "#access_token="
                                    + encode(token)
                                    + "&token_type=Bearer&expires_in="
                                    + tokens.expiresIn()
                                    + stateParam(state)));
              }
              String challenge = tx.getString("challenge");
              return store
                  .issueCode(grant, challenge, challenge == null ? null : "S256")
                  .map(
                      code ->
                          redirect(redirect + sep(redirect) + "code=" + code + stateParam(state)));
            });
  }

  private static String sep(String uri) {
    return uri.contains("?") ? "&" : "?";
  }

  private static String stateParam(String state) {
    return state == null ? "" : "&state=" + encode(state);
  }

  // --- HTML

  private static Response redirect(String location) {
    return Response.of(302).header("Location", location).header("Cache-Control", "no-store");
  }

  /** The sign-in page's answer while the throttle makes a username or address wait. */
  private static Future<Response> throttled(Throwable failure) {
    if (!(failure instanceof OAuthError error) || error.status() != 429) {
      return Future.failedFuture(failure);
    }
    return Future.succeededFuture(
        html(
                429,
                "Too Many Requests",
                "<h1>Too many failed sign-ins</h1>\n<p>Try again in "
                    + error.retryAfterSeconds()
                    + " seconds.</p>")
            .header("Retry-After", Long.toString(error.retryAfterSeconds())));
  }

  private static Response forbidden(String message) {
    return html(403, "Forbidden", "<h1>Forbidden</h1>\n<p>" + escape(message) + "</p>");
  }

  private static Response badRequest(String message) {
    return html(400, "Bad Request", "<h1>Bad Request</h1>\n<p>" + escape(message) + "</p>");
  }

  private static Response html(int status, String title, String main) {
    String page =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            + "<title>"
            + escape(title)
            + "</title>\n</head>\n<body>\n<main>\n"
            + main
            + "\n</main>\n</body>\n</html>\n";
    return Response.of(status)
        .body(io.vertx.core.buffer.Buffer.buffer(page), "text/html; charset=utf-8")
        .header("Cache-Control", "no-store")
        .header("X-Frame-Options", "DENY")
        .header(
            "Content-Security-Policy",
            "default-src 'none'; form-action 'self'; frame-ancestors 'none'");
  }

  private static String hidden(String name, String value) {
    return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + escape(value) + "\">\n";
  }

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
