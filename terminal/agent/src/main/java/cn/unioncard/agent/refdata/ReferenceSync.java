package cn.unioncard.agent.refdata;

import cn.unioncard.bank.BankClient;
import cn.unioncard.bank.BankException;
import cn.unioncard.bank.DownloadProgress;
import cn.unioncard.bank.ReferenceData;
import cn.unioncard.bank.model.ReferenceDocument;
import cn.unioncard.bank.model.ReferenceKind;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the terminal's reference data fresh: at start it takes the last good signed documents kept on disk (each
 * verified again), then in rounds (at start, after each sign-on via {@link #wake}, and every {@code interval}) asks
 * the bank for each kind the terminal uses, the hotlist as a delta over the version in force. A document whose
 * signature or content fails is refused and the set in force stays; a delta that does not apply to the version in
 * force is answered by asking for the full document. Each good document is kept on disk before the round goes on.
 * One round at a time; thread-safe.
 */
public final class ReferenceSync implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReferenceSync.class);

  /** One kind's state: the signed version in force, where it came from, and the last attempt. */
  public record KindStatus(Long version, String source, Instant issuedAt, Instant lastAt, String lastResult) {}

  private static final class State {
    Long version;
    String source = "none";
    Instant issuedAt;
    Instant lastAt;
    String lastResult = "not asked yet";
  }

  private final BankClient bank;
  private final KeptDocuments kept;
  private final List<ReferenceTarget> targets;
  private final Duration interval;
  private final Clock clock;
  private final Map<ReferenceKind, State> states = new LinkedHashMap<>();
  private final Object wakeLock = new Object();
  private volatile Runnable listener = () -> { };
  private volatile boolean closed;
  private boolean woken;
  private volatile Thread thread;
  private Instant lastRoundAt;
  private String lastRoundResult = "not run yet";

  /**
   * @param dir where the last good documents are kept (created when needed)
   * @param interval the pause between rounds
   */
  public ReferenceSync(BankClient bank, Path dir, List<ReferenceTarget> targets, Duration interval, Clock clock) {
    this.bank = bank;
    this.kept = new KeptDocuments(dir);
    this.targets = Collections.unmodifiableList(new ArrayList<>(targets));
    this.interval = interval;
    this.clock = clock;
    for (ReferenceTarget t : targets) {
      states.put(t.kind(), new State());
    }
  }

  /** The directory of the kept documents for a store file: {@code STORE.refdata} beside it. */
  public static Path dirFor(Path store) {
    return store.resolveSibling(store.getFileName() + ".refdata");
  }

  /** Called after every round and every load (to write a status). */
  public void listener(Runnable l) {
    this.listener = l;
  }

  /**
   * Takes the documents kept on disk, each verified again with the bank's reference-data key: what a terminal
   * restarted without the bank works on. A kept document that fails is logged and skipped (with the deltas after
   * it), and what is in force stays.
   *
   * @return how many kinds were taken from the disk
   */
  public synchronized int loadKept() {
    int n = 0;
    for (ReferenceTarget t : targets) {
      State s = states.get(t.kind());
      List<ReferenceDocument> docs;
      try {
        docs = kept.load(t.kind());
      } catch (IOException | BankException e) {
        LOG.warn("reference data: the kept {} cannot be read, not used: {}", t.kind().wireName(), e.getMessage());
        s.lastResult = "kept document unreadable: " + e.getMessage();
        continue;
      }
      for (ReferenceDocument doc : docs) {
        try {
          if (doc.delta() && (s.version == null || doc.baseVersion() != s.version.longValue())) {
            throw new ReferenceTarget.Refused("a kept delta over v" + doc.baseVersion() + " does not follow v"
                + s.version, false);
          }
          ReferenceData data = bank.verifyReference(doc);
          String what = t.take(data);
          s.version = doc.version();
          s.source = "kept on disk";
          s.issuedAt = doc.issuedAt();
          s.lastResult = "v" + doc.version() + " from disk (" + what + ")";
          LOG.info("reference data: {} v{} in force from disk ({})", t.kind().wireName(), doc.version(), what);
        } catch (BankException | ReferenceTarget.Refused e) {
          LOG.warn("reference data: the kept {} v{} is refused, not used: {}", t.kind().wireName(), doc.version(),
              e.getMessage());
          s.lastResult = "kept v" + doc.version() + " refused: " + e.getMessage();
          break;
        }
      }
      if (s.version != null) {
        n++;
      }
    }
    listener.run();
    return n;
  }

  /**
   * One round now: every kind asked once (a failed call is logged and counted, the next kind still asked).
   *
   * @return one line: what changed or failed
   */
  public synchronized String syncNow() {
    List<String> changes = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (ReferenceTarget t : targets) {
      String r = sync(t);
      if (r.startsWith("v")) {
        changes.add(t.kind().wireName() + " " + r);
      } else if (!r.equals("up to date") && !r.equals("none published")) {
        failures.add(t.kind().wireName() + ": " + r);
      }
    }
    lastRoundAt = clock.instant();
    lastRoundResult = failures.isEmpty()
        ? changes.isEmpty() ? "ok, no change" : "ok: " + String.join(", ", changes)
        : "failed: " + String.join("; ", failures) + (changes.isEmpty() ? "" : "; taken: " + String.join(", ", changes));
    listener.run();
    return lastRoundResult;
  }

  /** One kind: "vN ..." when a new version was taken, "up to date", "none published", or what failed. */
  private String sync(ReferenceTarget t) {
    State s = states.get(t.kind());
    String kind = t.kind().wireName();
    s.lastAt = clock.instant();
    Long held = s.version;
    String result;
    try {
      long t0 = System.nanoTime();
      ReferenceData doc = bank.referenceData(t.kind(), t.deltas() && held != null ? held : null, progress(kind));
      long downloaded = System.nanoTime() - t0;
      if (held != null && doc.version() <= held) {
        result = "up to date";
      } else {
        LOG.info("reference data: {} v{}{}: {} bytes downloaded and verified in {} ms", kind, doc.version(),
            doc.delta() ? " (delta over v" + doc.baseVersion() + ")" : "", doc.size(),
            TimeUnit.NANOSECONDS.toMillis(downloaded));
        result = take(t, s, doc);
      }
    } catch (BankException e) {
      if (e.kind() == BankException.Kind.NOT_FOUND) {
        result = "none published";
      } else {
        LOG.warn("reference data: {} not refreshed, {} stays: {}", kind, inForce(s), e.getMessage());
        result = e.kind().name().toLowerCase(Locale.ROOT) + ": " + e.getMessage() + "; " + inForce(s) + " stays";
      }
    }
    s.lastResult = result;
    return result;
  }

  private String take(ReferenceTarget t, State s, ReferenceData doc) throws BankException {
    String kind = t.kind().wireName();
    long t0 = System.nanoTime();
    String what;
    try {
      if (doc.delta() && (s.version == null || doc.baseVersion() != s.version.longValue())) {
        throw new ReferenceTarget.Refused("the delta applies to v" + doc.baseVersion() + ", not to "
            + inForce(s), true);
      }
      what = t.take(doc);
    } catch (ReferenceTarget.Refused e) {
      if (!e.needsFull() || !doc.delta()) {
        LOG.warn("reference data: {} v{} refused, {} stays: {}", kind, doc.version(), inForce(s), e.getMessage());
        return "refused v" + doc.version() + ": " + e.getMessage() + "; " + inForce(s) + " stays";
      }
      LOG.info("reference data: {} v{}: {}; asking for the full document", kind, doc.version(), e.getMessage());
      long d0 = System.nanoTime();
      ReferenceData full = bank.referenceData(t.kind(), null, progress(kind));
      LOG.info("reference data: {} v{} (full): {} bytes downloaded and verified in {} ms", kind, full.version(),
          full.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - d0));
      if (full.delta()) {
        return "refused v" + full.version() + ": a delta came when the full document was asked for";
      }
      if (s.version != null && full.version() <= s.version) {
        return "up to date";
      }
      return take(t, s, full);
    }
    try {
      kept.keep(doc.document());
    } catch (IOException e) {
      // in force now, but a restart without the bank would fall back to what was kept before
      LOG.warn("reference data: {} v{} in force but not kept on disk: {}", kind, doc.version(), e.toString());
    }
    s.version = doc.version();
    s.source = "bank";
    s.issuedAt = doc.issuedAt();
    LOG.info("reference data: {} v{} in force ({}), applied and kept in {} ms", kind, doc.version(), what,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    return "v" + doc.version() + " (" + what + ")";
  }

  /** A download's progress in the log, at most once a second (a slow link, a big hotlist). */
  private static DownloadProgress progress(String kind) {
    long[] last = {System.nanoTime()};
    return (read, length, done) -> {
      long now = System.nanoTime();
      if (!done && now - last[0] >= TimeUnit.SECONDS.toNanos(1)) {
        last[0] = now;
        LOG.info("reference data: {}: {} of {} bytes downloaded", kind, read, length < 0 ? "?" : length);
      }
    };
  }

  private static String inForce(State s) {
    return s.version == null ? "the initial set" : "v" + s.version;
  }

  /** The state of each kind, in the order of the targets. */
  public synchronized Map<ReferenceKind, KindStatus> status() {
    Map<ReferenceKind, KindStatus> out = new LinkedHashMap<>();
    for (Map.Entry<ReferenceKind, State> e : states.entrySet()) {
      State s = e.getValue();
      out.put(e.getKey(), new KindStatus(s.version, s.source, s.issuedAt, s.lastAt, s.lastResult));
    }
    return out;
  }

  /** When the last round ran, or null. */
  public synchronized Instant lastRoundAt() {
    return lastRoundAt;
  }

  /** The last round's one line. */
  public synchronized String lastRoundResult() {
    return lastRoundResult;
  }

  /** Starts the rounds on a daemon thread: one now, then every interval, and one at each {@link #wake}. */
  public synchronized void start() {
    if (thread != null) {
      return;
    }
    thread = new Thread(this::loop, "ucard-reference-sync");
    thread.setDaemon(true);
    thread.start();
  }

  /** Asks for a round soon (after a sign-on). */
  public void wake() {
    synchronized (wakeLock) {
      woken = true;
      wakeLock.notifyAll();
    }
  }

  private void loop() {
    while (!closed) {
      try {
        syncNow();
      } catch (RuntimeException e) {
        LOG.error("reference data: the round failed", e);
      }
      synchronized (wakeLock) {
        long end = System.nanoTime() + interval.toNanos();
        while (!woken && !closed) {
          long left = end - System.nanoTime();
          if (left <= 0) {
            break;
          }
          try {
            TimeUnit.NANOSECONDS.timedWait(wakeLock, left);
          } catch (InterruptedException e) {
            return;
          }
        }
        woken = false;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    wake();
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }
}
