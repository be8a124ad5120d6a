package cn.unioncard.agent.checkout;

import cn.unioncard.agent.card.payment.CardDecision;
import cn.unioncard.agent.card.payment.PaymentKernel;
import cn.unioncard.agent.card.payment.Purchase;
import cn.unioncard.agent.event.SaleStep;
import cn.unioncard.agent.store.NewTx;
import cn.unioncard.agent.store.StoreException;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.agent.store.TxChange;
import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.agent.store.TxState;
import cn.unioncard.agent.store.TxType;
import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.ports.card.TransportException;
import cn.unioncard.protocol.ecr.Charge;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Result;
import java.util.Collections;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The card's decision on the price: its cryptogram covers the amount (9F02 in the PDOL and CDOL1), so it is asked
 * once, for what the member pays; only a card that hid its PAN until its processing options is asked a second time
 * (docs/checkout.md). An offline sale's intent is durable before that command (step 8a); an online sale's row is begun
 * after it. A card that declines ends the sale here, and so does one that approves offline (then recorded).
 */
final class CardDecisionStep implements SaleSteps.Step {
  private static final Logger LOG = LoggerFactory.getLogger(Checkout.class);

  private final PaymentKernel kernel;
  private final TransactionStore store;
  private final RequestRows rows;
  private final OfflineIntentRecovery intents;
  private final Receipts receipts;
  private final RecordStep record;

  CardDecisionStep(PaymentKernel kernel, TransactionStore store, RequestRows rows, OfflineIntentRecovery intents,
      Receipts receipts, RecordStep record) {
    this.kernel = kernel;
    this.store = store;
    this.rows = rows;
    this.intents = intents;
    this.receipts = receipts;
    this.record = record;
  }

  @Override
  public SaleStep name() {
    return SaleStep.CARD_DECISION;
  }

  @Override
  public Result run(SaleInProgress s) {
    String ref = s.ref;
    CardDecision d = s.decision;
    TxRecord rec = null;
    if (d == null || s.paid != s.request.amount() || s.offlineAllowed) {
      if (s.ctx.cancelRequested()) {
        return Answers.answer(SaleInProgress.TYPE, ref, Outcome.CANCELLED, Answers.CANCELLED,
            "cancelled; nothing charged");
      }
      if (s.offlineAllowed) {
        // the card may take its electronic cash at this command: the intent is durable first (step 8a)
        try {
          Integer atc = OfflineIntent.readAtc(s.card);
          rec = offlineIntent(s, atc);
        } catch (CardIoException e) {
          return Answers.cardRemoved(SaleInProgress.TYPE, ref);
        } catch (TransportException e) {
          return Answers.readerFailed(SaleInProgress.TYPE, ref);
        } catch (StoreException e) {
          return intentFailure(ref, e);
        }
      }
      CardDecision again;
      try {
        Purchase p = new Purchase(s.paid, !s.offlineAllowed, s.contactless);
        again = d == null ? kernel.authorise(s.card, s.id, p) : kernel.begin(s.card, p);
      } catch (TransportException e) {
        if (rec != null) {
          // the card may have paid before it left: the card's next tap tells (never "nothing charged")
          LOG.warn("SALE {} {}: the card left during its offline decision: outcome unknown until it is presented "
              + "again", ref, rec.id());
          return OfflineIntentRecovery.unknown(rec);
        }
        return e instanceof CardIoException
            ? Answers.cardRemoved(SaleInProgress.TYPE, ref)
            : Answers.readerFailed(SaleInProgress.TYPE, ref);
      }
      if (again.kind() == CardDecision.Kind.REFUSED || !s.pan.equals(again.pan())) {
        LOG.info("SALE {}: card not accepted ({})", ref, again.reason());
        if (rec != null) {
          return refusedAfterIntent(s, rec);
        }
        return Answers.answer(SaleInProgress.TYPE, ref, Outcome.DECLINED, Answers.NOT_ACCEPTED, "card not accepted");
      }
      d = again;
    }
    s.decision = d;

    // the intent (an offline sale's is written above, before the card's command)
    if (rec == null) {
      try {
        rec = rows.begin(s.rows, NewTx.of(TxType.SALE, s.today).registerRef(ref).amount(s.paid).card(s.cardRef, null));
      } catch (StoreException e) {
        return intentFailure(ref, e);
      }
    }
    s.rec = rec;
    s.begun = rec.state();
    s.panEncrypted = PanProtections.encrypted(s.protection, s.pan, rec.id());
    s.cardChange = TxChange.none().card(s.cardRef, s.panEncrypted);

    if (d.kind() == CardDecision.Kind.DECLINED) {
      return rows.close(rec, s.begun, TxState.DECLINED, "declined_by_card", Answers.answer(SaleInProgress.TYPE, ref,
          Outcome.DECLINED, Answers.DECLINED_BY_CARD, "declined by the card"), null);
    }
    if (d.kind() == CardDecision.Kind.OFFLINE_APPROVED) {
      return record.offline(s);
    }
    return null;
  }

  /**
   * An offline sale's intent, durable before the card's command that may take its electronic cash: the row
   * {@code AWAITING_CARD} with the card's ATC and e-cash balance before it, the amount, the card, the discount
   * funding and the RESULT it gets if the card pays (docs/checkout.md, step 8a).
   */
  private TxRecord offlineIntent(SaleInProgress s, Integer atc) throws StoreException {
    TxRecord rec = rows.begin(s.rows, NewTx.of(TxType.SALE, s.today).registerRef(s.ref).amount(s.paid)
        .card(s.cardRef, null));
    try {
      SaleDetail detail = StoredResults.saleDetail(null, s.priced, s.category, null)
          .withApplication(new SaleDetail.Application(s.id.aid(), s.contactless))
          .withOfflineIntent(new SaleDetail.Intent(atc, s.id.ecBalanceFen(), s.paid,
              StoredResults.hex(receipts.approvedSale(s.ref, rec.id(), s.priced, s.basket, 0, 0, s.paid, s.pan, null,
                  s.category))));
      return rows.move(rec.id(), TxState.STARTED, TxState.AWAITING_CARD, TxChange.none()
          .card(s.cardRef, PanProtections.encrypted(s.protection, s.pan, rec.id()))
          .discountFunding(s.priced.merchantFen(), s.priced.bankFen(), 0).detail(detail.encode()));
    } catch (StoreException e) {
      rows.cancelQuietly(rec, TxState.STARTED, "store_failed"); // nothing was sent to the card yet
      throw e;
    }
  }

  /** The answer when the sale's intent cannot be written: the first result of a repeated reference, or STO. */
  private Result intentFailure(String ref, StoreException e) {
    if (e.kind() == StoreException.Kind.CONFLICT) {
      try {
        Optional<TxRecord> r = store.byRegisterRef(TxType.SALE, ref);
        if (r.isPresent()) {
          return StoredResults.of(r.get());
        }
      } catch (StoreException ignored) {
        // answered below
      }
    }
    return Answers.storeFailure(SaleInProgress.TYPE, ref, e);
  }

  /**
   * The card's offline decision was refused (malformed, or another card) after the intent: the card, still in the
   * field, is asked whether it paid. Provably not: the row {@code CANCELLED}, DECLINED {@code NA}; otherwise the
   * outcome stays unknown until the card is presented again.
   */
  private Result refusedAfterIntent(SaleInProgress s, TxRecord rec) {
    try {
      OfflineIntent.Verdict v = intents.resolve(rec, OfflineIntent.readNow(s.card));
      if (v == OfflineIntent.Verdict.NOT_DEBITED) {
        return Answers.answer(SaleInProgress.TYPE, s.ref, Outcome.DECLINED, Answers.NOT_ACCEPTED, "card not accepted")
            .withCharges(rec.id(), 0, Collections.<Charge>emptyList());
      }
    } catch (TransportException | StoreException e) {
      LOG.warn("SALE {} {}: cannot tell whether the card paid: {}", s.ref, rec.id(), e.getMessage());
    }
    // the stored result of the row as it is now (or as it was when it cannot be read)
    try {
      return StoredResults.of(store.get(rec.id()).orElse(rec));
    } catch (StoreException e) {
      return StoredResults.of(rec);
    }
  }
}
