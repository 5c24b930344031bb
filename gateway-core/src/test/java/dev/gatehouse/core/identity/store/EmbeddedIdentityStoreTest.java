package dev.gatehouse.core.identity.store;

import static dev.gatehouse.core.identity.Futures.await;
import static dev.gatehouse.core.identity.Futures.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.identity.AppRecord;
import dev.gatehouse.core.identity.CredentialRecord;
import dev.gatehouse.core.identity.IdentityStore;
import dev.gatehouse.core.identity.UserRecord;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store keeps the store contract, and every write it acknowledged survives a crash: an
 * abrupt close in process, and {@code kill -9} of a process writing as fast as it can.
 */
class EmbeddedIdentityStoreTest extends SerialStoreContract {

  @TempDir Path folder;

  @Override
  protected IdentityStore open(Vertx vertx) {
    return await(EmbeddedIdentityStore.open(vertx, folder.resolve("contract")));
  }

  @Test
  void everyAcknowledgedWriteIsFoundAfterAnAbruptCloseAndReopen() {
    Path data = folder.resolve("abrupt");
    EmbeddedIdentityStore first = await(EmbeddedIdentityStore.open(vertx, data));
    UserRecord ada = await(first.insertUser(user("ada")));
    AppRecord app = await(first.insertApp(app(ada, "dashboard")));
    await(first.insertScopes(Set.of("read")));
    CredentialRecord key = await(first.insertCredential(keyAuth(app.id(), "k1", "read")));
    UserRecord bob = await(first.insertUser(user("bob")));
    await(first.deleteUser(bob.id()));

    first.closeAbruptly();
    EmbeddedIdentityStore reopened = await(EmbeddedIdentityStore.open(vertx, data));
    try {
      assertThat(await(reopened.userByName("ada"))).contains(ada);
      assertThat(await(reopened.app(app.id()))).contains(app);
      assertThat(await(reopened.credential("key-auth", "k1"))).contains(key);
      assertThat(await(reopened.scopes())).containsExactly("read");
      assertThat(await(reopened.userByName("bob"))).isEmpty();
      assertThat(await(reopened.users("0", 10)).items()).containsExactly(ada);
    } finally {
      reopened.close();
    }
  }

  @Test
  void aStoreInUseCannotBeOpenedASecondTime() {
    Path data = folder.resolve("shared");
    EmbeddedIdentityStore first = await(EmbeddedIdentityStore.open(vertx, data));
    try {
      Throwable refused = failure(EmbeddedIdentityStore.open(vertx, data));

      assertThat(refused).isInstanceOf(IllegalStateException.class);
      assertThat(refused.getMessage()).contains(EmbeddedIdentityStore.FILE_NAME);
    } finally {
      first.close();
    }
  }

  @Test
  void aClosedStoreRefusesOperations() {
    EmbeddedIdentityStore closed = await(EmbeddedIdentityStore.open(vertx, folder.resolve("c")));
    closed.close();

    assertThat(failure(closed.insertUser(user("ada")))).hasMessageContaining("closed");
    assertThat(failure(closed.ping())).hasMessageContaining("closed");
  }

  @Test
  void everyWriteAcknowledgedBeforeKillMinus9IsFoundAfterRestart() throws Exception {
    Path data = folder.resolve("killed");
    Process writer =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                DurabilityWriter.class.getName(),
                data.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    List<String> acknowledged = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).isEqualTo("READY");
      String line;
      while (acknowledged.size() < 200 && (line = out.readLine()) != null) {
        acknowledged.add(line.substring("ACK ".length()));
      }
      // SIGKILL mid-stream: no shutdown hook, no close. Through the handle, which (unlike
      // Process.destroyForcibly) leaves the pipe open to read the acknowledgements already sent.
      writer.toHandle().destroyForcibly();
      assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
      while ((line = out.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          acknowledged.add(line.substring("ACK ".length()));
        }
      }
    } finally {
      writer.destroyForcibly();
    }

    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(200);
    EmbeddedIdentityStore reopened = await(EmbeddedIdentityStore.open(vertx, data));
    try {
      for (String username : acknowledged) {
        assertThat(await(reopened.userByName(username))).as(username).isPresent();
      }
    } finally {
      reopened.close();
    }
  }

  @Test
  void theStoreIsOneFileInItsFolder() throws IOException {
    Path data = folder.resolve("layout");
    await(EmbeddedIdentityStore.open(vertx, data)).close();

    try (var files = Files.list(data)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactly(EmbeddedIdentityStore.FILE_NAME);
    }
  }
}
