package dev.gatehouse.core.condition;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a request body as the document a {@code json-schema} condition validates, by its {@code
 * Content-Type}: JSON ({@code application/json}, {@code application/*+json}) or a form ({@code
 * application/x-www-form-urlencoded}, see {@link UrlEncodedForm}). An empty JSON body reads as
 * {@code {}}, as Express Gateway's body parser reads it.
 */
final class RequestBodyDocument {

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private RequestBodyDocument() {}

  /**
   * @param contentType the request's {@code Content-Type}, or null
   * @return the document, or empty when the body is of another type or not well-formed
   */
  static Optional<JsonNode> read(String contentType, Buffer body) {
    if (contentType == null) {
      return Optional.empty();
    }
    int semicolon = contentType.indexOf(';');
    String mediaType =
        (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
            .trim()
            .toLowerCase(Locale.ROOT);
    if (mediaType.equals("application/json")
        || (mediaType.startsWith("application/") && mediaType.endsWith("+json"))) {
      return json(body);
    }
    if (mediaType.equals("application/x-www-form-urlencoded")) {
      return charset(contentType)
          .flatMap(charset -> UrlEncodedForm.parse(body.toString(charset), charset));
    }
    return Optional.empty();
  }

  private static Optional<JsonNode> json(Buffer body) {
    if (body.length() == 0) {
      return Optional.of(JsonNodeFactory.instance.objectNode());
    }
    try {
      // Jackson detects UTF-16 and UTF-32 by the bytes, which is what a JSON charset can be.
      JsonNode document = JSON.readTree(body.getBytes());
      return document.isMissingNode() ? Optional.empty() : Optional.of(document);
    } catch (JacksonException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new IllegalStateException("reading from memory cannot fail", e);
    }
  }

  /** The {@code charset} parameter's charset, UTF-8 without one; empty when it is unknown. */
  private static Optional<Charset> charset(String contentType) {
    for (String parameter : contentType.split(";")) {
      int equals = parameter.indexOf('=');
      if (equals > 0 && parameter.substring(0, equals).trim().equalsIgnoreCase("charset")) {
        String name = parameter.substring(equals + 1).trim().replace("\"", "");
        try {
          return Optional.of(Charset.forName(name));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.of(StandardCharsets.UTF_8);
  }
}
