package cn.unioncard.agent.settle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * When a terminal does its daily work (closing the business day): at a fixed offset in the fleet's window, derived
 * from the terminal id, so a fleet spreads over the window instead of calling the bank in the same second. The
 * offset is the first 8 bytes of SHA-256(terminal id), unsigned, modulo the window in seconds.
 */
public final class DailySchedule {
  private final LocalTime start;
  private final Duration offset;

  public DailySchedule(String terminalId, LocalTime windowStart, Duration window) {
    this.start = windowStart;
    this.offset = offsetOf(terminalId, window);
  }

  /** This terminal's offset in a window. */
  public static Duration offsetOf(String terminalId, Duration window) {
    long seconds = window.getSeconds();
    if (seconds <= 0) {
      return Duration.ZERO;
    }
    byte[] h;
    try {
      h = MessageDigest.getInstance("SHA-256").digest(terminalId.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (h[i] & 0xFF);
    }
    return Duration.ofSeconds(Long.remainderUnsigned(v, seconds));
  }

  /** The offset of this terminal in the window. */
  public Duration offset() {
    return offset;
  }

  /** The first run at or after {@code now}. */
  public LocalDateTime nextRun(LocalDateTime now) {
    LocalDateTime run = LocalDate.from(now).minusDays(1).atTime(start).plus(offset);
    while (run.isBefore(now)) {
      run = run.plusDays(1);
    }
    return run;
  }
}
