package dev.gatehouse.core.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.gatehouse.core.admin.ConfigTextEditor.Edit;
import dev.gatehouse.core.admin.ConfigTextEditor.Outcome;
import dev.gatehouse.core.config.ConfigException;
import dev.gatehouse.core.config.ConfigFiles;
import dev.gatehouse.core.config.ConfigLoader;
import dev.gatehouse.core.config.YamlReader;
import dev.gatehouse.core.pipeline.GatewayCompiler;
import dev.gatehouse.core.reload.ConfigReloader;
import dev.gatehouse.core.reload.Retirement;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Writes Admin API changes to {@code gateway.config.yml} (or {@code .json}) and makes them live.
 * Each change, one at a time on a worker of its own:
 *
 * <ol>
 *   <li>reads the file as written (placeholders unsubstituted, so they survive);
 *   <li>edits only the affected entry's text ({@link ConfigTextEditor}) and checks, by parsing the
 *       result, that it means exactly the old configuration with the change applied;
 *   <li>loads and compiles the candidate as {@code gatehouse validate} does, with the running
 *       gateway's compiler: every error is a 422 and the file stays untouched;
 *   <li>replaces the file atomically: the candidate is written and synced next to it, then renamed
 *       over it (its permissions kept);
 *   <li>reloads the configuration, so the change is live when the request is answered.
 * </ol>
 *
 * <pre>{@code
 * ConfigWriter writer = new ConfigWriter(vertx, files, env, compiler, reloader::reload);
 * new AdminApi(vertx, registry, current::get, writer, identity, listener.auth());
 * }</pre>
 */
public final class ConfigWriter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigWriter.class);

  /** Equal values: numbers by value, whatever type the reader chose for them. */
  private static final Comparator<JsonNode> SAME_VALUE = ConfigWriter::compareValues;

  private final ConfigFiles files;
  private final Map<String, String> env;
  private final GatewayCompiler compiler;
  private final Supplier<ConfigReloader.Result> reload;
  private final WorkerExecutor worker;

  /**
   * @param files where the configuration lives
   * @param env the environment the gateway substitutes placeholders from
   * @param compiler the running gateway's compiler, to validate candidates
   * @param reload applies the written file (the gateway's {@code reload()})
   */
  public ConfigWriter(
      Vertx vertx,
      ConfigFiles files,
      Map<String, String> env,
      GatewayCompiler compiler,
      Supplier<ConfigReloader.Result> reload) {
    this.files = files;
    this.env = Map.copyOf(env);
    this.compiler = compiler;
    this.reload = reload;
    this.worker = vertx.createSharedWorkerExecutor("gatehouse-admin-config", 1);
  }

  /** Applies a change; the future tells what it did, or fails with an {@link AdminProblem}. */
  Future<Outcome> apply(ConfigChange change) {
    return worker.executeBlocking(() -> write(change), true);
  }

  private Outcome write(ConfigChange change) throws IOException {
    Path file =
        files
            .find(ConfigFiles.GATEWAY)
            .orElseThrow(
                () ->
                    AdminProblem.conflict(
                        "config.file_missing", "there is no gateway.config.yml to edit"))
            .toRealPath();
    String original;
    try {
      original = Files.readString(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw AdminProblem.conflict("config.file_invalid", "the configuration file is not UTF-8");
    }
    String bom = original.startsWith("\uFEFF") ? "\uFEFF" : "";
    String text = original.substring(bom.length());
    boolean json = file.getFileName().toString().endsWith(".json");
    Edit edit = edit(text, change, json);
    if (edit.outcome() == Outcome.ABSENT || edit.outcome() == Outcome.UNCHANGED) {
      return edit.outcome();
    }
    replace(file, bom + edit.text());
    LOG.info(
        "admin_config_written file={} section={} name={} outcome={}",
        file.getFileName(),
        change.section().key(),
        change.name(),
        edit.outcome());
    if (reload.get() != ConfigReloader.Result.APPLIED) {
      throw AdminProblem.of(
          500,
          "config.not_applied",
          "the file was written but the gateway refused to reload it; see its log");
    }
    return edit.outcome();
  }

  /**
   * The file's text with the change applied, checked to mean what it should: block style first,
   * JSON values where block style would not read back the same.
   */
  private Edit edit(String text, ConfigChange change, boolean json) {
    ObjectNode before = parse(text, "config.file_invalid", "the configuration file does not load");
    Edit edit = null;
    for (boolean jsonValues : new boolean[] {false, true}) {
      edit = editAll(text, change, json, jsonValues);
      if (edit.outcome() == Outcome.ABSENT || edit.outcome() == Outcome.UNCHANGED) {
        return edit;
      }
      ObjectNode after =
          parse(edit.text(), "config.unsupported_layout", "the change would break the file");
      if (expected(before, change).equals(SAME_VALUE, after)) {
        return edit;
      }
    }
    LOG.error(
        "admin_config_edit_mismatch section={} name={} (nothing written)",
        change.section().key(),
        change.name());
    throw new IllegalStateException("the edited file does not read back as intended");
  }

  private static int compareValues(JsonNode a, JsonNode b) {
    if (!a.isNumber() || !b.isNumber()) {
      return a.equals(b) ? 0 : 1;
    }
    if (a.isFloatingPointNumber() || b.isFloatingPointNumber()) {
      return Double.compare(a.doubleValue(), b.doubleValue());
    }
    return a.bigIntegerValue().compareTo(b.bigIntegerValue());
  }

  /** Applies the change; a whitelist removal removes every occurrence of the name. */
  private static Edit editAll(String text, ConfigChange change, boolean json, boolean jsonValues) {
    Edit edit = editor(text, json, jsonValues).apply(change);
    if (edit.outcome() != Outcome.REMOVED || !change.section().isList()) {
      return edit;
    }
    Edit next = editor(edit.text(), json, jsonValues).apply(change);
    while (next.outcome() == Outcome.REMOVED) {
      edit = next;
      next = editor(edit.text(), json, jsonValues).apply(change);
    }
    return edit;
  }

  private static ConfigTextEditor editor(String text, boolean json, boolean jsonValues) {
    try {
      return new ConfigTextEditor(text, json, jsonValues);
    } catch (YAMLException e) {
      throw AdminProblem.conflict(
          "config.file_invalid", "the configuration file does not load: " + e.getMessage());
    }
  }

  /** The file's values, placeholders masked, as the gateway's reader reads them. */
  private static ObjectNode parse(String text, String code, String problem) {
    try {
      return YamlReader.read(ConfigFiles.GATEWAY + ".yml", YamlOutline.maskPlaceholders(text))
          .root();
    } catch (ConfigException e) {
      throw AdminProblem.conflict(code, problem + ": " + e.errors().get(0).format());
    }
  }

  /** The values before, with the change applied: what the edited text must read as. */
  private static ObjectNode expected(ObjectNode before, ConfigChange change) {
    ObjectNode expected = before.deepCopy();
    ConfigSection section = change.section();
    String key =
        !expected.has(section.key()) && section.alias() != null && expected.has(section.alias())
            ? section.alias()
            : section.key();
    JsonNode current = expected.get(key);
    if (section.isList()) {
      ArrayNode list = current instanceof ArrayNode a ? a : expected.putArray(key);
      if (change.removes()) {
        for (Iterator<JsonNode> items = list.elements(); items.hasNext(); ) {
          if (items.next().asText().equals(change.name())) {
            items.remove();
          }
        }
      } else {
        list.add(change.name());
      }
      return expected;
    }
    ObjectNode map = current instanceof ObjectNode o ? o : expected.putObject(key);
    if (change.removes()) {
      map.remove(change.name());
    } else {
      map.set(change.name(), masked(change.value()));
    }
    return expected;
  }

  /** A value with its placeholders masked, as {@link #parse} reads the text. */
  private static JsonNode masked(JsonNode value) {
    if (value.isTextual()) {
      return TextNode.valueOf(YamlOutline.maskPlaceholders(value.asText()));
    }
    if (value.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      value.forEach(item -> copy.add(masked(item)));
      return copy;
    }
    if (value.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      value
          .fields()
          .forEachRemaining(
              f -> copy.set(YamlOutline.maskPlaceholders(f.getKey()), masked(f.getValue())));
      return copy;
    }
    return value;
  }

  /**
   * Validates the candidate text as the gateway would load it, then renames it over {@code file}.
   * The candidate is written in a fresh directory next to the file (same file system, so the rename
   * is atomic) under the file's own name, so errors name the file the operator knows.
   */
  private void replace(Path file, String candidate) throws IOException {
    Path scratch = Files.createTempDirectory(file.getParent(), ".gatehouse-admin-");
    try {
      Path written = scratch.resolve(file.getFileName());
      Files.writeString(written, candidate, StandardCharsets.UTF_8);
      validate(scratch);
      copyPermissions(file, written);
      try (FileChannel channel = FileChannel.open(written, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      move(written, file);
    } finally {
      deleteQuietly(scratch);
    }
  }

  private void validate(Path directory) {
    try {
      Retirement.close(
          compiler.compile(new ConfigLoader(new ConfigFiles(directory), env).loadGateway()));
    } catch (ConfigException e) {
      throw AdminProblem.invalidConfig(e.errors());
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
    try (FileChannel directory = FileChannel.open(to.getParent(), StandardOpenOption.READ)) {
      directory.force(true);
    } catch (IOException e) {
      LOG.debug("config_directory_sync_unavailable error={}", e.toString());
    }
  }

  private static void copyPermissions(Path from, Path to) throws IOException {
    PosixFileAttributeView source = Files.getFileAttributeView(from, PosixFileAttributeView.class);
    if (source != null) {
      Files.getFileAttributeView(to, PosixFileAttributeView.class)
          .setPermissions(source.readAttributes().permissions());
    }
  }

  private static void deleteQuietly(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(ConfigWriter::delete);
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("admin_scratch_not_deleted path={} error={}", directory, e.toString());
    }
  }

  private static void delete(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    worker.close();
  }
}
