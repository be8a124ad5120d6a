package cn.unioncard.agent.settle;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

/**
 * Exponential back-off with full jitter between failed rounds: after the n-th failure in a row, a uniform wait in
 * [0, min(max, base·2^(n−1))]; a wait the bank asked for (Retry-After) is a floor.
 */
final class Backoff {
  private final long baseMillis;
  private final long maxMillis;
  /** Given a bound b (ms), a uniform value in [0, b]. */
  private final LongUnaryOperator jitter;

  Backoff(Duration base, Duration max, LongUnaryOperator jitter) {
    this.baseMillis = base.toMillis();
    this.maxMillis = max.toMillis();
    this.jitter = jitter;
  }

  /** The cap of the wait after {@code failures} failures in a row (at least 1). */
  long capMillis(int failures) {
    int doublings = Math.min(Math.max(failures, 1) - 1, 40);
    long cap = baseMillis;
    for (int i = 0; i < doublings && cap < maxMillis; i++) {
      cap *= 2;
    }
    return Math.min(cap, maxMillis);
  }

  /** The wait after {@code failures} failures in a row, at least {@code floorMillis} (the bank's Retry-After). */
  long waitMillis(int failures, long floorMillis) {
    long cap = capMillis(failures);
    long w = Math.min(cap, Math.max(0, jitter.applyAsLong(cap)));
    return Math.max(w, floorMillis);
  }
}
