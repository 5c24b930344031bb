package dev.gatehouse.core.server.tls;

import dev.gatehouse.core.config.ConfigDocument;
import dev.gatehouse.core.config.ConfigError;
import dev.gatehouse.core.config.ConfigException;
import dev.gatehouse.core.config.ConfigPath;
import dev.gatehouse.core.config.GatewayConfig.ClientCertificates;
import dev.gatehouse.core.config.GatewayConfig.HttpsListener;
import dev.gatehouse.core.config.GatewayConfig.PemFile;
import dev.gatehouse.core.config.GatewayConfig.TlsCertificate;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509KeyManager;

/**
 * Reads the PEM files of an {@code https} section and checks them: every file readable, keys and
 * certificates parseable, each key the one of its certificate, globs supported. Collects every
 * problem, each located at the key that names the file.
 */
final class ServerTlsLoader {

  private final Path directory;
  private final ConfigDocument document;
  private final List<ConfigError> errors = new ArrayList<>();

  ServerTlsLoader(Path directory, ConfigDocument document) {
    this.directory = directory;
    this.document = document;
  }

  ServerTls load(HttpsListener https) throws ConfigException {
    ClientCertificates clients = https.clientCertificates();
    List<X509Certificate> sharedCas = certificates(clients.ca());
    Set<X509Certificate> allCas = new LinkedHashSet<>(sharedCas);
    List<ServerCertificate> loaded = new ArrayList<>();
    List<TlsCertificate> entries = https.certificates();
    for (int i = 0; i < entries.size(); i++) {
      TlsCertificate entry = entries.get(i);
      List<X509Certificate> cas = new ArrayList<>(certificates(entry.ca()));
      cas.addAll(sharedCas);
      allCas.addAll(cas);
      ServerNameGlob glob = entry.isDefault() ? null : glob(entry);
      byte[] keyPem = read(entry.key());
      byte[] certPem = read(entry.cert());
      X509Certificate[] chain = chain(entry.cert(), certPem);
      PrivateKey key =
          chain == null || keyPem == null
              ? null
              : privateKey(entry.key(), keyPem, certPem, chain[0]);
      if (key != null) {
        String alias = String.valueOf(i);
        loaded.add(
            new ServerCertificate(entry.serverName(), glob, alias, key, chain, trustManager(cas)));
      }
    }
    if (clients.requested() && allCas.isEmpty()) {
      error(
          clients.path().child("requestCert"),
          "requestCert needs the CAs that sign client certificates: set https.options.ca (or ca"
              + " in the tls entries)");
    }
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    ClientAuth clientAuth =
        !clients.requested()
            ? ClientAuth.NONE
            : clients.required() ? ClientAuth.REQUIRED : ClientAuth.REQUEST;
    return new ServerTls(new ServerCertificates(loaded), clientAuth, List.copyOf(allCas));
  }

  private ServerNameGlob glob(TlsCertificate entry) {
    try {
      return ServerNameGlob.compile(entry.serverName());
    } catch (IllegalArgumentException e) {
      error(entry.path(), e.getMessage());
      return null;
    }
  }

  /** The certificates of every file, in order; those of unreadable files are reported. */
  private List<X509Certificate> certificates(List<PemFile> files) {
    List<X509Certificate> certificates = new ArrayList<>();
    for (PemFile file : files) {
      X509Certificate[] read = chain(file, read(file));
      if (read != null) {
        certificates.addAll(List.of(read));
      }
    }
    return certificates;
  }

  /** The certificates in {@code pem} (read from {@code file}); null when there are none. */
  private X509Certificate[] chain(PemFile file, byte[] pem) {
    if (pem == null) {
      return null;
    }
    try {
      List<X509Certificate> chain = new ArrayList<>();
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem))) {
        chain.add((X509Certificate) certificate);
      }
      if (!chain.isEmpty()) {
        return chain.toArray(X509Certificate[]::new);
      }
      error(file.path(), file.file() + " holds no PEM certificate");
    } catch (CertificateException e) {
      error(file.path(), file.file() + " is not a PEM certificate: " + e.getMessage());
    }
    return null;
  }

  /** The private key in {@code pem} (read from {@code file}), if it is {@code certificate}'s. */
  private PrivateKey privateKey(
      PemFile file, byte[] pem, byte[] certPem, X509Certificate certificate) {
    PrivateKey key;
    try {
      // Vert.x reads PKCS#8, PKCS#1 (RSA) and SEC1 (EC) keys; without paths it needs no Vertx.
      X509KeyManager keys =
          (X509KeyManager)
              new PemKeyCertOptions()
                  .addKeyValue(Buffer.buffer(pem))
                  .addCertValue(Buffer.buffer(certPem))
                  .getKeyManagerFactory(null)
                  .getKeyManagers()[0];
      String[] aliases = keys.getServerAliases(certificate.getPublicKey().getAlgorithm(), null);
      key = aliases == null ? null : keys.getPrivateKey(aliases[0]);
    } catch (Exception e) {
      error(file.path(), file.file() + " is not a PEM private key: " + keyProblem(pem, e));
      return null;
    }
    if (key == null || !signsFor(key, certificate)) {
      error(
          file.path(),
          file.file()
              + " is not the key of the certificate "
              + certificate.getSubjectX500Principal());
      return null;
    }
    return key;
  }

  private static String keyProblem(byte[] pem, Exception e) {
    if (new String(pem, StandardCharsets.US_ASCII).contains("ENCRYPTED")) {
      return "encrypted keys are not supported; decrypt it (openssl pkey -in key.pem -out"
          + " plain.pem) and protect the file instead";
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  /** Whether a signature made with {@code key} verifies with the certificate's public key. */
  private static boolean signsFor(PrivateKey key, X509Certificate certificate) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "EdDSA", "Ed25519", "Ed448" -> key.getAlgorithm();
          default -> null;
        };
    if (algorithm == null) {
      // A key type this check does not know; the handshake will tell.
      return true;
    }
    try {
      byte[] probe = new byte[32];
      new SecureRandom().nextBytes(probe);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** Verifies client certificates against {@code cas}; null when there are none. */
  private static X509ExtendedTrustManager trustManager(List<X509Certificate> cas) {
    if (cas.isEmpty()) {
      return null;
    }
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < cas.size(); i++) {
        store.setCertificateEntry("ca-" + i, cas.get(i));
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
      factory.init(store);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509ExtendedTrustManager x509) {
          return x509;
        }
      }
      throw new IllegalStateException("the JDK offers no X.509 trust manager");
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the client certificate trust store", e);
    }
  }

  private byte[] read(PemFile file) {
    Path resolved = directory.resolve(file.file());
    try {
      return Files.readAllBytes(resolved);
    } catch (NoSuchFileException e) {
      error(file.path(), "cannot read " + file.file() + " (" + resolved + "): no such file");
    } catch (AccessDeniedException e) {
      error(file.path(), "cannot read " + file.file() + " (" + resolved + "): permission denied");
    } catch (IOException e) {
      error(file.path(), "cannot read " + file.file() + " (" + resolved + "): " + e);
    }
    return null;
  }

  private void error(ConfigPath path, String message) {
    errors.add(document.error(path, message));
  }
}
