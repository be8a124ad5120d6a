package cn.unioncard.agent.checkout;

import cn.unioncard.agent.store.StoreException;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.agent.store.TxState;
import cn.unioncard.agent.store.TxType;
import cn.unioncard.bank.BankClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives every reversal the checkout could not finish at once, while the terminal runs (docs/checkout.md,
 * Reversals): each {@code REVERSAL_NEEDED} row, and each {@code AWAITING_BANK} row no request is waiting on (an
 * authorisation whose answer was lost and whose move to {@code REVERSAL_NEEDED} could not be written), is sent to
 * the bank until the bank confirms it, then stored {@code REVERSED}. So the member's held money is released without
 * waiting for a restart or the card's next sale, and the day can close.
 *
 * <p>The schedule: an attempt when {@linkplain #wake woken} (the checkout tells it of each authorisation left to
 * reverse), and while any remain, again after {@code base}, doubling up to {@code max} (1 s to 60 s in the daemon);
 * with nothing left it looks at the store every {@code max} all the same. A row of the request running now is left
 * to that request ({@code busy}).
 */
public final class ReversalDriver implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReversalDriver.class);
  /** The daemon's first retry. */
  public static final Duration BASE = Duration.ofSeconds(1);
  /** The daemon's longest pause between attempts. */
  public static final Duration MAX = Duration.ofSeconds(60);

  /** How many reversals wait and since when the oldest has waited (its row's last change); null when none. */
  public record Waiting(int count, Instant oldestSince) {}

  private final TransactionStore store;
  private final Reversals reversals;
  private final Predicate<String> busy;
  private final Clock clock;
  private final long baseMillis;
  private final long maxMillis;
  private final Object lock = new Object();
  private boolean woken;
  private boolean closed;
  private Thread thread;
  private volatile int attempts;
  private volatile Instant nextAttempt;
  private volatile java.util.function.Consumer<Waiting> listener = w -> { };

  /**
   * @param busy whether a row belongs to the request running now ({@link Checkout#inProgress})
   * @param base the first pause after an attempt that left reversals unconfirmed
   * @param max the longest pause, and the pause when nothing is left
   */
  public ReversalDriver(TransactionStore store, BankClient bank, Predicate<String> busy, Clock clock, Duration base,
      Duration max) {
    if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
      throw new IllegalArgumentException("0 < base <= max, not " + base + " and " + max);
    }
    this.store = store;
    this.reversals = new Reversals(bank, store);
    this.busy = busy;
    this.clock = clock;
    this.baseMillis = base.toMillis();
    this.maxMillis = max.toMillis();
  }

  /** Starts the driver's thread: an attempt now, then on the schedule above. */
  public void start() {
    synchronized (lock) {
      if (thread != null) {
        return;
      }
      thread = new Thread(this::loop, "ucard-reversals");
      thread.setDaemon(true);
      thread.start();
    }
  }

  /** An authorisation was left to reverse: an attempt soon, the pauses starting again from {@code base}. */
  public void wake() {
    synchronized (lock) {
      woken = true;
      lock.notifyAll();
    }
  }

  /**
   * One attempt at every reversal that waits (called by the thread; tests call it directly). Never throws.
   *
   * @return how many are still not confirmed by the bank (or could not be read)
   */
  public int attempt() {
    attempts++;
    int left = 0;
    try {
      for (TxRecord r : store.unfinished()) {
        if (!waits(r) || busy.test(r.id())) {
          continue;
        }
        try {
          if (!reversals.finish(r)) {
            left++;
          }
        } catch (StoreException e) {
          LOG.warn("reversal of {}: the store failed: {}", r.id(), e.getMessage());
          left++;
        }
      }
    } catch (StoreException e) {
      LOG.warn("reversals: cannot read the store: {}", e.getMessage());
      return 1;
    }
    return left;
  }

  /** How many reversals wait and the oldest, from the store (the status). */
  public static Waiting waiting(TransactionStore store) throws StoreException {
    int n = 0;
    Instant oldest = null;
    for (TxRecord r : store.unfinished()) {
      if (waits(r)) {
        n++;
        if (oldest == null || r.updatedAt().isBefore(oldest)) {
          oldest = r.updatedAt();
        }
      }
    }
    return new Waiting(n, oldest);
  }

  /** Told after each attempt of the thread what still waits (the daemon's status file). */
  public void listener(java.util.function.Consumer<Waiting> l) {
    this.listener = java.util.Objects.requireNonNull(l, "listener");
  }

  /** Attempts made since the driver was made. */
  public int attempts() {
    return attempts;
  }

  /** When the thread's next attempt is due (by the injected clock), or null before the first. */
  public Instant nextAttempt() {
    return nextAttempt;
  }

  private static boolean waits(TxRecord r) {
    return r.type() != TxType.TRIP
        && (r.state() == TxState.REVERSAL_NEEDED || r.state() == TxState.AWAITING_BANK);
  }

  private void loop() {
    int failuresInRow = 0;
    while (true) {
      synchronized (lock) {
        if (closed) {
          return;
        }
        woken = false;
      }
      int left = attempt();
      long pause;
      if (left == 0) {
        failuresInRow = 0;
        pause = maxMillis;
      } else {
        pause = Math.min(maxMillis, baseMillis << Math.min(failuresInRow, 30));
        failuresInRow++;
        LOG.info("reversals: {} not confirmed by the bank yet; next attempt in {} ms", left, pause);
      }
      nextAttempt = clock.instant().plusMillis(pause);
      try {
        listener.accept(waiting(store));
      } catch (StoreException | RuntimeException e) {
        LOG.debug("reversals: status not told: {}", e.toString());
      }
      boolean wokenEarly;
      synchronized (lock) {
        long end = System.nanoTime() + pause * 1_000_000L;
        while (!closed && !woken) {
          long leftNanos = end - System.nanoTime();
          if (leftNanos <= 0) {
            break;
          }
          try {
            lock.wait(Math.max(1, leftNanos / 1_000_000L));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        wokenEarly = woken;
      }
      if (wokenEarly) {
        failuresInRow = 0;
        sleepBase();
      }
    }
  }

  /** After a wake, a short pause first: the request that left the reversal is still finishing its own row. */
  private void sleepBase() {
    synchronized (lock) {
      long end = System.nanoTime() + baseMillis * 1_000_000L;
      while (!closed) {
        long leftNanos = end - System.nanoTime();
        if (leftNanos <= 0) {
          return;
        }
        try {
          lock.wait(Math.max(1, leftNanos / 1_000_000L));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    Thread t;
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
      t = thread;
      thread = null;
    }
    if (t != null) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
