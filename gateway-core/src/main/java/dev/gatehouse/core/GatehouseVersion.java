package dev.gatehouse.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The product version, written into the jar by the build. */
public final class GatehouseVersion {

  private static final String VERSION = load();

  private GatehouseVersion() {}

  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = GatehouseVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "development";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "development");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
