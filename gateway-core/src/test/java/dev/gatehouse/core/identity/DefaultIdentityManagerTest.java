package dev.gatehouse.core.identity;

import static dev.gatehouse.core.identity.Futures.await;
import static dev.gatehouse.core.identity.Futures.refused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.identity.IdentityException.Kind;
import dev.gatehouse.core.identity.model.IdentityModels;
import dev.gatehouse.core.identity.secret.Secrets;
import dev.gatehouse.core.identity.secret.SharedSecretCipher;
import dev.gatehouse.core.identity.store.InMemoryIdentityStore;
import dev.gatehouse.core.testing.BlockedThreadGuard;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Express Gateway's identity operations with Gatehouse's statuses: compat section 7 items 26
 * (credentials), 27 (users and applications), 29 (paging) and 30 (refusals).
 */
@ExtendWith(BlockedThreadGuard.class)
class DefaultIdentityManagerTest {

  private static final String NOW =
      "Sat Nov 28 2026 15:35:14 GMT+0000 (Coordinated Universal Time)";

  private Vertx vertx;
  private Identity identity;
  private IdentityManager manager;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    start(IdentityModels.defaults());
  }

  private void start(IdentityModels models) {
    if (identity != null) {
      identity.close();
    }
    identity =
        Identity.over(
            vertx,
            new InMemoryIdentityStore(vertx),
            models,
            new Secrets(4, new SharedSecretCipher("test key")),
            Clock.fixed(Instant.parse("2026-11-28T15:35:14Z"), ZoneOffset.UTC));
    manager = identity.manager();
  }

  @AfterEach
  void tearDown() {
    identity.close();
    await(vertx.close());
  }

  private JsonObject createUser(String username) {
    return await(
        manager.createUser(
            new JsonObject()
                .put("username", username)
                .put("firstname", "Ada")
                .put("lastname", "Lovelace")));
  }

  private JsonObject createApp(String owner, String name) {
    return await(manager.createApp(new JsonObject().put("userId", owner).put("name", name)));
  }

  private JsonObject createCredential(String consumer, String type, JsonObject body) {
    return await(manager.createCredential(consumer, type, body));
  }

  /** Item 27: users and applications. */
  @Nested
  class UsersAndApplications {

    @Test
    void aNewUserIsActiveWithAUuidAndExpressGatewaysDates() {
      JsonObject ada =
          await(
              manager.createUser(
                  new JsonObject()
                      .put("username", "ada")
                      .put("firstname", "Ada")
                      .put("lastname", "Lovelace")
                      .put("email", "ada@example.com")));

      assertThat(ada.getString("id")).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-.{4}-.{12}");
      assertThat(ada.getString("username")).isEqualTo("ada");
      assertThat(ada.getString("email")).isEqualTo("ada@example.com");
      assertThat(ada.getBoolean("isActive")).isTrue();
      assertThat(ada.getString("createdAt")).isEqualTo(NOW);
      assertThat(ada.getString("updatedAt")).isEqualTo(NOW);
      assertThat(await(manager.user("ada"))).isEqualTo(ada);
      assertThat(await(manager.user(ada.getString("id")))).isEqualTo(ada);
    }

    @Test
    void missingRequiredPropertiesAndBadFormatsAreInvalid() {
      refused(manager.createUser(new JsonObject().put("username", "ada")), Kind.INVALID);
      refused(
          manager.createUser(new JsonObject().put("firstname", "A").put("lastname", "L")),
          Kind.INVALID);
      IdentityException email =
          refused(
              manager.createUser(
                  new JsonObject()
                      .put("username", "ada")
                      .put("firstname", "A")
                      .put("lastname", "L")
                      .put("email", "not an email")),
              Kind.INVALID);
      assertThat(email.getMessage()).contains("email");
      assertThat(await(manager.users("0", 10)).items()).isEmpty();
    }

    @Test
    void unknownPropertiesAreRefusedAndSystemFieldsIgnored() {
      IdentityException unknown =
          refused(
              manager.createUser(
                  new JsonObject()
                      .put("username", "ada")
                      .put("firstname", "A")
                      .put("lastname", "L")
                      .put("shoeSize", 38)),
              Kind.INVALID);
      assertThat(unknown.getMessage()).contains("shoeSize").contains("models/users.json");

      JsonObject ada =
          await(
              manager.createUser(
                  new JsonObject()
                      .put("username", "ada")
                      .put("firstname", "A")
                      .put("lastname", "L")
                      .put("id", "chosen-id")
                      .put("isActive", false)));
      assertThat(ada.getString("id")).isNotEqualTo("chosen-id");
      assertThat(ada.getBoolean("isActive")).isTrue();
    }

    @Test
    void usernamesAreUnique() {
      createUser("ada");

      IdentityException duplicate =
          refused(
              manager.createUser(
                  new JsonObject()
                      .put("username", "ada")
                      .put("firstname", "B")
                      .put("lastname", "C")),
              Kind.CONFLICT);
      assertThat(duplicate.getMessage()).contains("username already exists");
    }

    @Test
    void anUpdateChangesModelPropertiesKeepsTheUsernameAndRefusesUnknownOnes() {
      JsonObject ada = createUser("ada");

      JsonObject updated =
          await(
              manager.updateUser(
                  "ada", new JsonObject().put("lastname", "King").put("username", "countess")));

      assertThat(updated.getString("lastname")).isEqualTo("King");
      assertThat(updated.getString("username")).isEqualTo("ada");
      assertThat(updated.getString("id")).isEqualTo(ada.getString("id"));
      refused(manager.updateUser("ada", new JsonObject().put("title", "Countess")), Kind.INVALID);
      refused(manager.updateUser("ada", new JsonObject().put("email", "nope")), Kind.INVALID);
      refused(manager.updateUser("nobody", new JsonObject().put("lastname", "X")), Kind.NOT_FOUND);
      assertThat(await(manager.user("ada")).getString("lastname")).isEqualTo("King");
    }

    @Test
    void anUpdateWithNoPropertiesChangesNothing() {
      JsonObject ada = createUser("ada");

      assertThat(await(manager.updateUser("ada", new JsonObject()))).isEqualTo(ada);
      assertThat(await(manager.updateUser("ada", new JsonObject().put("username", "x"))))
          .isEqualTo(ada);
    }

    @Test
    void deactivatingAUserDeactivatesItsAppsAndReactivatingLeavesThemInactive() {
      createUser("ada");
      JsonObject app = createApp("ada", "dashboard");

      assertThat(await(manager.setUserActive("ada", false))).isEqualTo("Deactivated");
      assertThat(await(manager.setUserActive("ada", false))).isEqualTo("Inactive");
      assertThat(await(manager.user("ada")).getBoolean("isActive")).isFalse();
      assertThat(await(manager.app(app.getString("id"))).getBoolean("isActive")).isFalse();

      assertThat(await(manager.setUserActive("ada", true))).isEqualTo("Activated");
      assertThat(await(manager.setUserActive("ada", true))).isEqualTo("Active");
      assertThat(await(manager.app(app.getString("id"))).getBoolean("isActive")).isFalse();
      assertThat(await(manager.setAppActive("dashboard", true))).isEqualTo("Activated");
    }

    @Test
    void deletingAUserDeletesItsApplications() {
      createUser("ada");
      JsonObject app = createApp("ada", "dashboard");

      await(manager.deleteUser("ada"));

      refused(manager.user("ada"), Kind.NOT_FOUND);
      refused(manager.app(app.getString("id")), Kind.NOT_FOUND);
      refused(manager.deleteUser("ada"), Kind.NOT_FOUND);
    }

    @Test
    void anApplicationBelongsToAUserNamedByIdOrUsername() {
      JsonObject ada = createUser("ada");

      JsonObject byName = createApp("ada", "dashboard");
      JsonObject byId =
          createApp(ada.getString("id"), "console")
              .put("ignored", true); // the view is a copy: changing it changes nothing stored

      assertThat(byName.getString("userId")).isEqualTo(ada.getString("id"));
      assertThat(byName.getBoolean("isActive")).isTrue();
      assertThat(byName.getString("createdAt")).isEqualTo(NOW);
      assertThat(byId.getString("userId")).isEqualTo(ada.getString("id"));
      assertThat(await(manager.app("dashboard"))).isEqualTo(byName);
      assertThat(await(manager.app(byName.getString("id")))).isEqualTo(byName);
    }

    @Test
    void applicationNamesAreUniquePerUser() {
      createUser("ada");
      createUser("bob");
      createApp("ada", "dashboard");

      refused(
          manager.createApp(new JsonObject().put("userId", "ada").put("name", "dashboard")),
          Kind.CONFLICT);
      JsonObject bobs = createApp("bob", "dashboard");

      IdentityException ambiguous = refused(manager.app("dashboard"), Kind.CONFLICT);
      assertThat(ambiguous.getMessage()).contains("2 applications");
      assertThat(await(manager.app(bobs.getString("id")))).isEqualTo(bobs);
    }

    @Test
    void anApplicationNeedsANameAndAKnownOwnerAndNoUnknownProperty() {
      createUser("ada");

      refused(manager.createApp(new JsonObject().put("userId", "ada")), Kind.INVALID);
      refused(manager.createApp(new JsonObject().put("name", "orphan")), Kind.INVALID);
      refused(
          manager.createApp(new JsonObject().put("userId", "ada").put("name", "x").put("color", 1)),
          Kind.INVALID);
      refused(
          manager.createApp(
              new JsonObject().put("userId", "ada").put("name", "x").put("redirectUri", "no uri")),
          Kind.INVALID);
    }

    @Test
    void anApplicationIsUpdatedRenamedDeactivatedAndDeleted() {
      createUser("ada");
      JsonObject app = createApp("ada", "dashboard");
      String id = app.getString("id");

      JsonObject renamed =
          await(
              manager.updateApp(
                  "dashboard",
                  new JsonObject()
                      .put("name", "console")
                      .put("redirectUri", "https://example.com/cb")));
      assertThat(renamed.getString("name")).isEqualTo("console");
      assertThat(renamed.getString("redirectUri")).isEqualTo("https://example.com/cb");
      refused(manager.app("dashboard"), Kind.NOT_FOUND);

      assertThat(await(manager.setAppActive("console", false))).isEqualTo("Deactivated");
      assertThat(await(manager.app(id)).getBoolean("isActive")).isFalse();

      await(manager.deleteApp("console"));
      IdentityException gone = refused(manager.app(id), Kind.NOT_FOUND);
      assertThat(gone.getMessage()).isEqualTo("Application not found: " + id);
    }
  }

  /** Item 26: credentials. */
  @Nested
  class Credentials {

    @Test
    void aGeneratedPasswordIsShownOnceWithTheEchoedSettingsAndNeverAgain() {
      JsonObject ada = createUser("ada");

      JsonObject created = createCredential("ada", "basic-auth", new JsonObject());

      assertThat(created.getString("id")).isEqualTo(ada.getString("id"));
      assertThat(created.getString("consumerId")).isEqualTo(ada.getString("id"));
      assertThat(created.getString("type")).isEqualTo("basic-auth");
      assertThat(created.getBoolean("isActive")).isTrue();
      assertThat(created.getBoolean("autoGeneratePassword")).isTrue();
      assertThat(created.getString("passwordKey")).isEqualTo("password");
      assertThat(created.getString("password")).matches("[0-9a-f-]{36}");
      assertThat(created.getJsonArray("scopes")).isEmpty();

      JsonObject read = await(manager.credential("basic-auth", ada.getString("id"))).orElseThrow();
      assertThat(read.containsKey("password")).isFalse();
      assertThat(read.encode()).doesNotContain(created.getString("password")).doesNotContain("$2");
      assertThat(await(manager.credentialsOf("ada"))).containsExactly(read);
    }

    @Test
    void aGivenPasswordIsStoredAsABcryptHashAndNotEchoed() {
      createUser("ada");

      JsonObject created =
          createCredential("ada", "basic-auth", new JsonObject().put("password", "s3cret"));

      assertThat(created.containsKey("password")).isFalse();
      CredentialRecord stored =
          await(identity.store().credential("basic-auth", created.getString("id"))).orElseThrow();
      assertThat(stored.secret()).startsWith("$2b$04$").doesNotContain("s3cret");
    }

    @Test
    void withoutAutoGenerationAPasswordIsRequired() {
      createUser("ada");

      IdentityException missing =
          refused(
              manager.createCredential(
                  "ada", "basic-auth", new JsonObject().put("autoGeneratePassword", false)),
              Kind.INVALID);
      assertThat(missing.getMessage()).contains("password");
    }

    @Test
    void anOauth2ClientSecretIsGeneratedUnderItsOwnKey() {
      createUser("ada");

      JsonObject created = createCredential("ada", "oauth2", new JsonObject());

      assertThat(created.getString("passwordKey")).isEqualTo("secret");
      assertThat(created.getString("secret")).isNotBlank();
      assertThat(created.containsKey("password")).isFalse();
    }

    @Test
    void basicAuthAndOauth2CannotBeCreatedTwiceWhileActive() {
      createUser("ada");
      createCredential("ada", "basic-auth", new JsonObject());
      createCredential("ada", "oauth2", new JsonObject());

      IdentityException second =
          refused(manager.createCredential("ada", "basic-auth", new JsonObject()), Kind.CONFLICT);
      assertThat(second.getMessage()).isEqualTo("Credential already exists and is active");
      refused(manager.createCredential("ada", "oauth2", new JsonObject()), Kind.CONFLICT);

      JsonObject ada = await(manager.user("ada"));
      await(manager.setCredentialActive("basic-auth", ada.getString("id"), false));
      assertThat(createCredential("ada", "basic-auth", new JsonObject()).getBoolean("isActive"))
          .isTrue();
    }

    @Test
    void aConsumerMayHoldManyKeyAuthAndJwtCredentialsWithSecretsShownOnce() {
      createUser("ada");

      JsonObject first = createCredential("ada", "key-auth", new JsonObject());
      JsonObject second =
          createCredential(
              "ada",
              "key-auth",
              new JsonObject().put("keyId", "my-key").put("keySecret", "my-secret"));
      JsonObject jwt = createCredential("ada", "jwt", new JsonObject());

      assertThat(first.getString("keyId")).matches("[0-9A-Za-z]{22}");
      assertThat(first.getString("keySecret")).matches("[0-9A-Za-z]{22}");
      assertThat(second.getString("keyId")).isEqualTo("my-key");
      assertThat(second.getString("keySecret")).isEqualTo("my-secret");
      assertThat(jwt.getString("keySecret")).matches("[0-9A-Za-z]{22}");
      assertThat(await(manager.credentialsOf("ada"))).hasSize(3);

      JsonObject read = await(manager.credential("key-auth", "my-key")).orElseThrow();
      assertThat(read.getString("keyId")).isEqualTo("my-key");
      assertThat(read.containsKey("keySecret")).isFalse();
      assertThat(await(identity.store().credential("key-auth", "my-key")).orElseThrow().secret())
          .startsWith("sha256:");
      assertThat(
              await(identity.store().credential("jwt", jwt.getString("keyId")))
                  .orElseThrow()
                  .secret())
          .startsWith("aesgcm:");
      refused(
          manager.createCredential("ada", "key-auth", new JsonObject().put("keyId", "my-key")),
          Kind.CONFLICT);
    }

    @Test
    void aCredentialIsDeactivatedAndReactivated() {
      createUser("ada");
      JsonObject key = createCredential("ada", "key-auth", new JsonObject());
      String keyId = key.getString("keyId");

      assertThat(await(manager.setCredentialActive("key-auth", keyId, false)))
          .isEqualTo("Deactivated");
      assertThat(await(manager.credential("key-auth", keyId)).orElseThrow().getBoolean("isActive"))
          .isFalse();
      assertThat(await(manager.setCredentialActive("key-auth", keyId, false)))
          .isEqualTo("Inactive");
      assertThat(await(manager.setCredentialActive("key-auth", keyId, true)))
          .isEqualTo("Activated");
      refused(manager.setCredentialActive("key-auth", "missing", true), Kind.NOT_FOUND);
    }

    @Test
    void deletingAUserDeletesItsCredentialsAndThoseOfItsApps() {
      createUser("ada");
      JsonObject app = createApp("ada", "dashboard");
      JsonObject userKey = createCredential("ada", "key-auth", new JsonObject());
      JsonObject appKey = createCredential(app.getString("id"), "key-auth", new JsonObject());

      await(manager.deleteUser("ada"));

      assertThat(await(manager.credential("key-auth", userKey.getString("keyId")))).isEmpty();
      assertThat(await(manager.credential("key-auth", appKey.getString("keyId")))).isEmpty();
      assertThat(await(manager.credentials())).isEmpty();
    }

    @Test
    void scopesMustExistBeforeTheyAreGranted() {
      createUser("ada");

      IdentityException unknown =
          refused(
              manager.createCredential(
                  "ada", "key-auth", new JsonObject().put("scopes", new JsonArray().add("admin"))),
              Kind.INVALID);
      assertThat(unknown.getMessage()).isEqualTo("One or more scopes don't exist");

      await(manager.createScopes(Set.of("admin", "read")));
      JsonObject key =
          createCredential(
              "ada", "key-auth", new JsonObject().put("scopes", new JsonArray().add("admin")));
      String keyId = key.getString("keyId");
      assertThat(key.getJsonArray("scopes")).containsExactly("admin");

      await(manager.addCredentialScope("key-auth", keyId, "read"));
      refused(manager.addCredentialScope("key-auth", keyId, "write"), Kind.INVALID);
      await(manager.removeCredentialScope("key-auth", keyId, "admin"));
      assertThat(scopesOf(keyId)).containsExactly("read");
      await(manager.setCredentialScopes("key-auth", keyId, Set.of("admin", "read")));
      assertThat(scopesOf(keyId)).containsExactly("admin", "read");
      refused(manager.setCredentialScopes("key-auth", keyId, Set.of("nope")), Kind.INVALID);
    }

    @Test
    void aSingleScopeMayBeGivenAsText() {
      createUser("ada");
      await(manager.createScopes(Set.of("read")));

      JsonObject key = createCredential("ada", "key-auth", new JsonObject().put("scopes", "read"));

      assertThat(key.getJsonArray("scopes")).containsExactly("read");
    }

    @Test
    void deletingAScopeRemovesItFromCredentials() {
      createUser("ada");
      await(manager.createScopes(Set.of("admin", "read")));
      JsonObject key =
          createCredential(
              "ada",
              "key-auth",
              new JsonObject().put("scopes", new JsonArray().add("admin").add("read")));

      await(manager.deleteScope("admin"));

      assertThat(scopesOf(key.getString("keyId"))).containsExactly("read");
      assertThat(await(manager.scopeExists("admin"))).isFalse();
      assertThat(await(manager.scopes())).containsExactly("read");
      refused(manager.deleteScope("admin"), Kind.NOT_FOUND);
      refused(manager.createScopes(Set.of("read")), Kind.CONFLICT);
    }

    @Test
    void unknownTypesAndUnknownPropertiesAreInvalid() {
      createUser("ada");

      IdentityException type =
          refused(manager.createCredential("ada", "saml", new JsonObject()), Kind.INVALID);
      assertThat(type.getMessage()).contains("Invalid credential type: saml");
      refused(
          manager.createCredential("ada", "key-auth", new JsonObject().put("colour", "red")),
          Kind.INVALID);
      refused(manager.credential("saml", "x"), Kind.INVALID);
    }

    @Test
    void credentialsBelongToUsersAndAppsNamedByIdOrName() {
      JsonObject ada = createUser("ada");
      JsonObject app = createApp("ada", "dashboard");

      assertThat(
              createCredential("dashboard", "key-auth", new JsonObject()).getString("consumerId"))
          .isEqualTo(app.getString("id"));
      assertThat(
              createCredential(ada.getString("id"), "jwt", new JsonObject())
                  .getString("consumerId"))
          .isEqualTo(ada.getString("id"));
      assertThat(await(manager.credentialsOf("dashboard"))).hasSize(1);
    }

    @Test
    void aCredentialIsDeleted() {
      createUser("ada");
      JsonObject key = createCredential("ada", "key-auth", new JsonObject());

      await(manager.deleteCredential("key-auth", key.getString("keyId")));

      assertThat(await(manager.credential("key-auth", key.getString("keyId")))).isEmpty();
      refused(manager.deleteCredential("key-auth", key.getString("keyId")), Kind.NOT_FOUND);
    }

    private List<Object> scopesOf(String keyId) {
      return await(manager.credential("key-auth", keyId))
          .orElseThrow()
          .getJsonArray("scopes")
          .getList();
    }
  }

  /** Item 29: paging over the manager. */
  @Test
  void usersAndAppsArePagedWithNumericNonZeroKeysRespectingStartAndCount() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(createUser("user" + i).getString("id"));
      createApp("user" + i, "app");
    }

    Page<JsonObject> first = await(manager.users("0", 2));
    Page<JsonObject> second = await(manager.users(first.nextKey(), 2));
    Page<JsonObject> third = await(manager.users(second.nextKey(), 2));

    assertThat(first.items()).hasSize(2);
    assertThat(Long.parseLong(first.nextKey())).isPositive();
    assertThat(Long.parseLong(second.nextKey())).isGreaterThan(Long.parseLong(first.nextKey()));
    assertThat(third.items()).hasSize(1);
    assertThat(third.nextKey()).isEqualTo("0");
    List<String> seen = new ArrayList<>();
    for (Page<JsonObject> page : List.of(first, second, third)) {
      page.items().forEach(u -> seen.add(u.getString("id")));
    }
    assertThat(seen).containsExactlyElementsOf(created);

    Page<JsonObject> apps = await(manager.apps("0", 3));
    assertThat(apps.items()).hasSize(3);
    assertThat(await(manager.apps(apps.nextKey(), 3)).items()).hasSize(2);
  }

  /** Item 30: refusals, with Gatehouse's kinds. */
  @Test
  void aCredentialForAnUnknownConsumerAndAnAppForAMissingUserAreNotFound() {
    IdentityException consumer =
        refused(manager.createCredential("ghost", "key-auth", new JsonObject()), Kind.NOT_FOUND);
    assertThat(consumer.getMessage()).isEqualTo("No consumer found with id: ghost");

    IdentityException owner =
        refused(
            manager.createApp(new JsonObject().put("userId", "ghost").put("name", "x")),
            Kind.NOT_FOUND);
    assertThat(owner.getMessage()).isEqualTo("User not found: ghost");
  }

  @Test
  void aCustomModelAddsRequiredPropertiesAndProtectsImmutableOnes(@TempDir Path config)
      throws Exception {
    Files.createDirectories(config.resolve("models"));
    Files.writeString(
        config.resolve("models/users.json"),
        """
        {
          "type": "object",
          "properties": {
            "firstname": {"type": "string"},
            "lastname": {"type": "string"},
            "tier": {"type": "string", "enum": ["free", "paid"], "default": "free"},
            "employeeId": {"type": "string", "isMutable": false}
          },
          "required": ["firstname", "lastname", "employeeId"]
        }
        """);
    start(IdentityModels.load(config));

    refused(
        manager.createUser(
            new JsonObject().put("username", "ada").put("firstname", "A").put("lastname", "L")),
        Kind.INVALID);
    JsonObject ada =
        await(
            manager.createUser(
                new JsonObject()
                    .put("username", "ada")
                    .put("firstname", "A")
                    .put("lastname", "L")
                    .put("employeeId", "E-1")));

    assertThat(ada.getString("tier")).isEqualTo("free");
    IdentityException immutable =
        refused(manager.updateUser("ada", new JsonObject().put("employeeId", "E-2")), Kind.INVALID);
    assertThat(immutable.getMessage()).contains("employeeId").contains("immutable");
    refused(manager.updateUser("ada", new JsonObject().put("tier", "gold")), Kind.INVALID);
    assertThat(
            await(manager.updateUser("ada", new JsonObject().put("tier", "paid")))
                .getString("tier"))
        .isEqualTo("paid");
  }
}
