package dev.gatehouse.core.condition;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.AttributeKey;
import dev.gatehouse.api.BodyTooLargeException;
import dev.gatehouse.api.Condition;
import dev.gatehouse.api.Exchange;
import dev.gatehouse.core.condition.JsonSchemaAdapter.BodySchema;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * A compiled {@code json-schema} condition: the buffered request body, read as JSON or a form,
 * satisfies the schema. The body itself is left as it came, so the upstream receives it unchanged.
 */
final class JsonSchemaCondition implements Condition {

  /** The document read from the body, shared by the json-schema conditions of one request. */
  private static final AttributeKey<ReadBody> READ_BODY =
      AttributeKey.create("json-schema.document", ReadBody.class);

  private final BodySchema schema;
  private final long maxBodyBytes;
  private final boolean logErrors;
  private final Logger log;

  /**
   * @param logErrors whether to log, at info, why a body does not hold
   */
  JsonSchemaCondition(BodySchema schema, long maxBodyBytes, boolean logErrors, Logger log) {
    this.schema = schema;
    this.maxBodyBytes = maxBodyBytes;
    this.logErrors = logErrors;
    this.log = log;
  }

  @Override
  public long bodyLimit() {
    return maxBodyBytes;
  }

  @Override
  public boolean test(Exchange exchange) {
    Buffer body = exchange.body();
    // Another condition of the step may have buffered more than this one accepts.
    if (body.length() > maxBodyBytes) {
      throw new BodyTooLargeException(maxBodyBytes);
    }
    Optional<JsonNode> document = document(exchange, body);
    if (document.isEmpty()) {
      if (logErrors) {
        log.info(
            "json_schema_unreadable request_id={} pipeline={} content_type={}",
            exchange.requestId(),
            exchange.pipelineName(),
            exchange.headers().get(HttpHeaders.CONTENT_TYPE));
      }
      return false;
    }
    List<String> problems = schema.problems(document.get());
    if (problems.isEmpty()) {
      return true;
    }
    if (logErrors) {
      log.info(
          "json_schema_invalid request_id={} pipeline={} errors={}",
          exchange.requestId(),
          exchange.pipelineName(),
          String.join("; ", problems));
    }
    return false;
  }

  private static Optional<JsonNode> document(Exchange exchange, Buffer body) {
    ReadBody read = exchange.get(READ_BODY);
    if (read != null && read.body() == body) {
      return read.document();
    }
    Optional<JsonNode> document =
        RequestBodyDocument.read(exchange.headers().get(HttpHeaders.CONTENT_TYPE), body);
    exchange.put(READ_BODY, new ReadBody(body, document));
    return document;
  }

  /**
   * A body and what it read as; validation does not change the document, so conditions share it.
   */
  private record ReadBody(Buffer body, Optional<JsonNode> document) {}
}
