package cn.unioncard.agent.signon;

import cn.unioncard.bank.BankClient;
import cn.unioncard.bank.BankException;
import cn.unioncard.bank.SignOn;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the terminal's sign-on (its working keys of the day) and signs on again without a restart: at start until
 * the bank answers (with a doubling pause up to a minute), when a bank call answers {@code UNAUTHORISED}
 * ({@link #bankFailed}, at most once per {@link #MIN_RESIGN_MILLIS}), and when the business day changes (the
 * terminal's date in its zone is past the sign-on's {@code business_date}; once per date, so a bank whose day lags
 * is not asked in a loop). A new sign-on replaces the keys for what starts afterwards; a transaction in progress
 * keeps the keys it took ({@link #current()} once).
 */
public final class SignOnKeeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SignOnKeeper.class);
  /** The least time between two sign-ons asked for by refusals. */
  public static final long MIN_RESIGN_MILLIS = 10_000;

  /** Told of each sign-on and each failed attempt. */
  public interface Listener {
    void signedOn(SignOn signOn, String why);

    void failed(BankException e);
  }

  private final BankClient bank;
  private final byte[] tmk;
  private final ZoneId zone;
  private final Clock clock;
  private final Listener listener;
  private final AtomicReference<SignOn> current = new AtomicReference<>();
  private final Object lock = new Object();
  private String requested = "start";
  private LocalDate signedOnLocalDate;
  private long lastSignOnNanos;
  private int signOns;
  private volatile boolean closed;
  private Thread thread;

  private final long minResignNanos;

  public SignOnKeeper(BankClient bank, byte[] tmk, ZoneId zone, Clock clock, Listener listener) {
    this(bank, tmk, zone, clock, listener, java.time.Duration.ofMillis(MIN_RESIGN_MILLIS));
  }

  /** As above, with the least time between two sign-ons asked for by refusals (tests shorten it). */
  public SignOnKeeper(BankClient bank, byte[] tmk, ZoneId zone, Clock clock, Listener listener,
      java.time.Duration minResign) {
    this.minResignNanos = minResign.toNanos();
    this.bank = bank;
    this.tmk = tmk.clone();
    this.zone = zone;
    this.clock = clock;
    this.listener = listener;
  }

  /** The sign-on in force, or null before the first. */
  public SignOn current() {
    return current.get();
  }

  /** How many sign-ons succeeded. */
  public int signOns() {
    synchronized (lock) {
      return signOns;
    }
  }

  /** Starts signing on, on a daemon thread. */
  public void start() {
    thread = new Thread(this::loop, "ucard-sign-on");
    thread.setDaemon(true);
    thread.start();
  }

  /** A bank call failed: an {@code UNAUTHORISED} answer asks for a new sign-on (the keys may be stale). */
  public void bankFailed(BankException e) {
    if (e.kind() == BankException.Kind.UNAUTHORISED) {
      request("the bank answered " + e.getMessage());
    }
  }

  /** Asks for a sign-on soon. */
  public void request(String why) {
    synchronized (lock) {
      if (requested == null) {
        requested = why;
      }
      lock.notifyAll();
    }
  }

  /** Why a sign-on is due now, or null. */
  private String due() {
    SignOn s = current.get();
    if (requested != null) {
      if (s != null && System.nanoTime() - lastSignOnNanos < minResignNanos) {
        return null; // just signed on: a refusal of a call made with the old keys, or one a sign-on does not cure
      }
      return requested;
    }
    if (s != null) {
      LocalDate today = LocalDate.now(clock.withZone(zone));
      if (today.isAfter(s.businessDate()) && today.isAfter(signedOnLocalDate)) {
        return "the business day changed (" + s.businessDate() + " to " + today + ")";
      }
    }
    return null;
  }

  private void loop() {
    long pause = 1000;
    while (!closed) {
      String why;
      synchronized (lock) {
        why = due();
        if (why == null) {
          try {
            lock.wait(1000); // the date is looked at every second
          } catch (InterruptedException e) {
            return;
          }
          continue;
        }
      }
      try {
        SignOn s = bank.signOn(tmk);
        synchronized (lock) {
          current.set(s);
          signedOnLocalDate = LocalDate.now(clock.withZone(zone));
          lastSignOnNanos = System.nanoTime();
          requested = null;
          signOns++;
        }
        pause = 1000;
        LOG.info("bank: signed on ({}), business day {}", why, s.businessDate());
        listener.signedOn(s, why);
      } catch (BankException e) {
        LOG.warn("bank: sign-on failed ({}); trying again in {} s", e.getMessage(), pause / 1000);
        listener.failed(e);
        try {
          Thread.sleep(pause);
        } catch (InterruptedException ie) {
          return;
        }
        pause = Math.min(pause * 2, 60_000);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    if (thread != null) {
      thread.interrupt();
    }
  }
}
