package dev.gatehouse.core.identity.store;

import static dev.gatehouse.core.identity.Futures.await;
import static dev.gatehouse.core.identity.Futures.refused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.identity.AppRecord;
import dev.gatehouse.core.identity.CredentialRecord;
import dev.gatehouse.core.identity.IdentityException.Kind;
import dev.gatehouse.core.identity.IdentityStoreContract;
import dev.gatehouse.core.identity.Page;
import dev.gatehouse.core.identity.UserRecord;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the MVStore-backed stores promise beyond the {@link IdentityStoreContract}: listings in
 * creation order with numeric cursors that stay valid while records come and go, and owners that a
 * replacement cannot change.
 */
abstract class SerialStoreContract extends IdentityStoreContract {

  @Test
  void replacingAnApplicationKeepsItsOwner() {
    UserRecord ada = await(store.insertUser(user("ada")));
    UserRecord bob = await(store.insertUser(user("bob")));
    AppRecord app = await(store.insertApp(app(ada, "dashboard")));

    AppRecord moved =
        await(
            store.replaceApp(
                new AppRecord(
                    app.id(),
                    "dashboard",
                    bob.id(),
                    false,
                    app.createdAt(),
                    "later",
                    app.properties())));

    assertThat(moved.userId()).isEqualTo(ada.id());
    assertThat(moved.active()).isFalse();
    assertThat(await(store.appsOfUser(bob.id()))).isEmpty();
  }

  @Test
  void replacingACredentialKeepsItsConsumerAndAnUnknownOneIsNotFound() {
    UserRecord ada = await(store.insertUser(user("ada")));
    UserRecord bob = await(store.insertUser(user("bob")));
    CredentialRecord key = await(store.insertCredential(keyAuth(ada.id(), "k1")));

    CredentialRecord replaced =
        await(
            store.replaceCredential(
                new CredentialRecord(
                    "key-auth",
                    "k1",
                    bob.id(),
                    false,
                    Set.of(),
                    "sha256:11",
                    NOW,
                    "later",
                    new JsonObject())));

    assertThat(replaced.consumerId()).isEqualTo(ada.id());
    assertThat(replaced.active()).isFalse();
    assertThat(await(store.credential("key-auth", "k1"))).contains(replaced);
    assertThat(await(store.credentialsOf(bob.id()))).isEmpty();
    refused(store.replaceCredential(keyAuth(ada.id(), "missing")), Kind.NOT_FOUND);
    assertThat(key.secret()).isNotEqualTo(replaced.secret());
  }

  @Test
  void usersArePagedInCreationOrderWithNumericCursorsUntilZero() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      created.add(await(store.insertUser(user("user" + i))).id());
    }

    List<Page<UserRecord>> pages = everyUserPage(store, 3);

    assertThat(pages).hasSize(3);
    pages.stream()
        .map(Page::nextKey)
        .filter(cursor -> !cursor.equals("0"))
        .forEach(cursor -> assertThat(Long.parseLong(cursor)).isPositive());
    assertThat(ids(pages)).containsExactlyElementsOf(created);
  }

  @Test
  void aPageCursorStaysValidWhenRecordsAreDeletedOrAddedMeanwhile() {
    List<UserRecord> users = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      users.add(await(store.insertUser(user("user" + i))));
    }
    Page<UserRecord> first = await(store.users("0", 3));

    await(store.deleteUser(users.get(1).id()));
    await(store.deleteUser(users.get(3).id()));
    UserRecord late = await(store.insertUser(user("late")));
    Page<UserRecord> second = await(store.users(first.nextKey(), 10));

    assertThat(first.items()).containsExactlyElementsOf(users.subList(0, 3));
    assertThat(second.items()).containsExactly(users.get(4), users.get(5), late);
    assertThat(second.nextKey()).isEqualTo("0");
  }

  @Test
  void aCountBelowOneIsInvalid() {
    refused(store.users("0", 0), Kind.INVALID);
  }
}
