package dev.gatehouse.core.admin;

import dev.gatehouse.api.Problem;
import dev.gatehouse.core.config.ConfigError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A request the Admin API refuses, carrying the {@code application/problem+json} answer. Handlers
 * fail their future with one; the router's failure handler writes it. Never has a stack trace: a
 * refusal is an expected outcome, not a crash.
 */
final class AdminProblem extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Problem problem;
  private final transient JsonArray errors;

  private AdminProblem(Problem problem, JsonArray errors) {
    super(problem.code() + ": " + problem.detail(), null, false, false);
    this.problem = problem;
    this.errors = errors;
  }

  static AdminProblem of(int status, String code, String detail) {
    return new AdminProblem(Problem.of(status, code, title(status)).withDetail(detail), null);
  }

  /** 400: the request cannot be read (malformed JSON, a bad query parameter). */
  static AdminProblem badRequest(String code, String detail) {
    return of(400, code, detail);
  }

  /** 422: the body is well-formed but not what the endpoint accepts. */
  static AdminProblem invalidBody(String detail) {
    return of(422, "request.invalid_body", detail);
  }

  static AdminProblem notFound(String detail) {
    return of(404, "resource.not_found", detail);
  }

  static AdminProblem conflict(String code, String detail) {
    return of(409, code, detail);
  }

  /** 422 listing every error of a refused configuration, in {@code errors}. */
  static AdminProblem invalidConfig(List<ConfigError> configErrors) {
    JsonArray errors = new JsonArray();
    for (ConfigError error : configErrors) {
      JsonObject item = new JsonObject().put("message", error.message());
      if (!error.path().isRoot()) {
        item.put("path", error.path().toString());
      }
      if (error.location() != null) {
        item.put("location", error.location().toString());
      }
      if (error.code() != null) {
        item.put("code", error.code());
      }
      errors.add(item);
    }
    String detail =
        configErrors.size() == 1
            ? "the configuration would be invalid: " + configErrors.get(0).format()
            : "the configuration would be invalid (" + configErrors.size() + " errors)";
    return new AdminProblem(
        Problem.of(422, "config.invalid", title(422)).withDetail(detail), errors);
  }

  Problem problem() {
    return problem;
  }

  /** The body: the problem's members, and {@code errors} for a refused configuration. */
  JsonObject toJson() {
    JsonObject json = problem.toJson();
    if (errors != null) {
      json.put("errors", errors);
    }
    return json;
  }

  static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Unprocessable Content";
      case 501 -> "Not Implemented";
      case 503 -> "Service Unavailable";
      default -> status < 500 ? "Bad Request" : "Internal Server Error";
    };
  }
}
