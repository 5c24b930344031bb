package dev.gatehouse.core.identity.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * H2's MVStore as {@link Table}s; the only class that knows MVStore. Auto-commit and the background
 * writer are off: nothing reaches the file until {@link #commit(boolean)}, which writes every
 * table's changes as one version (a crash keeps the previous version or this one, never half), and
 * {@link #rollback()} drops the changes since the last commit.
 *
 * <p>Not thread-safe: the store calls it from its one worker thread.
 */
final class MvStoreAdapter {

  private final MVStore store;
  private final Path file;

  private MvStoreAdapter(MVStore store, Path file) {
    this.store = store;
    this.file = file;
  }

  /**
   * Opens (or creates) the store file, recovering the last complete version after a crash.
   *
   * @throws IllegalStateException naming the file when it cannot be opened (in use by another
   *     process, unreadable, not a store)
   */
  static MvStoreAdapter open(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the folder of " + file, e);
    }
    try {
      MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
      return new MvStoreAdapter(store, file);
    } catch (MVStoreException e) {
      // No cause attached: the start error shows the deepest cause, and MVStore's is a bare
      // OverlappingFileLockException where its own message says what happened.
      throw new IllegalStateException(
          "cannot open the identity store "
              + file
              + ": "
              + e.getMessage()
              + (e.getErrorCode() == org.h2.mvstore.DataUtils.ERROR_FILE_LOCKED
                  ? " (another gateway uses this db.embedded.path)"
                  : ""));
    }
  }

  /** A store that lives in memory only. */
  static MvStoreAdapter inMemory() {
    return new MvStoreAdapter(new MVStore.Builder().autoCommitDisabled().open(), null);
  }

  Table table(String name) {
    return new MvTable(store.openMap(name));
  }

  /** Makes the changes since the last commit one durable version; {@code sync} forces the disk. */
  void commit(boolean sync) {
    if (!store.hasUnsavedChanges()) {
      return;
    }
    store.commit();
    if (sync && file != null) {
      store.sync();
    }
  }

  /**
   * Rewrites chunks of the file that are mostly garbage (expired tokens), at most {@code maxBytes},
   * so that the file does not grow with the tokens issued over time. The next commit stores it.
   */
  void compact(int maxBytes) {
    if (file != null) {
      store.compact(50, maxBytes);
    }
  }

  void rollback() {
    if (!store.isClosed()) {
      store.rollback();
    }
  }

  boolean isClosed() {
    return store.isClosed();
  }

  /** Commits what is pending and closes the file. */
  void close() {
    if (!store.isClosed()) {
      store.close();
    }
  }

  /** Closes the file without writing anything, as a crash would leave it. */
  void closeAbruptly() {
    if (!store.isClosed()) {
      store.closeImmediately();
    }
  }

  @Override
  public String toString() {
    return file == null ? "MVStore[memory]" : "MVStore[" + file + "]";
  }

  private record MvTable(MVMap<String, String> map) implements Table {

    @Override
    public String get(String key) {
      return map.get(key);
    }

    @Override
    public boolean contains(String key) {
      return map.containsKey(key);
    }

    @Override
    public void put(String key, String value) {
      map.put(key, value);
    }

    @Override
    public void remove(String key) {
      map.remove(key);
    }

    @Override
    public List<Map.Entry<String, String>> withPrefix(String prefix) {
      List<Map.Entry<String, String>> found = new ArrayList<>();
      Cursor<String, String> cursor = map.cursor(prefix);
      while (cursor.hasNext()) {
        String key = cursor.next();
        if (!key.startsWith(prefix)) {
          break;
        }
        found.add(new AbstractMap.SimpleImmutableEntry<>(key, cursor.getValue()));
      }
      return found;
    }

    @Override
    public List<Map.Entry<String, String>> from(String from, int limit) {
      List<Map.Entry<String, String>> found = new ArrayList<>();
      Cursor<String, String> cursor = map.cursor(from);
      while (cursor.hasNext() && found.size() < limit) {
        String key = cursor.next();
        found.add(new AbstractMap.SimpleImmutableEntry<>(key, cursor.getValue()));
      }
      return found;
    }

    @Override
    public List<String> values() {
      List<String> values = new ArrayList<>();
      Cursor<String, String> cursor = map.cursor(null);
      while (cursor.hasNext()) {
        cursor.next();
        values.add(cursor.getValue());
      }
      return values;
    }
  }
}
