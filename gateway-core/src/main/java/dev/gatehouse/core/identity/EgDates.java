package dev.gatehouse.core.identity;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Dates as Express Gateway stores them: JavaScript's {@code Date.prototype.toString()}, always in
 * UTC here, e.g. {@code Sat Nov 28 2026 15:35:14 GMT+0000 (Coordinated Universal Time)}.
 *
 * <pre>{@code
 * String createdAt = EgDates.now(clock);
 * }</pre>
 */
public final class EgDates {

  private static final DateTimeFormatter JS_DATE =
      DateTimeFormatter.ofPattern(
              "EEE MMM dd yyyy HH:mm:ss 'GMT+0000 (Coordinated Universal Time)'", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  private EgDates() {}

  public static String format(Instant instant) {
    return JS_DATE.format(instant);
  }

  public static String now(Clock clock) {
    return format(clock.instant());
  }
}
