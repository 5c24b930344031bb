package dev.gatehouse.core.admin;

import static dev.gatehouse.core.admin.AdminAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.Reply;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The consumer endpoints of the Admin API on the wire (compat 5.3, section 7 items 29 and 30), over
 * an in-memory identity manager: EG's paths, bodies and success codes, problem+json for every
 * refusal.
 */
@ExtendWith(BlockedThreadGuard.class)
class IdentityEndpointsTest {

  @RegisterExtension static final AdminFixture admin = new AdminFixture(new FakeIdentityManager());

  private static AdminClient client() {
    return admin.client();
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String userBody(String username) {
    return new JsonObject()
        .put("username", username)
        .put("firstname", "Ada")
        .put("lastname", "Lovelace")
        .encode();
  }

  private static JsonObject createUser(String username) {
    Reply reply = client().post("/users", userBody(username));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json();
  }

  @Test
  void creatingAUserAnswers200WithTheUserAndKeepsUnknownProperties() {
    String username = unique("ada");
    Reply reply =
        client()
            .post(
                "/users",
                "{\"username\":\""
                    + username
                    + "\",\"firstname\":\"Ada\",\"lastname\":\"L\",\"team\":\"math\"}");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("content-type")).isEqualTo("application/json");
    assertThat(reply.json().getString("id")).isNotBlank();
    assertThat(reply.json().getString("username")).isEqualTo(username);
    assertThat(reply.json().getString("team")).isEqualTo("math");
    assertThat(reply.json().getBoolean("isActive")).isTrue();
  }

  @Test
  void aDuplicateUsernameIs409() {
    String username = unique("dup");
    createUser(username);

    Reply reply = client().post("/users", userBody(username));

    assertProblem(reply, 409, "resource.conflict");
    assertThat(reply.json().getString("detail")).contains("exists");
  }

  @Test
  void aUserMissingARequiredPropertyIs422NotA500() {
    Reply reply = client().post("/users", "{\"username\":\"" + unique("x") + "\"}");

    assertProblem(reply, 422, "request.invalid_body");
    assertThat(reply.json().getString("detail")).contains("firstname");
  }

  @Test
  void malformedJsonIs400OnEveryBodyTakingEndpoint() {
    String user = createUser(unique("mal")).getString("id");
    List<String[]> endpoints =
        List.of(
            new String[] {"POST", "/users"},
            new String[] {"PUT", "/users/" + user},
            new String[] {"PUT", "/users/" + user + "/status"},
            new String[] {"POST", "/apps"},
            new String[] {"PUT", "/apps/x"},
            new String[] {"PUT", "/apps/x/status"},
            new String[] {"POST", "/credentials"},
            new String[] {"PUT", "/credentials/key-auth/x/status"},
            new String[] {"PUT", "/credentials/key-auth/x/scopes"},
            new String[] {"POST", "/scopes"});
    for (String[] endpoint : endpoints) {
      Reply reply =
          client().send(HttpMethod.valueOf(endpoint[0]), endpoint[1], "{\"username\": \"ada\"");
      assertProblem(reply, 400, "request.malformed_json");
    }
  }

  @Test
  void aBodyThatIsNotAnObjectIs422() {
    assertProblem(client().post("/users", "[1, 2]"), 422, "request.invalid_body");
    assertProblem(client().post("/apps", "\"app\""), 422, "request.invalid_body");
    assertProblem(client().post("/credentials", "42"), 422, "request.invalid_body");
  }

  @Test
  void aBodyInAnotherMediaTypeIs415() {
    Reply reply = client().send(HttpMethod.POST, "/scopes", "scopes=a", "text/plain");

    assertProblem(reply, 415, "request.unsupported_media_type");
  }

  @Test
  void aUserIsFoundByIdAndByUsernameAndAnUnknownOneIs404() {
    String username = unique("find");
    String id = createUser(username).getString("id");

    assertThat(client().get("/users/" + id).json().getString("username")).isEqualTo(username);
    assertThat(client().get("/users/" + username).json().getString("id")).isEqualTo(id);
    Reply unknown = client().get("/users/nobody-" + id);
    assertProblem(unknown, 404, "resource.not_found");
    assertThat(unknown.json().getString("detail")).isEqualTo("User not found: nobody-" + id);
  }

  @Test
  void updatingAUserAnswersTheUpdatedUserAndKeepsTheUsername() {
    String username = unique("upd");
    createUser(username);

    Reply reply =
        client().put("/users/" + username, "{\"username\":\"renamed\",\"firstname\":\"Grace\"}");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().getString("username")).isEqualTo(username);
    assertThat(reply.json().getString("firstname")).isEqualTo("Grace");
    assertProblem(client().put("/users/nobody-" + username, "{}"), 404, "resource.not_found");
  }

  @Test
  void deletingAUserIs204ThenItIsGone() {
    String username = unique("del");
    createUser(username);

    Reply deleted = client().delete("/users/" + username);

    assertThat(deleted.status()).isEqualTo(204);
    assertThat(deleted.body().length()).isZero();
    assertProblem(client().get("/users/" + username), 404, "resource.not_found");
    assertProblem(client().delete("/users/" + username), 404, "resource.not_found");
  }

  @Test
  void userStatusAnswersAsExpressGatewayDoes() {
    String username = unique("status");
    createUser(username);
    String uri = "/users/" + username + "/status";

    assertThat(client().put(uri, "{\"status\":false}").json().getString("status"))
        .isEqualTo("Deactivated");
    assertThat(client().put(uri, "{\"status\":false}").json().getString("status"))
        .isEqualTo("Inactive");
    assertThat(client().put(uri, "{\"status\":true}").json().getString("status"))
        .isEqualTo("Activated");
    assertThat(client().put(uri, "{\"status\":true}").json().getString("status"))
        .isEqualTo("Active");
    assertProblem(client().put(uri, "{\"status\":\"yes\"}"), 422, "request.invalid_body");
    assertProblem(client().put(uri, "{}"), 422, "request.invalid_body");
    assertProblem(
        client().put("/users/nobody-" + username + "/status", "{\"status\":true}"),
        404,
        "resource.not_found");
  }

  /** Compat 7 item 29. */
  @Test
  void usersArePagedWithANumericNextKeyAndStartAndCountRespected() {
    for (int i = 0; i < 5; i++) {
      createUser(unique("page"));
    }
    List<String> seen = new ArrayList<>();
    Object start = 0;
    int pages = 0;
    do {
      Reply reply = client().get("/users?start=" + start + "&count=2");
      assertThat(reply.status()).isEqualTo(200);
      JsonArray users = reply.json().getJsonArray("users");
      assertThat(users.size()).isLessThanOrEqualTo(2);
      users.forEach(u -> seen.add(((JsonObject) u).getString("id")));
      start = reply.json().getValue("nextKey");
      assertThat(start).isInstanceOf(Number.class);
      pages++;
    } while (((Number) start).longValue() != 0 && pages < 100);

    JsonObject all = client().get("/users?count=1000").json();
    assertThat(all.getValue("nextKey")).isEqualTo(0);
    assertThat(seen)
        .doesNotHaveDuplicates()
        .containsExactlyElementsOf(
            all.getJsonArray("users").stream().map(u -> ((JsonObject) u).getString("id")).toList());
    assertThat(pages).isGreaterThan(2);
    JsonObject first = client().get("/users?count=2").json();
    assertThat(((Number) first.getValue("nextKey")).longValue()).isEqualTo(2);
  }

  @Test
  void aBadPageCountIs400() {
    assertProblem(client().get("/users?count=0"), 400, "request.invalid_query");
    assertProblem(client().get("/users?count=many"), 400, "request.invalid_query");
    assertProblem(client().get("/apps?count=100000"), 400, "request.invalid_query");
  }

  @Test
  void appsAreCreatedReadUpdatedActivatedAndDeleted() {
    String username = unique("owner");
    createUser(username);
    String name = unique("app");

    Reply created =
        client().post("/apps", new JsonObject().put("userId", username).put("name", name).encode());
    assertThat(created.status()).isEqualTo(200);
    String id = created.json().getString("id");
    assertThat(client().get("/apps/" + id).json().getString("name")).isEqualTo(name);
    assertThat(client().get("/apps/" + name).json().getString("id")).isEqualTo(id);
    assertThat(
            client()
                .put("/apps/" + id, "{\"redirectUri\":\"https://example.com/cb\"}")
                .json()
                .getString("redirectUri"))
        .isEqualTo("https://example.com/cb");
    assertThat(client().put("/apps/" + id + "/status", "{\"status\":false}").json())
        .isEqualTo(new JsonObject().put("status", "Deactivated"));
    assertThat(client().get("/apps?count=1000").json().getJsonArray("apps").size()).isPositive();
    assertThat(client().delete("/apps/" + id).status()).isEqualTo(204);
    assertProblem(client().get("/apps/" + id), 404, "resource.not_found");
  }

  /** Compat 7 item 30 and 12.1: the same name twice is a conflict; an unknown owner is a 404. */
  @Test
  void anAppNameTwiceForOneUserIs409AndAnUnknownUserIs404() {
    String username = unique("twice");
    createUser(username);
    String body = new JsonObject().put("userId", username).put("name", "shop").encode();
    assertThat(client().post("/apps", body).status()).isEqualTo(200);

    assertProblem(client().post("/apps", body), 409, "resource.conflict");
    assertProblem(
        client().post("/apps", "{\"userId\":\"nobody-x\",\"name\":\"shop\"}"),
        404,
        "resource.not_found");
    assertProblem(client().post("/apps", "{\"name\":\"shop\"}"), 422, "request.invalid_body");
  }

  /** Compat 7 item 30: EG's message and, as in EG, 422 (the consumer is part of the body). */
  @Test
  void aCredentialForAnUnknownConsumerIs422NoConsumerFound() {
    Reply reply = client().post("/credentials", "{\"consumerId\":\"ghost\",\"type\":\"key-auth\"}");

    assertProblem(reply, 422, "request.invalid_body");
    assertThat(reply.json().getString("detail")).isEqualTo("No consumer found with id: ghost");
  }

  @Test
  void credentialBodiesOfTheWrongShapeAre422() {
    String username = unique("shape");
    createUser(username);

    assertProblem(
        client().post("/credentials", "{\"consumerId\":\"" + username + "\"}"),
        422,
        "request.invalid_body");
    assertProblem(
        client().post("/credentials", "{\"consumerId\":7,\"type\":\"key-auth\"}"),
        422,
        "request.invalid_body");
    assertProblem(
        client()
            .post(
                "/credentials",
                "{\"consumerId\":\"" + username + "\",\"type\":\"key-auth\",\"credential\":[]}"),
        422,
        "request.invalid_body");
    assertProblem(
        client().post("/credentials", "{\"consumerId\":\"" + username + "\",\"type\":\"magic\"}"),
        422,
        "request.invalid_body");
  }

  @Test
  void aKeyAuthCredentialIsCreatedListedReadAndItsStatusAndScopesChanged() {
    String username = unique("keys");
    createUser(username);
    assertThat(client().post("/scopes", "{\"scopes\":[\"read-" + username + "\"]}").status())
        .isEqualTo(201);
    String scope = "read-" + username;

    Reply created =
        client()
            .post(
                "/credentials",
                new JsonObject()
                    .put("consumerId", username)
                    .put("type", "key-auth")
                    .put("credential", new JsonObject().put("scopes", new JsonArray().add(scope)))
                    .encode());
    assertThat(created.status()).as(created.toString()).isEqualTo(200);
    String keyId = created.json().getString("keyId");
    assertThat(created.json().getString("keySecret")).isNotBlank();

    String uri = "/credentials/key-auth/" + keyId;
    Reply read = client().get(uri);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json().containsKey("keySecret")).isFalse();
    assertThat(client().get("/credentials/" + username).json().getJsonArray("credentials"))
        .hasSize(1);
    assertThat(client().get("/credentials").json().getJsonArray("credentials").size()).isPositive();
    assertThat(client().put(uri + "/status", "{\"status\":false}").json().getString("status"))
        .isEqualTo("Deactivated");

    assertThat(client().put(uri + "/scopes", "{\"scopes\":[]}").status()).isEqualTo(204);
    assertThat(client().put(uri + "/scopes/" + scope, null).status()).isEqualTo(204);
    assertThat(client().get(uri).json().getJsonArray("scopes")).containsExactly(scope);
    assertThat(client().delete(uri + "/scopes/" + scope).status()).isEqualTo(204);
    assertThat(client().get(uri).json().getJsonArray("scopes")).isEmpty();
    // EG's client sends the trailing slash.
    assertThat(client().put(uri + "/scopes/", "{\"scopes\":[\"" + scope + "\"]}").status())
        .isEqualTo(204);
    assertProblem(client().put(uri + "/scopes", "{\"scopes\":\"x\"}"), 422, "request.invalid_body");
    assertProblem(
        client().put(uri + "/scopes", "{\"scopes\":[\"no-such-scope\"]}"),
        422,
        "request.invalid_body");

    assertThat(client().delete(uri).status()).isEqualTo(204);
    assertProblem(client().get(uri), 404, "resource.not_found");
  }

  @Test
  void anUnknownCredentialIs404NotA200Null() {
    assertProblem(client().get("/credentials/key-auth/nothing"), 404, "resource.not_found");
    assertProblem(
        client().put("/credentials/key-auth/nothing/status", "{\"status\":true}"),
        404,
        "resource.not_found");
    assertProblem(client().get("/credentials/nobody-at-all"), 404, "resource.not_found");
  }

  @Test
  void aSecondActiveBasicAuthCredentialIs409() {
    String username = unique("basic");
    createUser(username);
    String body = new JsonObject().put("consumerId", username).put("type", "basic-auth").encode();
    Reply first = client().post("/credentials", body);
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().getString("password")).isNotBlank();

    assertProblem(client().post("/credentials", body), 409, "resource.conflict");
  }

  @Test
  void scopesAreCreatedListedCheckedAndDeleted() {
    String a = unique("scope-a");
    String b = unique("scope-b");

    assertThat(client().post("/scopes", "{\"scopes\":[\"" + a + "\"]}").status()).isEqualTo(201);
    assertProblem(
        client().post("/scopes", "{\"scopes\":[\"" + a + "\"]}"), 409, "resource.conflict");
    assertThat(client().post("/scopes", "{\"scopes\":\"" + b + "\"}").status()).isEqualTo(201);
    assertThat(client().get("/scopes").json().getJsonArray("scopes")).contains(a, b);
    assertThat(client().get("/scopes/" + a).json()).isEqualTo(new JsonObject().put("scope", a));
    assertProblem(client().get("/scopes/none-" + a), 404, "resource.not_found");

    String c = unique("scope-c");
    assertThat(client().put("/scopes/" + c, null).status()).isEqualTo(201);
    assertProblem(client().put("/scopes/" + c, null), 409, "resource.conflict");
    assertThat(client().delete("/scopes/" + c).status()).isEqualTo(204);
    assertProblem(client().delete("/scopes/" + c), 404, "resource.not_found");
  }

  @Test
  void scopeBodiesOfTheWrongShapeAre422() {
    assertProblem(client().post("/scopes", "{\"scopes\":5}"), 422, "request.invalid_body");
    assertProblem(client().post("/scopes", "{\"scopes\":[\"\"]}"), 422, "request.invalid_body");
    assertProblem(client().post("/scopes", "{}"), 422, "request.invalid_body");
    assertProblem(client().post("/scopes", "{\"scopes\":[]}"), 422, "request.invalid_body");
  }

  @Test
  void revokingATokenIs204ThenAnUnknownToken404() {
    assertThat(client().delete("/tokens/abc%7Cdef").status()).isEqualTo(204);

    assertProblem(client().delete("/tokens/abc%7Cdef"), 404, "resource.not_found");
    assertProblem(client().delete("/tokens/nothing"), 404, "resource.not_found");
  }

  @Test
  void rotatingTheSigningKeyAnswersTheNewKeyId() {
    Reply first = client().post("/keys/rotate", "");
    Reply second = client().post("/keys/rotate", "");

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().getString("kid")).startsWith("kid-");
    assertThat(second.json().getString("kid")).isNotEqualTo(first.json().getString("kid"));
  }

  @Test
  void unknownPathsAre404AndWrongMethods405() {
    assertProblem(client().get("/nothing-here"), 404, "route.not_found");
    assertProblem(client().send(HttpMethod.PATCH, "/users", "{}"), 405, "route.method_not_allowed");
  }

  @Test
  void aBodyLargerThanTheLimitIs413() {
    String big = "{\"x\":\"" + "a".repeat((int) AdminApi.MAX_BODY_BYTES) + "\"}";

    assertProblem(client().post("/users", big), 413, "request.body_too_large");
  }
}
