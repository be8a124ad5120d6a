package cn.unioncard.agent.checkout;

import java.time.Duration;

/**
 * The offline risk limits of a checkout terminal (issue 9): how far it goes without the bank. Past a pending limit
 * the checkout declines every SALE and REFUND (both need the bank, now or at upload) with reason {@code OFL};
 * transit taps are not checked here. 0 (or a zero duration) means no limit.
 *
 * @param maxOfflineSaleFen the largest sale the card may approve offline from its electronic cash (a TC, no bank);
 *     above it the card is asked to go online
 * @param maxPendingCount records waiting for upload (not yet taken by the bank)
 * @param maxPendingFen their amount, all accounts together
 * @param maxOldestPending the age of the oldest record waiting for upload
 * @param maxOfflineBenefitFen when the benefit balance cannot be asked, the most the benefit account is given to pay
 *     on the last balance the bank told (the bank still checks the balance at the authorisation)
 */
public record OfflineLimits(
    long maxOfflineSaleFen, long maxPendingCount, long maxPendingFen, Duration maxOldestPending,
    long maxOfflineBenefitFen) {

  public OfflineLimits {
    if (maxOfflineSaleFen < 0 || maxPendingCount < 0 || maxPendingFen < 0 || maxOfflineBenefitFen < 0
        || maxOldestPending == null || maxOldestPending.isNegative()) {
      throw new IllegalArgumentException("offline limits are not negative");
    }
  }

  /**
   * The documented defaults (docs/checkout.md): offline sales up to 100.00 yuan, 2,000 records or 200,000.00 yuan
   * waiting, the oldest at most 3 days old, 200.00 yuan of benefit on a last known balance.
   */
  public static OfflineLimits defaults() {
    return new OfflineLimits(10_000, 2_000, 20_000_000, Duration.ofDays(3), 20_000);
  }

  /** No limits (tests, benchmarks). */
  public static OfflineLimits none() {
    return new OfflineLimits(0, 0, 0, Duration.ZERO, 0);
  }
}
