package cn.unioncard.sim.testing;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting in a test for something another thread does: polls what the test observes until it is what the test
 * waits for, and fails saying what it waited for, for how long, and what it saw last.
 */
public final class Await {
  private Await() {}

  /** Waits up to {@code limit} until {@code seen} gives a value {@code done} accepts; returns that value. */
  public static <T> T until(String what, Supplier<T> seen, Predicate<? super T> done, Duration limit)
      throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (true) {
      T value = seen.get();
      if (done.test(value)) {
        return value;
      }
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("waited " + limit.toMillis() / 1000.0 + " s for " + what + "; saw " + value);
      }
      Thread.sleep(20);
    }
  }
}
