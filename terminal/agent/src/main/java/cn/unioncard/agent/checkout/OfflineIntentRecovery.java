package cn.unioncard.agent.checkout;

import cn.unioncard.agent.store.StoreException;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.agent.store.TxChange;
import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.agent.store.TxState;
import cn.unioncard.agent.store.TxType;
import cn.unioncard.protocol.ecr.MessageType;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Result;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes an offline sale whose card may have paid (a row {@code AWAITING_CARD} with its
 * {@linkplain OfflineIntent intent}) when the same card is presented again, in a SALE or a BALANCE
 * (docs/checkout.md, *Offline sales and the card's money*): the card shows the debit, so the sale is
 * {@code APPROVED} from its electronic cash and due for upload; or it provably did not, so the sale is
 * {@code CANCELLED}; or it cannot tell, and the row waits (never cancelled as "nothing charged").
 */
public final class OfflineIntentRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(OfflineIntentRecovery.class);

  private final TransactionStore store;

  OfflineIntentRecovery(TransactionStore store) {
    this.store = store;
  }

  /**
   * The offline sales of unknown outcome (the status): how many wait for their card, how many of them the bank
   * already holds as {@code ecash_unknown}, and since when the oldest waits (null when none).
   */
  public record Unknown(int count, int withTheBank, java.time.Instant oldestSince) {}

  /** The offline sales of unknown outcome in {@code store}. */
  public static Unknown unknown(TransactionStore store) throws StoreException {
    int n = 0;
    int uploaded = 0;
    java.time.Instant oldest = null;
    for (TxRecord r : store.unfinished()) {
      if (waitsForCard(r)) {
        n++;
        if (r.uploadState() == cn.unioncard.agent.store.UploadState.ACCEPTED
            || r.uploadState() == cn.unioncard.agent.store.UploadState.DUPLICATE) {
          uploaded++;
        }
        if (oldest == null || r.createdAt().isBefore(oldest)) {
          oldest = r.createdAt();
        }
      }
    }
    return new Unknown(n, uploaded, oldest);
  }

  /** Whether {@code r} is an offline sale waiting for its card to tell what happened. */
  static boolean waitsForCard(TxRecord r) {
    return r.type() == TxType.SALE && r.state() == TxState.AWAITING_CARD;
  }

  /** The RESULT of a sale whose outcome is not known yet: the register must not charge again. */
  static Result unknown(TxRecord r) {
    return Result.of(MessageType.SALE, r.registerRef(), Outcome.UNKNOWN, "UNK",
        "unknown: the card may have paid; do not charge again until resolved")
        .withCharges(r.id(), 0, java.util.Collections.emptyList());
  }

  /**
   * Compares the card presented now with the intent {@code r} and stores what it shows.
   *
   * @return the verdict ({@link OfflineIntent.Verdict#UNKNOWN}: the row is left as it was)
   */
  OfflineIntent.Verdict resolve(TxRecord r, OfflineIntent.CardNow now) throws StoreException {
    OfflineIntent.Verdict v = OfflineIntent.judge(r, now);
    SaleDetail detail = StoredResults.detail(r)
        .withCardPresentedAgain(new SaleDetail.CardFigures(now.atc(), now.ecBalanceFen()));
    SaleDetail.Intent i = detail.offlineIntent();
    switch (v) {
      case DEBITED:
        String approved = i == null ? null : i.approvedResult();
        if (approved != null) {
          detail = detail.withResult(approved);
        }
        store.move(r.id(), TxState.AWAITING_CARD, TxState.APPROVED, TxChange.none()
            .funding(0, 0, r.amountFen(), 0).reason("recovered_from_card").detail(detail.encode()));
        LOG.info("{}: the card shows the offline debit of {} fen: approved", r.id(), r.amountFen());
        break;
      case NOT_DEBITED:
        Result none = Result.of(MessageType.SALE, r.registerRef(), Outcome.FAILED, "CR",
            "the card did not pay (it shows no debit); nothing charged")
            .withCharges(r.id(), 0, java.util.Collections.emptyList());
        store.move(r.id(), TxState.AWAITING_CARD, TxState.CANCELLED,
            TxChange.none().reason("not_debited").detail(detail.withResult(StoredResults.hex(none)).encode()));
        LOG.info("{}: the card shows no debit: cancelled", r.id());
        break;
      default:
        LOG.warn("{}: the card cannot tell whether it paid (before: atc {} balance {}; now: atc {} balance {}): "
            + "outcome unknown", r.id(), known(i == null ? null : i.atc()), known(i == null ? null : i.ecBalanceFen()),
            now.atc(), now.ecBalanceFen());
    }
    return v;
  }

  private static Object known(Object figure) {
    return figure == null ? "?" : figure;
  }
}
