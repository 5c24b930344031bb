package dev.gatehouse.core.identity;

import dev.gatehouse.api.identity.Credential;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * The JSON shapes of users, applications and credentials as the Admin API returns them (compat
 * 5.3): the model properties with the system fields ({@code id}, {@code isActive}, {@code
 * createdAt}, {@code updatedAt}…). A credential's view never holds its secret.
 */
final class IdentityViews {

  private static final Set<String> KEY_TYPES = Set.of(Credential.KEY_AUTH, Credential.JWT);

  private IdentityViews() {}

  static JsonObject user(UserRecord user) {
    JsonObject view = new JsonObject().put("id", user.id()).put("username", user.username());
    copy(user.properties(), view, "username");
    return view.put("isActive", user.active())
        .put("createdAt", user.createdAt())
        .put("updatedAt", user.updatedAt());
  }

  static JsonObject app(AppRecord app) {
    JsonObject view =
        new JsonObject().put("id", app.id()).put("name", app.name()).put("userId", app.userId());
    copy(app.properties(), view, "name");
    return view.put("isActive", app.active())
        .put("createdAt", app.createdAt())
        .put("updatedAt", app.updatedAt());
  }

  /**
   * {@code id}, {@code type}, {@code consumerId}, {@code keyId} (key-auth, jwt), {@code isActive},
   * {@code scopes} (an array, sorted), the stored properties ({@code autoGeneratePassword}, {@code
   * passwordKey}, custom ones) and the dates.
   */
  static JsonObject credential(CredentialRecord credential) {
    JsonObject view =
        new JsonObject()
            .put("id", credential.id())
            .put("type", credential.type())
            .put("consumerId", credential.consumerId());
    if (KEY_TYPES.contains(credential.type())) {
      view.put("keyId", credential.id());
    }
    view.put("isActive", credential.active())
        .put("scopes", new JsonArray(credential.scopes().stream().sorted().toList()));
    copy(credential.properties(), view, null);
    return view.put("createdAt", credential.createdAt()).put("updatedAt", credential.updatedAt());
  }

  private static void copy(JsonObject properties, JsonObject view, String skipped) {
    if (properties == null) {
      return;
    }
    properties.forEach(
        property -> {
          if (!property.getKey().equals(skipped)) {
            view.put(property.getKey(), property.getValue());
          }
        });
  }
}
