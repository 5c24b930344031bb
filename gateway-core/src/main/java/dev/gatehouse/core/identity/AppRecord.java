package dev.gatehouse.core.identity;

import io.vertx.core.json.JsonObject;

/**
 * A stored application.
 *
 * @param id a UUID
 * @param name unique per owning user
 * @param userId the owning user's id
 * @param active whether the application may authenticate
 * @param createdAt EG's date text
 * @param updatedAt EG's date text
 * @param properties the model properties (name, redirectUri and custom ones), without system fields
 */
public record AppRecord(
    String id,
    String name,
    String userId,
    boolean active,
    String createdAt,
    String updatedAt,
    JsonObject properties) {}
