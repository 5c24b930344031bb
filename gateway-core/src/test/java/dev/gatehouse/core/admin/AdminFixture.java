package dev.gatehouse.core.admin;

import static dev.gatehouse.core.testing.Http.join;

import dev.gatehouse.core.config.ConfigFiles;
import dev.gatehouse.core.config.ConfigLoader;
import dev.gatehouse.core.config.GatewayConfig;
import dev.gatehouse.core.identity.IdentityManager;
import dev.gatehouse.core.metrics.GatewayMetrics;
import dev.gatehouse.core.pipeline.CompiledGateway;
import dev.gatehouse.core.pipeline.GatewayCompiler;
import dev.gatehouse.core.pipeline.Services;
import dev.gatehouse.core.plugin.ExtensionRegistry;
import dev.gatehouse.core.plugin.PluginLoader;
import dev.gatehouse.core.reload.ConfigReloader;
import dev.gatehouse.core.reload.Retirement;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An admin listener with the whole Admin API over a configuration directory, wired as {@code
 * Gatehouse.start} wires it but with an {@link IdentityManager} of the test's choice: one per test
 * class, on an ephemeral port.
 *
 * <pre>{@code
 * @RegisterExtension static final AdminFixture admin = new AdminFixture(new FakeIdentityManager());
 * }</pre>
 */
final class AdminFixture implements BeforeAllCallback, AfterAllCallback {

  private static final String CONFIG = "admin: {port: 0}\n";

  private final IdentityManager identity;
  private Vertx vertx;
  private PluginLoader plugins;
  private HttpServer server;
  private AdminClient client;

  AdminFixture(IdentityManager identity) {
    this.identity = identity;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Path dir = Files.createTempDirectory("gatehouse-admin");
    Files.writeString(dir.resolve("gateway.config.yml"), CONFIG);
    ConfigFiles files = new ConfigFiles(dir);
    ConfigLoader loader = new ConfigLoader(files, Map.of());
    GatewayConfig config = loader.loadGateway();
    plugins = new PluginLoader();
    ExtensionRegistry registry = plugins.load(List.of());
    vertx = Vertx.vertx();
    GatewayCompiler compiler =
        GatewayCompiler.create(
            registry, loader.loadSystem(), vertx, GatewayMetrics.disabled(), dir, Services.none());
    AtomicReference<CompiledGateway> current = new AtomicReference<>(compiler.compile(config));
    ConfigReloader reloader =
        new ConfigReloader(loader, compiler, current, new Retirement(vertx, 1));
    ConfigWriter writer = new ConfigWriter(vertx, files, Map.of(), compiler, reloader::reload);
    GatewayConfig.AdminListener listener = config.admin().orElseThrow();
    AdminApi api =
        new AdminApi(vertx, registry, current::get, writer, Optional.of(identity), listener.auth());
    server = join(AdminServer.listen(vertx, listener, dir, api.router()));
    client = new AdminClient(vertx, server.actualPort());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    client.close();
    join(vertx.close());
    plugins.close();
  }

  AdminClient client() {
    return client;
  }
}
