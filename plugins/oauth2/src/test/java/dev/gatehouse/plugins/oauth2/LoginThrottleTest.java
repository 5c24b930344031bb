package dev.gatehouse.plugins.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  /** A clock the test moves. */
  static final class MovingClock extends Clock {
    private Instant now = Instant.parse("2026-11-29T00:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final MovingClock clock = new MovingClock();
  private final LoginThrottle throttle = new LoginThrottle(clock);

  private void fail(String user, String address, int times) {
    for (int i = 0; i < times; i++) {
      throttle.failed(user, address);
    }
  }

  @Test
  void afterFiveFailuresEachAttemptWaitsTwiceAsLong() {
    fail("ada", "10.0.0.1", 4);
    assertThat(throttle.waitSeconds("ada", "10.0.0.1").result()).isZero();

    fail("ada", "10.0.0.1", 1);
    assertThat(throttle.waitSeconds("ada", "10.0.0.1").result()).isEqualTo(2);
    assertThat(throttle.waitSeconds("ADA", "10.0.0.1").result())
        .as("usernames ignore case")
        .isEqualTo(2);
    assertThat(throttle.waitSeconds("ada", "10.0.0.2").result()).as("another address").isZero();
    assertThat(throttle.waitSeconds("bob", "10.0.0.1").result()).as("another username").isZero();

    clock.advance(Duration.ofSeconds(2));
    assertThat(throttle.waitSeconds("ada", "10.0.0.1").result()).isZero();
    fail("ada", "10.0.0.1", 1);
    assertThat(throttle.waitSeconds("ada", "10.0.0.1").result()).isEqualTo(4);
    fail("ada", "10.0.0.1", 20);
    assertThat(throttle.waitSeconds("ada", "10.0.0.1").result())
        .isEqualTo(LoginThrottle.MAX_DELAY.toSeconds());
  }

  @Test
  void aSuccessClearsTheUsernamesCount() {
    fail("ada", "10.0.0.1", 4);
    throttle.succeeded("ada", "10.0.0.1");
    fail("ada", "10.0.0.1", 4);

    assertThat(throttle.waitSeconds("ada", "10.0.0.1").result()).isZero();
  }

  @Test
  void oneAddressTryingManyUsernamesWaitsToo() {
    for (int i = 0; i < SignInThrottle.FREE_ADDRESS_FAILURES - 1; i++) {
      throttle.failed("user-" + i, "10.0.0.9");
    }
    assertThat(throttle.waitSeconds("someone-new", "10.0.0.9").result()).isZero();

    throttle.failed("one-more", "10.0.0.9");

    assertThat(throttle.waitSeconds("someone-new", "10.0.0.9").result()).isEqualTo(2);
    assertThat(throttle.waitSeconds("someone-new", "10.0.0.8").result()).isZero();
  }

  @Test
  void failuresAreForgottenAfterAnHourAndTheMapStaysBounded() {
    fail("ada", "10.0.0.1", 5);
    clock.advance(LoginThrottle.FORGET_AFTER.plusSeconds(1));

    assertThat(throttle.waitSeconds("ada", "10.0.0.1").result()).isZero();
    fail("ada", "10.0.0.1", 1);
    assertThat(throttle.waitSeconds("ada", "10.0.0.1").result())
        .as("counting starts again")
        .isZero();

    for (int i = 0; i < LoginThrottle.MAX_ENTRIES + 10; i++) {
      throttle.failed("u" + i, "10.1." + (i / 250) + "." + (i % 250));
      if (i % 1000 == 0) {
        clock.advance(Duration.ofMinutes(1));
      }
    }
    assertThat(throttle.size()).isLessThanOrEqualTo(LoginThrottle.MAX_ENTRIES + 2);
  }
}
