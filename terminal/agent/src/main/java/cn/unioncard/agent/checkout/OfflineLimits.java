package cn.unioncard.agent.checkout;

import java.time.Duration;

/**
 * The offline risk limits of a checkout terminal (issue 9): how far it goes without the bank. Past a pending limit
 * the checkout declines every SALE and REFUND (both need the bank, now or at upload) with reason {@code OFL};
 * transit taps are not checked here (a gate has its own, {@code cn.unioncard.agent.gate.TransitLimits}). 0 (or a
 * zero duration) means no limit. In a running terminal they come from the bank's signed terminal parameters
 * (docs/settlement.md), the defaults below only until the first good document.
 *
 * @param maxOfflineSaleFen the largest sale the card may approve offline from its electronic cash (a TC, no bank);
 *     above it the card is asked to go online
 * @param maxPendingCount records waiting for upload (not yet taken by the bank)
 * @param maxPendingFen their amount, all accounts together
 * @param maxOldestPending the age of the oldest record waiting for upload
 * @param maxOfflineBenefitFen when the benefit balance cannot be asked, the most the benefit account is given to pay
 *     on the last balance the bank told (the bank still checks the balance at the authorisation)
 * @param maxPendingBenefitFen the amount waiting that the benefit account paid
 * @param maxPendingDebitFen the amount waiting that the debit account paid
 * @param maxPendingEcashFen the amount waiting that the card's electronic cash paid
 */
public record OfflineLimits(
    long maxOfflineSaleFen, long maxPendingCount, long maxPendingFen, Duration maxOldestPending,
    long maxOfflineBenefitFen, long maxPendingBenefitFen, long maxPendingDebitFen, long maxPendingEcashFen) {

  public OfflineLimits {
    if (maxOfflineSaleFen < 0 || maxPendingCount < 0 || maxPendingFen < 0 || maxOfflineBenefitFen < 0
        || maxOldestPending == null || maxOldestPending.isNegative() || maxPendingBenefitFen < 0
        || maxPendingDebitFen < 0 || maxPendingEcashFen < 0) {
      throw new IllegalArgumentException("offline limits are not negative");
    }
  }

  /** Limits with no limit per account. */
  public OfflineLimits(long maxOfflineSaleFen, long maxPendingCount, long maxPendingFen, Duration maxOldestPending,
      long maxOfflineBenefitFen) {
    this(maxOfflineSaleFen, maxPendingCount, maxPendingFen, maxOldestPending, maxOfflineBenefitFen, 0, 0, 0);
  }

  /**
   * The documented defaults (docs/checkout.md): offline sales up to 100.00 yuan, 2,000 records or 200,000.00 yuan
   * waiting, the oldest at most 3 days old, 200.00 yuan of benefit on a last known balance; no limit per account.
   */
  public static OfflineLimits defaults() {
    return new OfflineLimits(10_000, 2_000, 20_000_000, Duration.ofDays(3), 20_000);
  }

  /** No limits (tests, benchmarks). */
  public static OfflineLimits none() {
    return new OfflineLimits(0, 0, 0, Duration.ZERO, 0);
  }

  /** Whether no pending limit is set (nothing to count before a sale). */
  boolean noPendingLimit() {
    return maxPendingCount == 0 && maxPendingFen == 0 && maxOldestPending.isZero() && maxPendingBenefitFen == 0
        && maxPendingDebitFen == 0 && maxPendingEcashFen == 0;
  }
}
