package cn.unioncard.agent.settle;

import cn.unioncard.bank.model.BatchRequest;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Objects;

/**
 * How the settlement worker works (from the terminal's configuration).
 *
 * @param batchSize records per batch, 1 to 500 (the bank's limit)
 * @param interval the wait between rounds when nothing failed (new records are sent at the latest then)
 * @param backoffBase the first wait after a failed round; each further failure doubles the cap (full jitter)
 * @param backoffMax the cap of the wait after failed rounds
 * @param maxRefusals refusals after which a record is quarantined (a reversal or void: escalated, never dropped)
 * @param refusedRetry the wait before a refused record is looked up and sent again
 * @param idempotencyWindow records older than this are first looked up with the bank's status query (60 days:
 *     the bank keeps keys 90)
 * @param retention how long records the bank accepted are kept before pruning
 * @param closeAt the start of the fleet's daily window for closing the business day (terminal-local time)
 * @param closeWindow the window's length: each terminal closes at a fixed offset in it, derived from its id
 */
public record SettlementConfig(
    int batchSize,
    Duration interval,
    Duration backoffBase,
    Duration backoffMax,
    int maxRefusals,
    Duration refusedRetry,
    Duration idempotencyWindow,
    Duration retention,
    LocalTime closeAt,
    Duration closeWindow) {
  public SettlementConfig {
    if (batchSize < 1 || batchSize > BatchRequest.MAX_RECORDS) {
      throw new IllegalArgumentException("batch_size must be 1 to " + BatchRequest.MAX_RECORDS + ", not " + batchSize);
    }
    positive(interval, "interval");
    positive(backoffBase, "backoff_base");
    positive(backoffMax, "backoff_max");
    if (backoffMax.compareTo(backoffBase) < 0) {
      throw new IllegalArgumentException("backoff_max must not be below backoff_base");
    }
    if (maxRefusals < 1) {
      throw new IllegalArgumentException("max_refusals must be at least 1, not " + maxRefusals);
    }
    positive(refusedRetry, "refused_retry");
    positive(idempotencyWindow, "idempotency_window");
    positive(retention, "retention");
    Objects.requireNonNull(closeAt, "close_at");
    if (closeWindow == null || closeWindow.isNegative() || closeWindow.compareTo(Duration.ofHours(24)) > 0) {
      throw new IllegalArgumentException("close_window must be 0 to 24 hours");
    }
  }

  /**
   * The defaults: batches of 500 every 60 s, back-off 5 s to 30 min, quarantine after 5 refusals retried 6 h apart,
   * look-up before sending after 60 days, 90 days' retention, the day closed between 01:00 and 03:00.
   */
  public static SettlementConfig defaults() {
    return new SettlementConfig(500, Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofMinutes(30), 5,
        Duration.ofHours(6), Duration.ofDays(60), Duration.ofDays(90), LocalTime.of(1, 0), Duration.ofHours(2));
  }

  /** These settings with another batch size. */
  public SettlementConfig withBatchSize(int size) {
    return new SettlementConfig(size, interval, backoffBase, backoffMax, maxRefusals, refusedRetry,
        idempotencyWindow, retention, closeAt, closeWindow);
  }

  /** These settings with other refusal rules. */
  public SettlementConfig withRefusals(int max, Duration retry) {
    return new SettlementConfig(batchSize, interval, backoffBase, backoffMax, max, retry, idempotencyWindow,
        retention, closeAt, closeWindow);
  }

  /** These settings with another back-off. */
  public SettlementConfig withBackoff(Duration base, Duration max) {
    return new SettlementConfig(batchSize, interval, base, max, maxRefusals, refusedRetry, idempotencyWindow,
        retention, closeAt, closeWindow);
  }

  private static void positive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration");
    }
  }
}
