package dev.gatehouse.core.identity.redis;

/**
 * Express Gateway's key layout (compat 5.2) under a namespace: {@code EG-user:<id>}, {@code
 * EG-username:<name>} and so on. Key-auth and jwt use one key space for two things, as EG does:
 * {@code EG-key-auth:<keyId>} is a credential hash and {@code EG-key-auth:<consumerId>} the set of
 * that consumer's key ids.
 */
final class RedisKeys {

  private final String namespace;

  RedisKeys(String namespace) {
    this.namespace = namespace;
  }

  String user(String id) {
    return namespace + "-user:" + id;
  }

  String username(String username) {
    return namespace + "-username:" + username;
  }

  String app(String id) {
    return namespace + "-application:" + id;
  }

  String appName(String name) {
    return namespace + "-application-name:" + name;
  }

  String userApps(String userId) {
    return namespace + "-user-applications:" + userId;
  }

  /** The credential hash: the consumer id for basic-auth and oauth2, the key id otherwise. */
  String credential(String type, String id) {
    return namespace + "-" + type + ":" + id;
  }

  /** The set of a consumer's key ids (key-auth, jwt). */
  String consumerKeys(String type, String consumerId) {
    return credential(type, consumerId);
  }

  /** The scope registry: a hash of scope to {@code 'true'}. */
  String scopes() {
    return namespace + "-scope";
  }

  /** Which credential keys hold a scope: a hash of credential key to {@code 'true'}. */
  String scopeCredentials(String scope) {
    return namespace + "-scope-credentials:" + scope;
  }

  /** Pub/sub channel telling other gateway instances what changed. */
  String invalidationChannel() {
    return namespace + "-gatehouse-invalidate";
  }

  /** Serialises writers where transactions cannot span keys (Redis Cluster). */
  String writeLock() {
    return namespace + "-gatehouse-write-lock";
  }

  /**
   * A {@code SCAN MATCH} pattern for keys starting with {@code prefix}: glob characters escaped.
   */
  String pattern(String prefix) {
    StringBuilder escaped = new StringBuilder();
    for (char c : prefix.toCharArray()) {
      if ("*?[]\\".indexOf(c) >= 0) {
        escaped.append('\\');
      }
      escaped.append(c);
    }
    return escaped.append('*').toString();
  }
}
