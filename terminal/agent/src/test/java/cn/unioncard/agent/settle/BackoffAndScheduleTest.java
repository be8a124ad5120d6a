package cn.unioncard.agent.settle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.bank.BankException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The worker's back-off and daily schedule. */
class BackoffAndScheduleTest {
  @Test
  void theCapDoublesFromTheBaseToTheMax() {
    Backoff b = new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(60), bound -> bound);
    assertEquals(5_000, b.capMillis(1));
    assertEquals(10_000, b.capMillis(2));
    assertEquals(40_000, b.capMillis(4));
    assertEquals(60_000, b.capMillis(5));
    assertEquals(60_000, b.capMillis(1000));
  }

  /** Full jitter: every wait in [0, cap], spread over it, and never below what the bank asked for. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void waitsAreUniformUpToTheCapAndNeverBelowRetryAfter(long seed) {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), SettlementWorker.jitter(new Random(seed)));
    long below = 0;
    long above = 0;
    for (int i = 0; i < 2000; i++) {
      long w = b.waitMillis(4, 0);
      assertTrue(w >= 0 && w <= 800, String.valueOf(w));
      below += w < 400 ? 1 : 0;
      above += w >= 400 ? 1 : 0;
      assertTrue(b.waitMillis(4, 5_000) >= 5_000);
    }
    assertTrue(below > 800 && above > 800, below + " / " + above);
  }

  @Test
  void aRetryAfterTheClientWouldNotWaitForIsRead() {
    assertEquals(30_000, SettlementWorker.retryAfter(new BankException(BankException.Kind.UNREACHABLE,
        "upload: the bank asks to wait 30000 ms (429)")));
    assertEquals(0, SettlementWorker.retryAfter(new BankException(BankException.Kind.UNREACHABLE, "timeout")));
  }

  @Test
  void eachTerminalHasAFixedOffsetAndAFleetSpreadsOverTheWindow() {
    Duration window = Duration.ofHours(2);
    assertEquals(DailySchedule.offsetOf("T0000001", window), DailySchedule.offsetOf("T0000001", window));
    int[] buckets = new int[12];
    for (int i = 0; i < 1200; i++) {
      Duration d = DailySchedule.offsetOf(String.format("T%07d", i), window);
      assertTrue(!d.isNegative() && d.compareTo(window) < 0, d.toString());
      buckets[(int) (d.getSeconds() / 600)]++;
    }
    for (int n : buckets) {
      assertTrue(n > 60 && n < 140, "ten-minute buckets hold about 100 terminals each, not " + n);
    }
  }

  @Test
  void theNextRunIsTodaysOrTomorrows() {
    DailySchedule s = new DailySchedule("T0000001", LocalTime.of(1, 0), Duration.ofHours(2));
    LocalDateTime today = LocalDateTime.of(2026, 11, 23, 0, 0).plus(Duration.ofHours(1)).plus(s.offset());
    assertEquals(today, s.nextRun(LocalDateTime.of(2026, 11, 23, 0, 30)));
    assertEquals(today.plusDays(1), s.nextRun(today.plusSeconds(1)));
    DailySchedule late = new DailySchedule("T0000001", LocalTime.of(23, 0), Duration.ofHours(24));
    LocalDateTime run = late.nextRun(LocalDateTime.of(2026, 11, 23, 12, 0));
    assertTrue(!run.isBefore(LocalDateTime.of(2026, 11, 23, 12, 0))
        && run.isBefore(LocalDateTime.of(2026, 11, 24, 12, 0)), run.toString());
  }

  @Test
  void aConfigOutsideItsBoundsIsRefusedNamingTheSetting() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SettlementConfig.defaults().withBatchSize(501));
    assertTrue(e.getMessage().startsWith("batch_size"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SettlementConfig.defaults().withRefusals(0, Duration.ofHours(1)));
  }
}
