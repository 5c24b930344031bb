package dev.gatehouse.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads JSON documents the gateway ships on its classpath (its own schemas). */
public final class ClasspathJson {

  private ClasspathJson() {}

  /**
   * @param resource an absolute resource name, e.g. {@code /schemas/gateway.config.json}
   * @throws IllegalStateException when the resource is missing: a packaging bug
   */
  public static JsonNode read(String resource) {
    try (InputStream in = ClasspathJson.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return ConfigBinding.mapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + resource, e);
    }
  }
}
