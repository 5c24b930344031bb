package dev.gatehouse.core.identity;

import io.vertx.core.Future;

/**
 * The OAuth 2.0 operations of the Admin API and CLI: revoking a token ({@code DELETE
 * /tokens/:token}, {@code gatehouse tokens revoke}) and rotating the generated signing key ({@code
 * gatehouse keys rotate}).
 */
public interface OAuth2Admin {

  /**
   * Revokes an access or refresh token given whole ({@code <id>|<secret>}); revoking a refresh
   * token revokes its family. False when no such token is valid.
   */
  Future<Boolean> revokeToken(String token);

  /**
   * Generates a new JWT signing key; the previous one stays published until its last token expires.
   *
   * @return the new key's id ({@code kid})
   */
  Future<String> rotateSigningKey();
}
