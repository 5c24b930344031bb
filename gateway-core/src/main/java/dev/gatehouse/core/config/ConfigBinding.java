package dev.gatehouse.core.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Binds validated configuration objects to the types policies and conditions declare: a record (or
 * any Jackson-bindable class) or a raw {@link JsonObject}.
 *
 * <p>Binding is strict about types (a list where a number is expected fails) and lenient about
 * unknown keys, which Express Gateway passes through to policies; schemas decide what is allowed.
 */
public final class ConfigBinding {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private ConfigBinding() {}

  /** The mapper used for binding; also turns trees into plain values. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Binds {@code node} to {@code type}.
   *
   * @throws BindingException naming the offending key relative to {@code node}
   */
  @SuppressWarnings("unchecked")
  public static <C> C bind(JsonNode node, Class<C> type) throws BindingException {
    if (type == JsonObject.class) {
      return (C) toJsonObject(node);
    }
    try {
      return MAPPER.treeToValue(node, type);
    } catch (JsonMappingException e) {
      throw new BindingException(relativePath(e), e.getOriginalMessage());
    } catch (Exception e) {
      throw new BindingException(ConfigPath.root(), e.getMessage());
    }
  }

  /** A Vert.x copy of a Jackson object tree. */
  @SuppressWarnings("unchecked")
  public static JsonObject toJsonObject(JsonNode node) {
    if (node == null || node.isNull()) {
      return new JsonObject();
    }
    return new JsonObject(MAPPER.convertValue(node, Map.class));
  }

  /** A Jackson copy of a Vert.x object. */
  public static JsonNode toTree(JsonObject json) {
    return MAPPER.valueToTree(json.getMap());
  }

  private static ConfigPath relativePath(JsonMappingException e) {
    ConfigPath path = ConfigPath.root();
    for (JsonMappingException.Reference ref : e.getPath()) {
      path =
          ref.getFieldName() != null ? path.child(ref.getFieldName()) : path.index(ref.getIndex());
    }
    return path;
  }

  /** A value does not fit the declared type. */
  public static final class BindingException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient ConfigPath path;

    BindingException(ConfigPath path, String message) {
      super(message);
      this.path = path;
    }

    /** The offending key relative to the bound object. */
    public ConfigPath path() {
      return path;
    }
  }
}
