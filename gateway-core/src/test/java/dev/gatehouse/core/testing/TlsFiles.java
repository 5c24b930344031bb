package dev.gatehouse.core.testing;

import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The test TLS material of {@code src/test/resources/tls} (see its README): copied into a
 * configuration directory for the gateway, and as Vert.x options for test clients and backends.
 */
public final class TlsFiles {

  private TlsFiles() {}

  /** Copies every file of the test TLS material into {@code configDirectory/tls}. */
  public static Path copyInto(Path configDirectory) {
    try (Stream<Path> files = Files.list(directory())) {
      Path tls = Files.createDirectories(configDirectory.resolve("tls"));
      for (Path file : files.toList()) {
        Files.copy(file, tls.resolve(file.getFileName()));
      }
      return tls;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The absolute path of one file, e.g. {@code server.crt}. */
  public static String path(String name) {
    return directory().resolve(name).toString();
  }

  /** Trusts the test CA (which signed {@code server.crt} and {@code client.crt}). */
  public static PemTrustOptions ca() {
    return new PemTrustOptions().addCertPath(path("ca.crt"));
  }

  /** A key and certificate pair, by base name: {@code server}, {@code client}, {@code rogue}… */
  public static PemKeyCertOptions keyCert(String name) {
    return new PemKeyCertOptions().setKeyPath(path(name + ".key")).setCertPath(path(name + ".crt"));
  }

  private static Path directory() {
    try {
      return Path.of(
              Objects.requireNonNull(TlsFiles.class.getResource("/tls/ca.crt"), "tls/ca.crt")
                  .toURI())
          .getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
