package dev.gatehouse.core.policy;

import java.util.Locale;

/** The body formats the transformers change; every other body passes through untouched. */
enum BodyFormat {
  /** {@code application/json} and {@code application/*+json}. */
  JSON,
  /** {@code application/x-www-form-urlencoded}. */
  FORM,
  /** Anything else: neither buffered nor changed. */
  OTHER,
  /** No {@code Content-Type}: treated as JSON when the body is empty or parses as JSON. */
  NONE;

  static BodyFormat of(String contentType) {
    if (contentType == null) {
      return NONE;
    }
    int semicolon = contentType.indexOf(';');
    String media =
        (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
            .trim()
            .toLowerCase(Locale.ROOT);
    if (media.equals("application/json")
        || (media.startsWith("application/") && media.endsWith("+json"))) {
      return JSON;
    }
    return media.equals("application/x-www-form-urlencoded") ? FORM : OTHER;
  }
}
