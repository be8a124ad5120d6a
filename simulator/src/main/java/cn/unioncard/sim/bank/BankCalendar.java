package cn.unioncard.sim.bank;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

/** The bank's business date. */
final class BankCalendar {
  /** The bank's business day runs on China Standard Time. */
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  private BankCalendar() {}

  /** The bank's current business date. */
  static LocalDate today(Clock clock) {
    return LocalDate.now(clock.withZone(ZONE));
  }
}
