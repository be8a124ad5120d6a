package cn.unioncard.agent.checkout;

import cn.unioncard.agent.store.StoreException;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.agent.store.UploadQueue;
import cn.unioncard.protocol.Money;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The offline risk limits: refuses a new sale or refund while the records waiting for the bank reach a limit in force
 * (the configuration's, or the signed terminal parameters').
 */
final class OfflineLimitGuard {
  /** How long the store's count of pending records is used, counted on, before it is read again. */
  static final long PENDING_REREAD_NANOS = 30_000_000_000L;

  private final TransactionStore store;
  private final Clock clock;
  private volatile Supplier<OfflineLimits> limits;

  private final Object pendingLock = new Object();
  private UploadQueue.Pending pendingRead;
  private long pendingReadNanos;
  private long pendingAddedCount;
  private long pendingAddedFen;
  private long pendingAddedBenefitFen;
  private long pendingAddedDebitFen;
  private long pendingAddedEcashFen;
  private Instant pendingAddedOldest;

  OfflineLimitGuard(CheckoutConfig config, TransactionStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.limits = config::offline;
  }

  /** The limits in force now. */
  OfflineLimits limits() {
    return limits.get();
  }

  /** Takes the limits from {@code limits} from now on (read once per sale). */
  void limits(Supplier<OfflineLimits> limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** The first limit reached, in words, or null when none is. */
  String over() {
    OfflineLimits l = limits.get();
    if (l.noPendingLimit()) {
      return null;
    }
    try {
      String over = over(l, pendingView(false));
      // a decline is decided on the store's own count, never on the running one
      return over == null ? null : over(l, pendingView(true));
    } catch (StoreException e) {
      return "the terminal cannot read its store; nothing charged";
    }
  }

  /**
   * The records waiting for the bank: the store's count ({@code UploadQueue.pending()}, a scan of every pending
   * row) read at most every 30 s, plus every record this checkout began since. Only the settlement worker lowers the
   * count, so the running figure errs high; a limit it says is reached is checked on a fresh read.
   */
  private UploadQueue.Pending pendingView(boolean fresh) throws StoreException {
    synchronized (pendingLock) {
      if (fresh || pendingRead == null || System.nanoTime() - pendingReadNanos > PENDING_REREAD_NANOS) {
        pendingRead = store.uploads().pending();
        pendingReadNanos = System.nanoTime();
        pendingAddedCount = 0;
        pendingAddedFen = 0;
        pendingAddedBenefitFen = 0;
        pendingAddedDebitFen = 0;
        pendingAddedEcashFen = 0;
        pendingAddedOldest = null;
        return pendingRead;
      }
      UploadQueue.Pending p = pendingRead;
      Instant oldest = p.oldest() != null ? p.oldest() : pendingAddedOldest;
      return new UploadQueue.Pending(p.count() + pendingAddedCount, p.amountFen() + pendingAddedFen,
          p.benefitFen() + pendingAddedBenefitFen, p.debitFen() + pendingAddedDebitFen,
          p.ecashFen() + pendingAddedEcashFen, oldest);
    }
  }

  /**
   * Counts a record begun by this checkout into the running figure of {@link #pendingView}. Its split between the
   * accounts is decided later (by the bank or the card), so its whole amount counts against each account: the running
   * figure errs high, and a limit it says is reached is checked on a fresh read.
   */
  void added(TxRecord r) {
    synchronized (pendingLock) {
      pendingAddedCount++;
      pendingAddedFen += r.amountFen();
      pendingAddedBenefitFen += r.amountFen();
      pendingAddedDebitFen += r.amountFen();
      pendingAddedEcashFen += r.amountFen();
      if (pendingAddedOldest == null) {
        pendingAddedOldest = clock.instant();
      }
    }
  }

  /** The first limit of {@code l} that the pending records {@code p} reach, in words, or null. */
  private String over(OfflineLimits l, UploadQueue.Pending p) {
    if (l.maxPendingCount() > 0 && p.count() >= l.maxPendingCount()) {
      return "offline limit: " + p.count() + " records wait for the bank (at most " + l.maxPendingCount() + ")";
    }
    if (l.maxPendingFen() > 0 && p.amountFen() >= l.maxPendingFen()) {
      return "offline limit: " + Money.yuan(p.amountFen()) + " yuan waits for the bank (at most "
          + Money.yuan(l.maxPendingFen()) + ")";
    }
    String account = overAccount("benefit", p.benefitFen(), l.maxPendingBenefitFen());
    account = account != null ? account : overAccount("debit", p.debitFen(), l.maxPendingDebitFen());
    account = account != null ? account : overAccount("electronic cash", p.ecashFen(), l.maxPendingEcashFen());
    if (account != null) {
      return account;
    }
    if (!l.maxOldestPending().isZero() && p.oldest() != null
        && p.oldest().plus(l.maxOldestPending()).isBefore(clock.instant())) {
      return "offline limit: a record has waited for the bank since " + p.oldest() + " (at most "
          + l.maxOldestPending().toHours() + " h)";
    }
    return null;
  }

  private static String overAccount(String account, long pendingFen, long maxFen) {
    if (maxFen > 0 && pendingFen >= maxFen) {
      return "offline limit: " + Money.yuan(pendingFen) + " yuan of " + account + " waits for the bank (at most "
          + Money.yuan(maxFen) + ")";
    }
    return null;
  }
}
