package dev.gatehouse.core.admin;

import dev.gatehouse.core.config.GatewayConfig.AdminAuth;
import dev.gatehouse.core.config.GatewayConfig.AdminLogin;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * {@code admin.auth}: lets a request through when it carries one of the API keys ({@code
 * Authorization: Bearer <key>} or {@code X-API-Key: <key>}) or the basic login; answers 401 with
 * {@code WWW-Authenticate} challenges otherwise. Keys and usernames are compared in constant time
 * (through digests, so their lengths do not show either); the password is checked against its
 * bcrypt hash on a worker, never on the event loop. The last login that passed is remembered as a
 * keyed digest, so a client sending it again is not made to wait for bcrypt on every request.
 */
final class AdminAuthHandler implements Handler<RoutingContext> {

  private static final String REALM = "gatehouse-admin";

  private final List<byte[]> keyDigests;
  private final AdminLogin login;
  private final byte[] usernameDigest;
  private final WorkerExecutor hashing;
  private final List<String> challenges;

  /** A random key of this process, for remembering the last login that passed. */
  private final SecretKeySpec rememberKey;

  /** The keyed digest of the last {@code username:password} that passed; shared by event loops. */
  private final AtomicReference<byte[]> remembered = new AtomicReference<>();

  AdminAuthHandler(Vertx vertx, AdminAuth auth) {
    this.keyDigests = auth.apiKeys().stream().map(AdminAuthHandler::sha256).toList();
    this.login = auth.basic().orElse(null);
    this.usernameDigest = login == null ? null : sha256(login.username());
    this.hashing =
        login == null ? null : vertx.createSharedWorkerExecutor("gatehouse-admin-auth", 2);
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    this.rememberKey = new SecretKeySpec(secret, "HmacSHA256");
    // Loads the JCE provider now: the first use can take a while, and it runs on event loops.
    remember("");
    List<String> offered = new ArrayList<>();
    if (login != null) {
      offered.add("Basic realm=\"" + REALM + "\"");
    }
    if (!keyDigests.isEmpty()) {
      offered.add("Bearer realm=\"" + REALM + "\"");
    }
    this.challenges = List.copyOf(offered);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String apiKey = ctx.request().getHeader("X-API-Key");
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (apiKey != null) {
      decide(ctx, isKey(apiKey));
      return;
    }
    if (authorization == null || authorization.isBlank()) {
      deny(ctx, "auth.missing", "send an API key or the admin login");
      return;
    }
    String[] parts = authorization.trim().split("\\s+", 2);
    String scheme = parts[0].toLowerCase(Locale.ROOT);
    String credentials = parts.length > 1 ? parts[1] : "";
    if (scheme.equals("bearer")) {
      decide(ctx, isKey(credentials));
    } else if (scheme.equals("basic") && login != null) {
      checkLogin(credentials)
          .onComplete(result -> decide(ctx, result.succeeded() && result.result()));
    } else {
      decide(ctx, false);
    }
  }

  private void decide(RoutingContext ctx, boolean allowed) {
    if (allowed) {
      ctx.next();
    } else {
      deny(ctx, "auth.invalid", "the credentials are not valid");
    }
  }

  private void deny(RoutingContext ctx, String code, String detail) {
    challenges.forEach(c -> ctx.response().headers().add("WWW-Authenticate", c));
    ctx.fail(AdminProblem.of(401, code, detail));
  }

  /** Compares with every key, without stopping at a match. */
  private boolean isKey(String candidate) {
    byte[] digest = sha256(candidate);
    boolean found = false;
    for (byte[] key : keyDigests) {
      found |= MessageDigest.isEqual(digest, key);
    }
    return found;
  }

  private Future<Boolean> checkLogin(String encoded) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded.trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture(false);
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return Future.succeededFuture(false);
    }
    byte[] presented = remember(decoded);
    byte[] last = remembered.get();
    if (last != null && MessageDigest.isEqual(presented, last)) {
      return Future.succeededFuture(true);
    }
    boolean userMatches =
        MessageDigest.isEqual(sha256(decoded.substring(0, colon)), usernameDigest);
    char[] password = decoded.substring(colon + 1).toCharArray();
    return hashing.executeBlocking(
        () -> {
          // bcrypt runs for a wrong username too: the time taken tells nothing.
          boolean passwordMatches = passwordMatches(password);
          if (userMatches && passwordMatches) {
            remembered.set(presented);
            return true;
          }
          return false;
        },
        false);
  }

  /** Runs bcrypt; a password bcrypt cannot take (over 72 bytes) does not match. */
  private boolean passwordMatches(char[] password) {
    try {
      return OpenBSDBCrypt.checkPassword(login.passwordHash(), password);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private byte[] remember(String login) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(rememberKey);
      return mac.doFinal(login.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
