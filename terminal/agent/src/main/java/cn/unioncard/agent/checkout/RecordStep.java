package cn.unioncard.agent.checkout;

import cn.unioncard.agent.event.SaleStep;
import cn.unioncard.agent.store.StoreException;
import cn.unioncard.agent.store.TxChange;
import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.agent.store.TxState;
import cn.unioncard.agent.store.TxType;
import cn.unioncard.bank.model.AuthorisationResponse;
import cn.unioncard.bank.model.ReversalReason;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.ecr.Result;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outcome stored before the answer: the row {@code APPROVED} with the split, the discounts' funding and the
 * RESULT. Never approve what cannot be stored: an online approval that cannot be stored is reversed; an offline one
 * (the card took its electronic cash) stays unknown until the card is presented again.
 */
final class RecordStep implements SaleSteps.Step {
  private static final Logger LOG = LoggerFactory.getLogger(Checkout.class);

  private final RequestRows rows;
  private final Receipts receipts;
  private final CampaignUse campaignUse;
  private final Reversals reversals;

  RecordStep(RequestRows rows, Receipts receipts, CampaignUse campaignUse, Reversals reversals) {
    this.rows = rows;
    this.receipts = receipts;
    this.campaignUse = campaignUse;
    this.reversals = reversals;
  }

  @Override
  public SaleStep name() {
    return SaleStep.RECORD;
  }

  @Override
  public Result run(SaleInProgress s) {
    AuthorisationResponse a = s.authorisation;
    Result approved = receipts.approvedSale(s.ref, s.rec.id(), s.priced, s.basket, a.benefitFen(), a.debitFen(), 0,
        s.pan, a.authCode(), s.category);
    try {
      rows.move(s.rec.id(), TxState.AWAITING_BANK, TxState.APPROVED,
          TxChange.none().funding(a.benefitFen(), a.debitFen(), 0, 0)
              .discountFunding(s.priced.merchantFen(), s.priced.bankFen(), 0).authCode(a.authCode())
              .detail(StoredResults.saleDetail(approved, s.priced, s.category, s.decision).encode()));
    } catch (StoreException e) {
      // never approve what cannot be stored: undo the authorisation
      LOG.warn("SALE {}: approval of {} cannot be stored ({}): reversing it", s.ref, s.rec.id(), e.getMessage());
      TxRecord r = TxRecord.builder().id(s.rec.id()).seq(s.rec.seq()).type(TxType.SALE).state(TxState.AWAITING_BANK)
          .businessDate(s.today).createdAt(s.now).updatedAt(s.now).registerRef(s.ref).card(s.cardRef, null)
          .funding(s.paid, s.benefit, s.debit, 0, 0).reason("store_failed").build();
      reversals.call(r, ReversalReason.NO_ANSWER);
      return Answers.storeFailure(SaleInProgress.TYPE, s.ref, e);
    }
    campaignUse.given(s.priced);
    return approved;
  }

  /** The card approved offline: the row {@code APPROVED}, paid from its electronic cash. */
  Result offline(SaleInProgress s) {
    Result approved = receipts.approvedSale(s.ref, s.rec.id(), s.priced, s.basket, 0, 0, s.paid, s.pan, null,
        s.category);
    SaleDetail detail = StoredResults.saleDetail(approved, s.priced, s.category, s.decision)
        .withIccData(Hex.encode(s.decision.iccData()));
    try {
      rows.move(s.rec.id(), s.begun, TxState.APPROVED, s.cardChange.funding(0, 0, s.paid, 0)
          .discountFunding(s.priced.merchantFen(), s.priced.bankFen(), 0).detail(detail.encode()));
    } catch (StoreException e) {
      // the card took its electronic cash: the intent stays AWAITING_CARD, and the card's next tap tells
      LOG.warn("SALE {}: the approval of {} cannot be stored ({}): outcome unknown until the card is presented "
          + "again", s.ref, s.rec.id(), e.getMessage());
      return OfflineIntentRecovery.unknown(s.rec);
    }
    campaignUse.given(s.priced);
    return approved;
  }
}
