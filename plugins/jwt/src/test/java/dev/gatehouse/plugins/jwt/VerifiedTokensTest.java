package dev.gatehouse.plugins.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.gatehouse.plugins.jwt.keys.KeyResolutionException;
import dev.gatehouse.plugins.jwt.keys.KeySource;
import dev.gatehouse.plugins.jwt.keys.TokenHead;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;

/** Accepted tokens remembered by a step, and what makes it check them again. */
class VerifiedTokensTest {

  private static final Key KEY = new HmacKey(JwtPolicyTest.SECRET.getBytes(StandardCharsets.UTF_8));
  private static final Key OTHER_KEY =
      new HmacKey("another-secret-of-at-least-thirty-two-bytes!".getBytes(StandardCharsets.UTF_8));

  /** A key source whose key can be replaced or withdrawn. */
  private static final class SwitchableKeys implements KeySource {
    final AtomicReference<Key> key = new AtomicReference<>(KEY);

    @Override
    public Set<String> defaultAlgorithms() {
      return Set.of("HS256");
    }

    @Override
    public Set<String> possibleAlgorithms() {
      return Set.of("HS256");
    }

    @Override
    public Future<Key> keyFor(TokenHead head) {
      Key now = key.get();
      return now == null
          ? Future.failedFuture(
              new KeyResolutionException(KeyResolutionException.Kind.UNKNOWN_KEY, "unknown_kid"))
          : Future.succeededFuture(now);
    }
  }

  private static JoseAdapter adapter(KeySource keys, int cacheSize) {
    return new JoseAdapter(
        keys, Set.of("HS256"), List.of(), List.of(), 0, List.of(), 8192, cacheSize);
  }

  private static String token(String subject) {
    JWTClaimsSet claims = JwtPolicyTest.claims(subject, 300).build();
    return JwtPolicyTest.hs256(claims);
  }

  private static JwtClaims accepted(JoseAdapter adapter, String token) {
    Future<JwtClaims> result = adapter.verify(token);
    assertThat(result.succeeded()).as(String.valueOf(result.cause())).isTrue();
    return result.result();
  }

  private static String refusal(JoseAdapter adapter, String token) {
    Future<JwtClaims> result = adapter.verify(token);
    assertThat(result.failed()).isTrue();
    return ((TokenRejectedException) result.cause()).reason();
  }

  @Test
  void theSameTokenAgainCostsNoSignatureCheck() throws Exception {
    JoseAdapter adapter = adapter(new SwitchableKeys(), 100);
    String token = token("ada");

    JwtClaims first = accepted(adapter, token);
    JwtClaims second = accepted(adapter, token);

    assertThat(adapter.signatureChecks()).isEqualTo(1);
    assertThat(second.getSubject()).isEqualTo("ada");
    assertThat(second).isSameAs(first);
    accepted(adapter, token("grace"));
    assertThat(adapter.signatureChecks()).isEqualTo(2);
  }

  @Test
  void withoutACacheEveryTokenIsChecked() {
    JoseAdapter adapter = adapter(new SwitchableKeys(), 0);
    String token = token("ada");

    accepted(adapter, token);
    accepted(adapter, token);

    assertThat(adapter.signatureChecks()).isEqualTo(2);
  }

  @Test
  void aReplacedKeySendsARememberedTokenThroughEveryCheckAgain() {
    SwitchableKeys keys = new SwitchableKeys();
    JoseAdapter adapter = adapter(keys, 100);
    String token = token("ada");
    accepted(adapter, token);

    keys.key.set(OTHER_KEY);

    assertThat(refusal(adapter, token)).isEqualTo("bad_signature");
    assertThat(adapter.signatureChecks()).isEqualTo(2);
  }

  @Test
  void aWithdrawnKeyRefusesARememberedToken() {
    SwitchableKeys keys = new SwitchableKeys();
    JoseAdapter adapter = adapter(keys, 100);
    String token = token("ada");
    accepted(adapter, token);

    keys.key.set(null);
    assertThat(refusal(adapter, token)).isEqualTo("unknown_kid");

    keys.key.set(KEY);
    accepted(adapter, token);
    assertThat(adapter.signatureChecks()).as("checked again once back").isEqualTo(2);
  }

  @Test
  void aRefusedTokenIsNeverRemembered() {
    JoseAdapter adapter = adapter(new SwitchableKeys(), 100);
    String expired = JwtPolicyTest.hs256(JwtPolicyTest.claims("ada", -10).build());

    refusal(adapter, expired);
    refusal(adapter, expired);

    assertThat(adapter.signatureChecks()).isEqualTo(2);
  }

  @Test
  void anEntryIsTrustedUntilItsDeadlineOnly() {
    VerifiedTokens tokens = new VerifiedTokens(10);
    TokenHead head = new TokenHead("HS256", null, "ada");

    tokens.remember("a", head, KEY, new JwtClaims(), 1_000, 500);
    tokens.remember("b", head, KEY, new JwtClaims(), 1_000, VerifiedTokens.MAX_AGE_NANOS * 10);
    tokens.remember("c", head, KEY, new JwtClaims(), 1_000, 0);

    assertThat(tokens.find("a", 1_499)).isNotNull();
    assertThat(tokens.find("a", 1_500)).isNull();
    assertThat(tokens.find("b", 1_000 + VerifiedTokens.MAX_AGE_NANOS - 1)).isNotNull();
    assertThat(tokens.find("b", 1_000 + VerifiedTokens.MAX_AGE_NANOS)).as("capped").isNull();
    assertThat(tokens.find("c", 1_000)).as("already expired: not kept").isNull();
  }

  @Test
  void theCacheStaysWithinItsBound() {
    VerifiedTokens tokens = new VerifiedTokens(3);
    TokenHead head = new TokenHead("HS256", null, "ada");

    for (int i = 0; i < 20; i++) {
      tokens.remember("t" + i, head, KEY, new JwtClaims(), 0, 1_000_000);
      assertThat(tokens.size()).isLessThanOrEqualTo(3);
    }
    assertThat(tokens.find("t19", 1)).isNotNull();
  }
}
