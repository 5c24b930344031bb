package dev.gatehouse.core.identity;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * A stored credential.
 *
 * @param type {@code basic-auth}, {@code key-auth}, {@code oauth2} or {@code jwt}
 * @param id the key id (key-auth, jwt) or the consumer id (basic-auth, oauth2)
 * @param consumerId the owning user or application
 * @param active whether it may authenticate
 * @param scopes the scopes it grants
 * @param secret the secret in its stored form, tagged by scheme: a bcrypt hash ({@code $2a$…},
 *     {@code $2b$…}) for passwords and client secrets, {@code sha256:<hex>} for key secrets, {@code
 *     aesgcm:<base64>} for jwt key secrets (which must be recoverable), or the plain text an
 *     Express Gateway store holds; null when the credential has none
 * @param createdAt EG's date text
 * @param updatedAt EG's date text
 * @param properties other stored properties, never secrets
 */
public record CredentialRecord(
    String type,
    String id,
    String consumerId,
    boolean active,
    Set<String> scopes,
    String secret,
    String createdAt,
    String updatedAt,
    JsonObject properties) {

  /** Hides the secret: records end up in logs and debuggers. */
  @Override
  public String toString() {
    return "CredentialRecord[" + type + " " + id + " of " + consumerId + "]";
  }
}
