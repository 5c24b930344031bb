package dev.gatehouse.core.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Builds real plugin jars for tests: compiles Java sources against the test classpath (so against
 * the plugin API), writes PF4J's extension index and the manifest, and packs them.
 *
 * <pre>{@code
 * Path jar = TestPluginJar.named("greeter").source("p.Greeter", "...").extension("p.Greeter")
 *     .writeTo(pluginsDir);
 * }</pre>
 */
public final class TestPluginJar {

  private final String id;
  private final Map<String, String> manifest = new LinkedHashMap<>();
  private final Map<String, String> sources = new LinkedHashMap<>();
  private final List<String> extensions = new ArrayList<>();
  private String fileName;

  private TestPluginJar(String id) {
    this.id = id;
    this.fileName = id + ".jar";
    manifest.put("Plugin-Id", id);
    manifest.put("Plugin-Version", "1.0.0");
    manifest.put("Plugin-Requires", ">=1.0.0 & <2.0.0");
  }

  public static TestPluginJar named(String id) {
    return new TestPluginJar(id);
  }

  /** Sets ({@code value} non-null) or removes a manifest attribute. */
  public TestPluginJar manifest(String name, String value) {
    if (value == null) {
      manifest.remove(name);
    } else {
      manifest.put(name, value);
    }
    return this;
  }

  public TestPluginJar fileName(String fileName) {
    this.fileName = fileName;
    return this;
  }

  public TestPluginJar source(String className, String code) {
    sources.put(className, code);
    return this;
  }

  /** Lists a class in {@code META-INF/extensions.idx}. */
  public TestPluginJar extension(String className) {
    extensions.add(className);
    return this;
  }

  /** A plugin with one policy that answers 200 with {@code text}, named {@code policy}. */
  public static TestPluginJar answeringPolicy(String id, String policy, String text) {
    String pkg = "test." + id.replace('-', '_');
    String cls = pkg + ".AnswerFactory";
    return named(id)
        .source(
            cls,
            """
            package %s;
            import dev.gatehouse.api.*;
            import io.vertx.core.json.JsonObject;
            public final class AnswerFactory implements PolicyFactory<JsonObject> {
              public String name() { return "%s"; }
              public Class<JsonObject> configType() { return JsonObject.class; }
              public Policy create(JsonObject action, PolicyContext context) {
                return exchange -> Outcome.respond(Response.of(200).text("%s"));
              }
            }
            """
                .formatted(pkg, policy, text))
        .extension(cls);
  }

  /** Compiles, packs and writes the jar into {@code folder}; returns its path. */
  public Path writeTo(Path folder) {
    try {
      Files.createDirectories(folder);
      Path classes = Files.createTempDirectory("plugin-classes");
      compile(classes);
      Path jar = folder.resolve(fileName);
      pack(classes, jar);
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void compile(Path output) throws IOException {
    if (sources.isEmpty()) {
      return;
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, null)) {
      files.setLocation(StandardLocation.CLASS_OUTPUT, List.of(output.toFile()));
      List<JavaFileObject> units = new ArrayList<>();
      sources.forEach((name, code) -> units.add(new Source(name, code)));
      List<String> options =
          List.of("-classpath", System.getProperty("java.class.path"), "-proc:none");
      Boolean ok = compiler.getTask(null, files, null, options, null, units).call();
      if (!Boolean.TRUE.equals(ok)) {
        throw new IllegalStateException("test plugin " + id + " does not compile");
      }
    }
  }

  private void pack(Path classes, Path jar) throws IOException {
    Manifest mf = new Manifest();
    mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.forEach((k, v) -> mf.getMainAttributes().putValue(k, v));
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jarOut = new JarOutputStream(out, mf);
        Stream<Path> walk = Files.walk(classes)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        jarOut.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        jarOut.write(Files.readAllBytes(file));
        jarOut.closeEntry();
      }
      if (!extensions.isEmpty()) {
        jarOut.putNextEntry(new JarEntry("META-INF/extensions.idx"));
        jarOut.write((String.join("\n", extensions) + "\n").getBytes());
        jarOut.closeEntry();
      }
    }
  }

  private static final class Source extends SimpleJavaFileObject {
    private final String code;

    Source(String className, String code) {
      super(URI.create("string:///" + className.replace('.', '/') + ".java"), Kind.SOURCE);
      this.code = code;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return code;
    }
  }
}
