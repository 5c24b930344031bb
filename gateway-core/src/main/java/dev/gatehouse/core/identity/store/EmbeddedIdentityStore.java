package dev.gatehouse.core.identity.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;

/**
 * The default identity store: one file, {@value #FILE_NAME}, in the {@code db.embedded.path} folder
 * (H2's MVStore), with no server to run. Each write is committed and synced to disk before its
 * future completes, so a write the Admin API acknowledged survives {@code kill -9} of the gateway
 * (and a power cut, as far as the disk honours a sync); after a crash the file opens at its last
 * complete version. Only one gateway may use a folder at a time: the file is locked while open.
 *
 * <pre>{@code
 * EmbeddedIdentityStore.open(vertx, Path.of("data"))
 *     .compose(store -> store.insertUser(user));
 * }</pre>
 */
public final class EmbeddedIdentityStore extends SerialIdentityStore {

  /** The store's file in its folder. */
  public static final String FILE_NAME = "identity.mv.db";

  private EmbeddedIdentityStore(WorkerExecutor worker, MvStoreAdapter engine) {
    super(worker, engine, true);
  }

  /**
   * Opens (or creates) the store in a folder, on the store's worker thread.
   *
   * @param folder created when missing
   * @return fails with an {@link IllegalStateException} naming the file when it cannot be opened
   */
  public static Future<EmbeddedIdentityStore> open(Vertx vertx, Path folder) {
    WorkerExecutor worker = worker(vertx);
    Path file = folder.resolve(FILE_NAME);
    return worker
        .executeBlocking(
            () -> {
              MvStoreAdapter engine = MvStoreAdapter.open(file);
              try {
                return new EmbeddedIdentityStore(worker, engine);
              } catch (RuntimeException e) {
                engine.close();
                throw e;
              }
            },
            false)
        .onFailure(e -> worker.close());
  }
}
