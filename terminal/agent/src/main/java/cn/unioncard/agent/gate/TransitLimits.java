package cn.unioncard.agent.gate;

import java.time.Duration;

/**
 * The offline limits of a bus validator or a metro gate (issue 9): how many trips may wait for upload, and how old
 * the oldest may be. Past one the gate refuses new rides ({@code offline_limit}); a torn tap is still finished. They
 * are the gate's own, so taps keep working while a checkout past its limits declines sales. 0 (or a zero duration)
 * means no limit. In a running terminal they come from the signed terminal parameters (docs/settlement.md).
 *
 * @param maxPendingCount trips waiting for upload
 * @param maxOldestPending the age of the oldest trip waiting for upload
 */
public record TransitLimits(long maxPendingCount, Duration maxOldestPending) {
  public TransitLimits {
    if (maxPendingCount < 0 || maxOldestPending == null || maxOldestPending.isNegative()) {
      throw new IllegalArgumentException("transit limits are not negative");
    }
  }

  /** The defaults until the first signed parameters: 200,000 trips, two weeks (a week offline fits). */
  public static TransitLimits defaults() {
    return new TransitLimits(200_000, Duration.ofDays(14));
  }

  /** No limit. */
  public static TransitLimits none() {
    return new TransitLimits(0, Duration.ZERO);
  }

  boolean unlimited() {
    return maxPendingCount == 0 && maxOldestPending.isZero();
  }
}
