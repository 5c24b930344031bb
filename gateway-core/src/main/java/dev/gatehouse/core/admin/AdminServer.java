package dev.gatehouse.core.admin;

import dev.gatehouse.core.config.GatewayConfig.AdminListener;
import dev.gatehouse.core.config.GatewayConfig.AdminTls;
import dev.gatehouse.core.server.ListenerOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Binds the admin listener: {@code admin.host} (127.0.0.1 unless configured) and {@code
 * admin.port}, over HTTPS when {@code admin.tls} names a key and certificate.
 *
 * <pre>{@code
 * HttpServer server = AdminServer.listen(vertx, listener, configDirectory, api.router())
 *     .await(); // at start, never on an event loop
 * }</pre>
 */
public final class AdminServer {

  private AdminServer() {}

  /**
   * @param configDirectory what relative {@code admin.tls} paths are relative to
   * @return the bound server, or a failure naming a missing key or certificate file
   */
  public static Future<HttpServer> listen(
      Vertx vertx, AdminListener admin, Path configDirectory, Handler<HttpServerRequest> handler) {
    HttpServerOptions options =
        ListenerOptions.http(admin.host(), admin.port())
            .setAcceptBacklog(admin.backlog())
            // Answers may complete on the identity store's threads; let Vert.x hop back.
            .setStrictThreadMode(false);
    if (admin.tls().isPresent()) {
      AdminTls tls = admin.tls().get();
      Path key = configDirectory.resolve(tls.key());
      Path cert = configDirectory.resolve(tls.cert());
      for (Path file : new Path[] {key, cert}) {
        if (!Files.isReadable(file)) {
          return Future.failedFuture(
              new IllegalArgumentException("admin.tls: cannot read " + file));
        }
      }
      options
          .setSsl(true)
          .setKeyCertOptions(
              new PemKeyCertOptions().setKeyPath(key.toString()).setCertPath(cert.toString()));
    }
    return vertx.createHttpServer(options).requestHandler(handler).listen();
  }
}
