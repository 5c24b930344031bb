package dev.gatehouse.core.identity.store;

import dev.gatehouse.core.identity.AppRecord;
import dev.gatehouse.core.identity.CredentialRecord;
import dev.gatehouse.core.identity.UserRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Records as the MVStore-backed stores keep them: one JSON text per record, with the record's
 * listing position ({@code seq}) beside its fields. Versioned by the {@code format} entry of the
 * store's meta map.
 */
final class RecordCodec {

  static final String FORMAT = "1";

  private RecordCodec() {}

  static String user(UserRecord user, long seq) {
    return new JsonObject()
        .put("id", user.id())
        .put("username", user.username())
        .put("isActive", user.active())
        .put("createdAt", user.createdAt())
        .put("updatedAt", user.updatedAt())
        .put("properties", copy(user.properties()))
        .put("seq", seq)
        .encode();
  }

  static UserRecord user(String text) {
    JsonObject json = new JsonObject(text);
    return new UserRecord(
        json.getString("id"),
        json.getString("username"),
        json.getBoolean("isActive"),
        json.getString("createdAt"),
        json.getString("updatedAt"),
        json.getJsonObject("properties"));
  }

  static String app(AppRecord app, long seq) {
    return new JsonObject()
        .put("id", app.id())
        .put("name", app.name())
        .put("userId", app.userId())
        .put("isActive", app.active())
        .put("createdAt", app.createdAt())
        .put("updatedAt", app.updatedAt())
        .put("properties", copy(app.properties()))
        .put("seq", seq)
        .encode();
  }

  static AppRecord app(String text) {
    JsonObject json = new JsonObject(text);
    return new AppRecord(
        json.getString("id"),
        json.getString("name"),
        json.getString("userId"),
        json.getBoolean("isActive"),
        json.getString("createdAt"),
        json.getString("updatedAt"),
        json.getJsonObject("properties"));
  }

  /** The listing position stored with a user or application. */
  static long seq(String text) {
    return new JsonObject(text).getLong("seq");
  }

  static String credential(CredentialRecord credential) {
    return new JsonObject()
        .put("type", credential.type())
        .put("id", credential.id())
        .put("consumerId", credential.consumerId())
        .put("isActive", credential.active())
        .put("scopes", new JsonArray(credential.scopes().stream().sorted().toList()))
        .put("secret", credential.secret())
        .put("createdAt", credential.createdAt())
        .put("updatedAt", credential.updatedAt())
        .put("properties", copy(credential.properties()))
        .encode();
  }

  static CredentialRecord credential(String text) {
    JsonObject json = new JsonObject(text);
    Set<String> scopes = new LinkedHashSet<>();
    json.getJsonArray("scopes").forEach(scope -> scopes.add((String) scope));
    return new CredentialRecord(
        json.getString("type"),
        json.getString("id"),
        json.getString("consumerId"),
        json.getBoolean("isActive"),
        scopes,
        json.getString("secret"),
        json.getString("createdAt"),
        json.getString("updatedAt"),
        json.getJsonObject("properties"));
  }

  private static JsonObject copy(JsonObject properties) {
    return properties == null ? new JsonObject() : properties.copy();
  }
}
