package dev.gatehouse.core.identity.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.config.ConfigException;
import dev.gatehouse.core.identity.IdentityException;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code models/*.json}: read from the configuration directory, defaulted, and enforced. */
class IdentityModelsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theDistributionShipsTheBuiltInModels() throws Exception {
    Path shipped = Path.of("..", "distribution", "src", "config", "models");
    for (String[] model :
        new String[][] {
          {IdentityModels.USERS, DefaultModels.USERS},
          {IdentityModels.APPLICATIONS, DefaultModels.APPLICATIONS},
          {IdentityModels.CREDENTIALS, DefaultModels.CREDENTIALS}
        }) {
      assertThat(JSON.readTree(Files.readString(shipped.resolve(model[0]))))
          .as(model[0])
          .isEqualTo(JSON.readTree(model[1]));
    }
  }

  @Test
  void theBuiltInModelsAreExpressGateways() {
    IdentityModels models = IdentityModels.defaults();

    assertThat(models.users().properties())
        .containsExactly("firstname", "lastname", "email", "redirectUri");
    assertThat(models.applications().properties()).containsExactly("name", "redirectUri");
    assertThat(models.credential("basic-auth").orElseThrow().properties())
        .containsExactlyInAnyOrder("passwordKey", "autoGeneratePassword", "scopes");
    assertThat(models.credential("oauth2").orElseThrow().textDefault("passwordKey"))
        .contains("secret");
    assertThat(models.credential("key-auth")).isPresent();
    assertThat(models.credential("jwt")).isPresent();
    assertThat(models.credential("saml")).isEmpty();
  }

  @Test
  void validationFillsDefaultsCoercesScalarsAndChecksFormats() {
    IdentityModels models = IdentityModels.defaults();

    JsonObject basic = models.credential("basic-auth").orElseThrow().validate(new JsonObject());
    JsonObject user =
        models.users().validate(new JsonObject().put("firstname", 12).put("lastname", "L"));

    assertThat(basic.getBoolean("autoGeneratePassword")).isTrue();
    assertThat(basic.getString("passwordKey")).isEqualTo("password");
    assertThat(user.getString("firstname")).isEqualTo("12");
    assertThatThrownBy(
            () ->
                models
                    .users()
                    .validate(
                        new JsonObject()
                            .put("firstname", "A")
                            .put("lastname", "L")
                            .put("redirectUri", "not a uri")))
        .isInstanceOf(IdentityException.class)
        .hasMessageContaining("redirectUri")
        .hasMessageContaining("models/users.json");
  }

  @Test
  void aModelFileInTheConfigurationDirectoryReplacesItsDefaultOnly(@TempDir Path config)
      throws Exception {
    Files.createDirectories(config.resolve("models"));
    Files.writeString(
        config.resolve("models/applications.json"),
        """
        {"type": "object",
         "properties": {"name": {"type": "string"}, "team": {"type": "string", "isMutable": false}},
         "required": ["name", "team"]}
        """);

    IdentityModels models = IdentityModels.load(config);

    assertThat(models.applications().properties()).containsExactly("name", "team");
    assertThat(models.applications().immutable("team")).isTrue();
    assertThat(models.applications().immutable("name")).isFalse();
    assertThat(models.users().properties()).contains("firstname");
    assertThatThrownBy(() -> models.applications().validate(new JsonObject().put("name", "x")))
        .isInstanceOf(IdentityException.class)
        .hasMessageContaining("team");
  }

  @Test
  void aModelFileThatIsNotJsonOrNotASchemaStopsTheStartNamingTheFile(@TempDir Path config)
      throws Exception {
    Files.createDirectories(config.resolve("models"));
    Files.writeString(config.resolve("models/users.json"), "{ not json");

    assertThatThrownBy(() -> IdentityModels.load(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("models/users.json")
        .hasMessageContaining("not valid JSON");

    Files.writeString(config.resolve("models/users.json"), "{\"type\": \"nonsense\"}");
    assertThatThrownBy(() -> IdentityModels.load(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("models/users.json");
  }
}
