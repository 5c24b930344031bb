package dev.gatehouse.core.identity.store;

import dev.gatehouse.core.identity.UserRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A process that writes users into an embedded store as fast as it can, a few at a time, and prints
 * {@code ACK <username>} for each write the store acknowledged, until it is killed.
 */
public final class DurabilityWriter {

  private DurabilityWriter() {}

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    EmbeddedIdentityStore store =
        EmbeddedIdentityStore.open(vertx, Path.of(args[0]))
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    System.out.println("READY");
    System.out.flush();
    for (int batch = 0; batch < 100_000; batch++) {
      Future<?>[] writes = new Future<?>[4];
      for (int i = 0; i < writes.length; i++) {
        String username = "user-" + batch + "-" + i;
        writes[i] =
            store
                .insertUser(
                    new UserRecord(
                        UUID.randomUUID().toString(),
                        username,
                        true,
                        "now",
                        "now",
                        new JsonObject().put("username", username)))
                .onSuccess(
                    user -> {
                      synchronized (System.out) {
                        System.out.println("ACK " + user.username());
                        System.out.flush();
                      }
                    });
      }
      Future.all(java.util.List.of(writes))
          .toCompletionStage()
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    }
  }
}
