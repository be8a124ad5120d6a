package cn.unioncard.sim.http;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor of a JDK {@code HttpServer}: a bounded pool (a request beyond its queue is refused, and the server
 * closes that connection) in which a request must be read within a deadline. The server reads a request's line
 * and headers on the pool's thread, and {@link BodyLimit} its body; a client still sending when the deadline
 * passes has its thread interrupted, which closes the connection (socket channels are interruptible), so slow
 * clients cannot hold the pool. The handler's own work after {@link #requestRead} has no deadline.
 */
final class ReadDeadlineExecutor implements Executor, AutoCloseable {
  private static final ThreadLocal<Reading> CURRENT = new ThreadLocal<>();

  /** One request being read on one thread. */
  private static final class Reading {
    final Thread thread = Thread.currentThread();
    ScheduledFuture<?> expiry;
    boolean ended;

    synchronized void expire() {
      if (!ended) {
        thread.interrupt();
      }
    }

    /** Ends the deadline, on the reading thread; an interrupt that came too late to matter is cleared. */
    void end() {
      synchronized (this) {
        ended = true;
      }
      expiry.cancel(false);
      Thread.interrupted();
    }
  }

  private final ThreadPoolExecutor pool;
  private final ScheduledExecutorService watchdog;
  private final long timeoutMillis;

  ReadDeadlineExecutor(HttpLimits limits, String name) {
    AtomicInteger n = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(limits.threads(), limits.threads(), 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(Math.max(1, limits.queue())), r -> {
          Thread t = new Thread(r, name + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    this.pool.allowCoreThreadTimeOut(true);
    ScheduledThreadPoolExecutor w = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, name + "-deadline");
      t.setDaemon(true);
      return t;
    });
    w.setRemoveOnCancelPolicy(true);
    this.watchdog = w;
    this.timeoutMillis = limits.readTimeout().toMillis();
  }

  @Override
  public void execute(Runnable exchange) {
    pool.execute(() -> {
      Reading reading = new Reading();
      reading.expiry = watchdog.schedule(reading::expire, timeoutMillis, TimeUnit.MILLISECONDS);
      CURRENT.set(reading);
      try {
        exchange.run();
      } finally {
        CURRENT.remove();
        reading.end();
      }
    });
  }

  /** The request on this thread has been read: its deadline ends. */
  static void requestRead() {
    Reading r = CURRENT.get();
    if (r != null) {
      CURRENT.remove();
      r.end();
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
    watchdog.shutdownNow();
  }
}
