package dev.gatehouse.plugins.jwt.keys;

import io.vertx.core.Future;
import java.security.Key;
import java.util.Set;
import javax.crypto.SecretKey;

/**
 * One key, from {@code secretOrPublicKey} or read once from {@code secretOrPublicKeyFile} when the
 * configuration compiles. Resolution costs nothing: the future is made once.
 */
public final class StaticKeySource implements KeySource {

  private final Key key;
  private final Future<Key> resolved;
  private final Set<String> algorithms;

  public StaticKeySource(Key key) {
    this.key = key;
    this.resolved = Future.succeededFuture(key);
    this.algorithms = Algorithms.forKey(key);
  }

  public Key key() {
    return key;
  }

  @Override
  public Set<String> defaultAlgorithms() {
    return algorithms;
  }

  @Override
  public Set<String> possibleAlgorithms() {
    return algorithms;
  }

  @Override
  public Future<Key> keyFor(TokenHead head) {
    return resolved;
  }

  @Override
  public boolean shortSecretsAllowed() {
    return key instanceof SecretKey;
  }

  @Override
  public String toString() {
    return "StaticKeySource[" + Algorithms.describe(key) + "]";
  }
}
