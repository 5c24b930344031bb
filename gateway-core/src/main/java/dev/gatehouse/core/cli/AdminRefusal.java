package dev.gatehouse.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * An error answer of the Admin API: its status, the problem's stable {@code code} and what it says
 * for people. The message is the problem's {@code detail} (or {@code title}), then the status and
 * code in brackets, then each error of a refused configuration on its own line.
 */
final class AdminRefusal extends CliFailure {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  private AdminRefusal(int status, String code, String message) {
    super(REFUSED, message);
    this.status = status;
    this.code = code;
  }

  /**
   * @param body the answer parsed as JSON (a problem, normally), or null when it was not JSON
   * @param text the answer's text, for answers that are not problems (a proxy's HTML page)
   */
  static AdminRefusal of(int status, JsonNode body, String text) {
    String code = body == null ? "" : body.path("code").asText("");
    String said = body == null ? "" : body.path("detail").asText(body.path("title").asText(""));
    if (said.isEmpty()) {
      said = firstLine(text);
    }
    List<String> lines = new ArrayList<>();
    lines.add(
        (said.isEmpty() ? "the Admin API refused the request" : said)
            + " ["
            + status
            + (code.isEmpty() ? "" : " " + code)
            + "]"
            + hint(status));
    if (body != null && body.path("errors").isArray() && body.path("errors").size() > 1) {
      for (JsonNode error : body.path("errors")) {
        String where = error.path("location").asText(error.path("path").asText(""));
        lines.add("  " + (where.isEmpty() ? "" : where + ": ") + error.path("message").asText());
      }
    }
    return new AdminRefusal(status, code, String.join("\n", lines));
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  private static String hint(int status) {
    return status != 401
        ? ""
        : "; give an admin API key (--api-key or GATEHOUSE_ADMIN_API_KEY) or the admin login"
            + " (--admin-user and GATEHOUSE_ADMIN_PASSWORD)";
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    String trimmed = text.strip();
    int end = trimmed.indexOf('\n');
    String line = end < 0 ? trimmed : trimmed.substring(0, end).strip();
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }
}
