package dev.gatehouse.core.identity;

import static dev.gatehouse.core.identity.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.identity.GrantStore.Kind;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The {@link GrantStore} contract, run by every identity store's contract test ({@link
 * IdentityStoreContract} implements it): expiry, single use, atomic marks, token families and
 * signing keys.
 */
public interface GrantStoreContract {

  /** The grant store of a fresh, empty identity store. */
  GrantStore grants();

  long HOUR = 3_600_000;

  private static String id() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  private static long now() {
    return System.currentTimeMillis();
  }

  @Test
  default void anItemIsReadBackWithItsExpiryUntilItExpires() {
    String id = id();
    long expiresAt = now() + HOUR;
    await(
        grants().put(Kind.ACCESS_TOKEN, id, Map.of("consumerId", "c1", "scopes", "[]"), expiresAt));

    Map<String, String> found = await(grants().get(Kind.ACCESS_TOKEN, id, now())).orElseThrow();
    assertThat(found)
        .containsEntry("consumerId", "c1")
        .containsEntry("scopes", "[]")
        .containsEntry(GrantStore.EXPIRES_AT, Long.toString(expiresAt));
    assertThat(await(grants().get(Kind.ACCESS_TOKEN, id, expiresAt))).isEmpty();
    assertThat(await(grants().get(Kind.ACCESS_TOKEN, "missing", now()))).isEmpty();
  }

  @Test
  default void eachKindHasItsOwnKeySpace() {
    String id = id();
    await(grants().put(Kind.REFRESH_TOKEN, id, Map.of("a", "refresh"), now() + HOUR));
    await(grants().put(Kind.SESSION, id, Map.of("a", "session"), now() + HOUR));

    assertThat(await(grants().get(Kind.ACCESS_TOKEN, id, now()))).isEmpty();
    assertThat(await(grants().get(Kind.REFRESH_TOKEN, id, now())).orElseThrow())
        .containsEntry("a", "refresh");
    assertThat(await(grants().get(Kind.SESSION, id, now())).orElseThrow())
        .containsEntry("a", "session");
  }

  @Test
  default void writingAnItemAgainReplacesAllItsFields() {
    String id = id();
    await(grants().put(Kind.SESSION, id, Map.of("userId", "u1", "csrf", "x"), now() + HOUR));
    await(grants().put(Kind.SESSION, id, Map.of("csrf", "y"), now() + 2 * HOUR));

    assertThat(await(grants().get(Kind.SESSION, id, now())).orElseThrow())
        .doesNotContainKey("userId")
        .containsEntry("csrf", "y");
  }

  @Test
  default void aTakenItemIsFoundOnceEvenByConcurrentTakers() {
    String id = id();
    await(grants().put(Kind.AUTHORIZATION_CODE, id, Map.of("consumerId", "c1"), now() + HOUR));

    List<Future<Optional<Map<String, String>>>> takers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      takers.add(grants().take(Kind.AUTHORIZATION_CODE, id, now()));
    }
    await(Future.all(takers));

    assertThat(takers.stream().filter(taker -> taker.result().isPresent())).hasSize(1);
    assertThat(await(grants().get(Kind.AUTHORIZATION_CODE, id, now()))).isEmpty();
  }

  @Test
  default void anExpiredCodeCannotBeTaken() {
    String id = id();
    long expiresAt = now() + HOUR;
    await(grants().put(Kind.AUTHORIZATION_CODE, id, Map.of("consumerId", "c1"), expiresAt));

    assertThat(await(grants().take(Kind.AUTHORIZATION_CODE, id, expiresAt + 1))).isEmpty();
  }

  @Test
  default void onlyOneOfConcurrentMarkersSeesTheFieldUnset() {
    String id = id();
    await(grants().put(Kind.REFRESH_TOKEN, id, Map.of("consumerId", "c1"), now() + HOUR));

    List<Future<Optional<Map<String, String>>>> markers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      markers.add(grants().mark(Kind.REFRESH_TOKEN, id, "usedAt", Integer.toString(i), now()));
    }
    await(Future.all(markers));

    assertThat(markers).allMatch(marker -> marker.result().isPresent());
    assertThat(markers.stream().filter(m -> !m.result().orElseThrow().containsKey("usedAt")))
        .hasSize(1);
    assertThat(await(grants().get(Kind.REFRESH_TOKEN, id, now())).orElseThrow())
        .containsKey("usedAt");
    assertThat(await(grants().mark(Kind.REFRESH_TOKEN, "missing", "usedAt", "1", now()))).isEmpty();
  }

  @Test
  default void aDeletedItemIsGone() {
    String id = id();
    await(grants().put(Kind.ACCESS_TOKEN, id, Map.of("consumerId", "c1"), now() + HOUR));

    assertThat(await(grants().delete(Kind.ACCESS_TOKEN, id))).isTrue();
    assertThat(await(grants().get(Kind.ACCESS_TOKEN, id, now()))).isEmpty();
    assertThat(await(grants().delete(Kind.ACCESS_TOKEN, id))).isFalse();
  }

  @Test
  default void revokingAFamilyDeletesItsTokensAndRefusesNewMembers() {
    String family = id();
    String refresh = id();
    String access = id();
    String outsider = id();
    long expiresAt = now() + HOUR;
    await(grants().put(Kind.REFRESH_TOKEN, refresh, Map.of("familyId", family), expiresAt));
    await(grants().put(Kind.ACCESS_TOKEN, access, Map.of("familyId", family), expiresAt));
    await(grants().put(Kind.ACCESS_TOKEN, outsider, Map.of(), expiresAt));
    assertThat(await(grants().joinFamily(family, Kind.REFRESH_TOKEN, refresh, expiresAt))).isTrue();
    assertThat(await(grants().joinFamily(family, Kind.ACCESS_TOKEN, access, expiresAt))).isTrue();
    assertThat(await(grants().familyRevoked(family, now()))).isFalse();

    assertThat(await(grants().revokeFamily(family, expiresAt))).isEqualTo(2);

    assertThat(await(grants().get(Kind.REFRESH_TOKEN, refresh, now()))).isEmpty();
    assertThat(await(grants().get(Kind.ACCESS_TOKEN, access, now()))).isEmpty();
    assertThat(await(grants().get(Kind.ACCESS_TOKEN, outsider, now()))).isPresent();
    assertThat(await(grants().familyRevoked(family, now()))).isTrue();
    assertThat(await(grants().joinFamily(family, Kind.ACCESS_TOKEN, id(), expiresAt))).isFalse();
  }

  @Test
  default void theFirstSigningKeyIsStoredOnceAndRotationsAddKeys() {
    assertThat(await(grants().signingKeys())).isEmpty();

    assertThat(await(grants().putSigningKey("k1", "{\"kid\":\"k1\"}", true))).isTrue();
    assertThat(await(grants().putSigningKey("k2", "{\"kid\":\"k2\"}", true))).isFalse();
    assertThat(await(grants().putSigningKey("k3", "{\"kid\":\"k3\"}", false))).isTrue();
    assertThat(await(grants().putSigningKey("k1", "{\"kid\":\"k1\",\"x\":1}", false))).isTrue();

    assertThat(await(grants().signingKeys()))
        .containsExactlyInAnyOrder("{\"kid\":\"k1\",\"x\":1}", "{\"kid\":\"k3\"}");
    await(grants().deleteSigningKey("k1"));
    assertThat(await(grants().signingKeys())).containsExactly("{\"kid\":\"k3\"}");
  }

  @Test
  default void expiredItemsAreRemovedNotMerelyHidden() throws InterruptedException {
    String id = id();
    long expiresAt = now() + 300;
    await(grants().put(Kind.ACCESS_TOKEN, id, Map.of("consumerId", "c1"), expiresAt));
    String family = id();
    await(grants().joinFamily(family, Kind.ACCESS_TOKEN, id, expiresAt));

    // Read "as of" a time before the expiry: only a removed item is missing then.
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (await(grants().get(Kind.ACCESS_TOKEN, id, expiresAt - 1_000)).isPresent()) {
      assertThat(System.nanoTime()).as("removed within 10 s of expiring").isLessThan(deadline);
      await(grants().sweep(now()));
      Thread.sleep(50);
    }
    assertThat(await(grants().joinFamily(family, Kind.ACCESS_TOKEN, id(), now() + HOUR)))
        .as("an expired family is forgotten, not revoked")
        .isTrue();
  }
}
