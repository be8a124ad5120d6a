package cn.unioncard.agent.settle;

import cn.unioncard.agent.store.StoreException;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.agent.store.TxType;
import cn.unioncard.agent.store.UploadQueue.UploadOutcome;
import cn.unioncard.agent.store.UploadState;
import cn.unioncard.bank.BankClient;
import cn.unioncard.bank.BankException;
import cn.unioncard.bank.model.BatchRequest;
import cn.unioncard.bank.model.BatchResponse;
import cn.unioncard.bank.model.RecordResult;
import cn.unioncard.bank.model.RecordStatus;
import cn.unioncard.bank.model.TransactionRecord;
import cn.unioncard.bank.model.TransactionState;
import cn.unioncard.bank.model.TransactionStatus;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settlement worker: uploads the store's due records to the bank in batches, oldest first, each with its
 * transaction id as its idempotency key, and writes each batch's outcome in one store transaction (docs/settlement.md).
 *
 * <p>One uploader at a time: {@link #drain()} holds an in-process lock and an OS file lock next to the store, so a
 * second call while a drain runs (a reconnect, a SETTLE from the register, another process) returns {@link
 * Round.Outcome#BUSY} at once instead of sending the same records in parallel.
 *
 * <p>A record sent but not marked (a crash, a full disk between the bank's answer and the store's commit) is sent
 * again later and the bank answers {@code duplicate}: done, as accepted.
 */
public final class SettlementWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SettlementWorker.class);

  /** Reasons no resend can fix: the record is moved aside at once (a reversal or void: escalated). */
  static final Set<String> PERMANENT = Collections.unmodifiableSet(new HashSet<>(Arrays.asList(
      "conflict", "amounts_mismatch", "malformed_request", "idempotency_conflict", "not_uploadable")));

  private static final Pattern ASKS_TO_WAIT = Pattern.compile("asks to wait (\\d+) ms");

  private final TransactionStore store;
  private final BankClient bank;
  private final SettlementConfig config;
  private final Clock clock;
  private final Backoff backoff;
  private final DayClose dayClose;
  private final DailySchedule schedule;
  private final Path lockFile;
  private final ReentrantLock uploading = new ReentrantLock();

  // progress, guarded by this
  private long batchesSent;
  private long recordsAccepted;
  private long recordsDuplicate;
  private long recordsRefused;
  private long recordsQuarantined;
  private int failuresInRow;
  private String lastFailure;
  private Instant lastRound;
  private Instant nextRound;
  private long notBeforeMillis;
  private LocalDateTime nextDaily;

  // the loop, guarded by this
  private Thread thread;
  private boolean wakeRequested;
  private boolean stopping;

  public SettlementWorker(TransactionStore store, BankClient bank, SettlementConfig config, Clock clock) {
    this(store, bank, config, clock, jitter(new SecureRandom()));
  }

  /** With a given jitter (given a bound b in ms, a value in [0, b]), for tests. */
  public SettlementWorker(
      TransactionStore store, BankClient bank, SettlementConfig config, Clock clock, LongUnaryOperator jitter) {
    this.store = store;
    this.bank = bank;
    this.config = config;
    this.clock = clock;
    this.backoff = new Backoff(config.backoffBase(), config.backoffMax(), jitter);
    this.dayClose = new DayClose(store, bank);
    this.schedule = new DailySchedule(store.terminalId(), config.closeAt(), config.closeWindow());
    this.lockFile = store.file().toAbsolutePath().resolveSibling(store.file().getFileName() + ".upload-lock");
  }

  static LongUnaryOperator jitter(Random random) {
    return bound -> bound <= 0 ? 0 : (long) (random.nextDouble() * (bound + 1));
  }

  /** What one {@link #drain()} did. */
  public record Round(
      Outcome outcome, int batches, int sent, int accepted, int duplicates, int refused, int quarantined,
      String failure, long retryAfterMillis) {
    /** How a round ended. */
    public enum Outcome {
      /** Nothing is due any more. */
      DRAINED,
      /** Another uploader is running: this one sent nothing. */
      BUSY,
      /** The bank could not be reached or refused the call as a whole: try again after a back-off. */
      BANK_FAILED,
      /** The store could not be written (full disk...): try again after a back-off; nothing is lost. */
      STORE_FAILED
    }
  }

  /** The day-close part (SETTLE from the register, or the schedule). */
  public DayClose dayClose() {
    return dayClose;
  }

  /**
   * Uploads everything due, batch by batch, until nothing is due or something fails. Returns at once with
   * {@link Round.Outcome#BUSY} when another uploader runs.
   */
  public Round drain() {
    if (!uploading.tryLock()) {
      return busy();
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        return busy();
      }
      try {
        dueAsUnknown();
        return drainLocked();
      } finally {
        lock.release();
      }
    } catch (IOException e) {
      return ended(new Counts(), Round.Outcome.STORE_FAILED, "cannot take the upload lock " + lockFile + ": "
          + e.getMessage(), 0);
    } finally {
      uploading.unlock();
    }
  }

  /**
   * How long an offline sale of unknown outcome waits for its card before it is uploaded as {@code ecash_unknown}
   * (docs/checkout.md, *Offline sales and the card's money*).
   */
  public static final java.time.Duration OFFLINE_INTENT_WAIT = java.time.Duration.ofHours(1);
  private volatile java.time.Duration offlineIntentWait = OFFLINE_INTENT_WAIT;

  /** Sets the wait above (tests, or an operator's setting). */
  public void offlineIntentWait(java.time.Duration wait) {
    this.offlineIntentWait = java.util.Objects.requireNonNull(wait, "wait");
  }

  /** The offline sales whose card did not come back within the wait become due, as records of unknown outcome. */
  private void dueAsUnknown() {
    try {
      int n = store.uploads().dueAsUnknown(clock.instant().minus(offlineIntentWait));
      if (n > 0) {
        LOG.warn("settlement: {} offline sale(s) of unknown outcome (their card did not come back within {}) go to "
            + "the bank as ecash_unknown", n, offlineIntentWait);
      }
    } catch (StoreException e) {
      LOG.warn("settlement: offline sales of unknown outcome not made due: {}", e.getMessage());
    }
  }

  private static Round busy() {
    return new Round(Round.Outcome.BUSY, 0, 0, 0, 0, 0, 0, "another uploader is running", 0);
  }

  /** Counts of one round. */
  private static final class Counts {
    int batches;
    int sent;
    int accepted;
    int duplicates;
    int refused;
    int quarantined;
  }

  private Round drainLocked() {
    Counts c = new Counts();
    long lastFirst = -1;
    while (true) {
      List<TxRecord> due;
      try {
        due = store.uploads().dueForUpload(config.batchSize());
      } catch (StoreException e) {
        return ended(c, Round.Outcome.STORE_FAILED, e.getMessage(), 0);
      }
      if (due.isEmpty()) {
        return ended(c, Round.Outcome.DRAINED, null, 0);
      }
      if (due.get(0).seq() == lastFirst) {
        return ended(c, Round.Outcome.STORE_FAILED, "the outcome of " + due.get(0).id() + " was not kept", 0);
      }
      lastFirst = due.get(0).seq();
      List<UploadOutcome> outcomes = new ArrayList<>(due.size());
      List<TxRecord> rows = new ArrayList<>(due.size());
      List<TransactionRecord> records = new ArrayList<>(due.size());
      Instant oldest = clock.instant().minus(config.idempotencyWindow());
      try {
        for (TxRecord r : due) {
          if (r.uploadState() == UploadState.REJECTED || r.createdAt().isBefore(oldest)) {
            // never resent blindly: past the bank's idempotency window, or refused before, ask first
            Optional<TransactionStatus> held = bank.transactionStatus(r.id());
            if (held.isPresent() && held.get().status() == TransactionState.SETTLED) {
              outcomes.add(new UploadOutcome(r.id(), UploadState.DUPLICATE, "held by the bank", null, false));
              c.duplicates++;
              continue;
            }
          }
          try {
            records.add(Records.of(r));
            rows.add(r);
          } catch (Records.NotUploadable e) {
            outcomes.add(refusal(r, "not_uploadable", e.getMessage(), c));
          }
        }
        if (!records.isEmpty()) {
          List<RecordResult> results = send(records);
          c.batches++;
          c.sent += records.size();
          for (int i = 0; i < results.size(); i++) {
            RecordResult res = results.get(i);
            TxRecord row = rows.get(i);
            if (res.status() == RecordStatus.ACCEPTED) {
              outcomes.add(new UploadOutcome(row.id(), UploadState.ACCEPTED, null, null, false));
              c.accepted++;
            } else if (res.status() == RecordStatus.DUPLICATE) {
              outcomes.add(new UploadOutcome(row.id(), UploadState.DUPLICATE, null, null, false));
              c.duplicates++;
            } else {
              outcomes.add(refusal(row, res.reason(), null, c));
            }
          }
        }
      } catch (BankException e) {
        return ended(c, Round.Outcome.BANK_FAILED, e.getMessage(), retryAfter(e));
      }
      try {
        store.uploads().recordUploadOutcomes(outcomes);
      } catch (StoreException e) {
        // sent but not marked: the next round sends them again and the bank answers duplicate
        return ended(c, Round.Outcome.STORE_FAILED, e.getMessage(), 0);
      }
      synchronized (this) {
        batchesSent++;
      }
      LOG.info("settlement batch: {} records from {} to {}; this round {} accepted, {} duplicate, {} refused;"
          + " {} still due", due.size(), due.get(0).id(), due.get(due.size() - 1).id(), c.accepted, c.duplicates,
          c.refused, stillDue());
    }
  }

  private String stillDue() {
    try {
      return String.valueOf(store.uploads().pendingCount());
    } catch (StoreException e) {
      return "?";
    }
  }

  /**
   * Sends one batch; a batch the bank calls malformed (400) or a key conflict (409) is split in halves until the
   * record at fault stands alone, so one bad record never blocks the others.
   */
  private List<RecordResult> send(List<TransactionRecord> records) throws BankException {
    String batchId = "B" + clock.millis() + "-" + records.get(0).transactionId();
    if (batchId.length() > 64) {
      batchId = batchId.substring(0, 64);
    }
    try {
      BatchResponse r = bank.uploadBatch(new BatchRequest(batchId, records));
      return r.results();
    } catch (BankException e) {
      boolean recordAtFault = e.kind() == BankException.Kind.MALFORMED_REQUEST
          || e.kind() == BankException.Kind.CONFLICT;
      if (!recordAtFault) {
        throw e;
      }
      if (records.size() == 1) {
        String reason = e.kind() == BankException.Kind.CONFLICT ? "idempotency_conflict" : "malformed_request";
        LOG.warn("settlement: the bank refused record {} as a whole: {}", records.get(0).transactionId(),
            e.getMessage());
        return Collections.singletonList(
            new RecordResult(records.get(0).transactionId(), RecordStatus.REJECTED, reason));
      }
      int half = records.size() / 2;
      List<RecordResult> out = new ArrayList<>(send(new ArrayList<>(records.subList(0, half))));
      out.addAll(send(new ArrayList<>(records.subList(half, records.size()))));
      return out;
    }
  }

  /**
   * A refusal: kept with the bank's reason, looked up and sent again after {@code refusedRetry}; after
   * {@code maxRefusals} refusals, or at once for a reason no resend fixes, moved aside (quarantined). A reversal or
   * a void is never moved aside: it stays refused, is retried, and is escalated.
   */
  private UploadOutcome refusal(TxRecord r, String reason, String detail, Counts c) {
    int refusals = r.uploadAttempts() + 1;
    boolean permanent = PERMANENT.contains(reason);
    boolean giveUp = permanent || refusals >= config.maxRefusals();
    String why = detail == null ? reason : reason + ": " + detail;
    if (why.length() > 500) {
      why = why.substring(0, 500);
    }
    Instant retry = clock.instant().plus(config.refusedRetry());
    c.refused++;
    if (r.type() == TxType.REVERSAL || r.type() == TxType.VOID) {
      if (giveUp) {
        LOG.error("settlement: {} {} refused {} times ({}): escalated, it keeps waiting", r.type(), r.id(), refusals,
            why);
      }
      return new UploadOutcome(r.id(), UploadState.REJECTED, why, retry, giveUp);
    }
    if (giveUp) {
      c.quarantined++;
      LOG.warn("settlement: {} quarantined after {} refusals ({})", r.id(), refusals, why);
      return new UploadOutcome(r.id(), UploadState.QUARANTINED, why, null, false);
    }
    LOG.warn("settlement: {} refused ({}), looked up and sent again after {}", r.id(), why, config.refusedRetry());
    return new UploadOutcome(r.id(), UploadState.REJECTED, why, retry, false);
  }

  /** The wait the bank asked for when its Retry-After was above the client's bound, in ms; 0 otherwise. */
  static long retryAfter(BankException e) {
    Matcher m = ASKS_TO_WAIT.matcher(String.valueOf(e.getMessage()));
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  private Round ended(Counts c, Round.Outcome outcome, String failure, long retryAfterMillis) {
    synchronized (this) {
      recordsAccepted += c.accepted;
      recordsDuplicate += c.duplicates;
      recordsRefused += c.refused;
      recordsQuarantined += c.quarantined;
      lastRound = clock.instant();
      if (outcome == Round.Outcome.DRAINED) {
        failuresInRow = 0;
        lastFailure = null;
      } else if (outcome != Round.Outcome.BUSY) {
        failuresInRow++;
        lastFailure = failure;
      }
    }
    if (outcome == Round.Outcome.BANK_FAILED || outcome == Round.Outcome.STORE_FAILED) {
      LOG.warn("settlement round stopped after {} batches ({}): {}", c.batches, outcome, failure);
    }
    return new Round(outcome, c.batches, c.sent, c.accepted, c.duplicates, c.refused, c.quarantined, failure,
        retryAfterMillis);
  }

  // ------------------------------------------------------------------------------------------ the loop

  /** Starts the worker's own thread: a round now, then every interval, sooner when woken. */
  public synchronized void start() {
    if (thread != null) {
      return;
    }
    stopping = false;
    thread = new Thread(this::loop, "settlement");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Asks for a round now (the bank is reachable again, a SETTLE came in). While a round runs, another follows it;
   * never two at once. A wait the bank asked for (Retry-After) is still honoured.
   */
  public synchronized void wake() {
    wakeRequested = true;
    notifyAll();
  }

  private void loop() {
    while (true) {
      synchronized (this) {
        if (stopping) {
          return;
        }
      }
      Round r = drain();
      long waitMs;
      synchronized (this) {
        if (r.outcome() == Round.Outcome.BANK_FAILED || r.outcome() == Round.Outcome.STORE_FAILED) {
          waitMs = backoff.waitMillis(failuresInRow, r.retryAfterMillis());
          notBeforeMillis = clock.millis() + r.retryAfterMillis();
        } else {
          waitMs = config.interval().toMillis();
          notBeforeMillis = 0;
        }
      }
      if (r.outcome() == Round.Outcome.DRAINED) {
        daily();
      }
      synchronized (this) {
        nextRound = clock.instant().plusMillis(waitMs);
        long end = System.currentTimeMillis() + waitMs;
        while (!stopping) {
          long now = System.currentTimeMillis();
          boolean woken = wakeRequested && clock.millis() >= notBeforeMillis;
          if (woken || now >= end) {
            break;
          }
          try {
            wait(Math.max(1, Math.min(end - now, 1000)));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        wakeRequested = false;
      }
    }
  }

  /** At this terminal's time in the daily window: close the previous business day and prune what is settled. */
  private void daily() {
    LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), clock.getZone());
    synchronized (this) {
      if (nextDaily == null) {
        nextDaily = schedule.nextRun(now);
      }
      if (now.isBefore(nextDaily)) {
        return;
      }
      nextDaily = schedule.nextRun(now.plusSeconds(1));
    }
    DayClose.Report report = dayClose.close(now.toLocalDate().minusDays(1));
    LOG.info("settlement: day close of {}: {}", report.date(), report.result());
    pruneSettled();
  }

  /** Prunes the records the bank accepted before the retention period. Returns how many rows went. */
  public long pruneSettled() {
    try {
      long n = store.retention().prune(clock.instant().minus(config.retention()));
      if (n > 0) {
        LOG.info("settlement: pruned {} settled records older than {}", n, config.retention());
      }
      return n;
    } catch (StoreException e) {
      LOG.warn("settlement: pruning failed: {}", e.getMessage());
      return 0;
    }
  }

  /** Stops the thread (a round in progress finishes its batch). */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      stopping = true;
      notifyAll();
      t = thread;
      thread = null;
    }
    if (t != null) {
      try {
        t.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  // ------------------------------------------------------------------------------------------ status

  /** What {@code ucard status} shows of settlement. */
  public record Status(
      Map<UploadState, Long> counts,
      List<TxRecord> quarantined,
      List<TxRecord> escalated,
      long batchesSent,
      long accepted,
      long duplicates,
      long refused,
      long quarantinedByThisRun,
      Instant lastRound,
      String lastFailure,
      Instant nextRound,
      java.time.Duration dailyOffset) {}

  /** The store's counts and lists with this worker's progress since it started. */
  public Status status() throws StoreException {
    Map<UploadState, Long> counts = store.uploads().uploadCounts();
    List<TxRecord> q = store.uploads().quarantined();
    List<TxRecord> esc = store.uploads().escalated();
    synchronized (this) {
      return new Status(counts, q, esc, batchesSent, recordsAccepted, recordsDuplicate, recordsRefused,
          recordsQuarantined, lastRound, lastFailure, nextRound, schedule.offset());
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "SettlementWorker[%s]", store.terminalId());
  }
}
