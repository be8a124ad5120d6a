package cn.unioncard.bank;

/** Waits between attempts; injectable so tests can record the waits instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
  /** The real one: {@link Thread#sleep}. */
  Sleeper THREAD = millis -> Thread.sleep(millis);

  /** Waits {@code millis} milliseconds. */
  void sleep(long millis) throws InterruptedException;
}
