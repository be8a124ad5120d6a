package cn.unioncard.agent.checkout;

import cn.unioncard.agent.event.SaleStep;
import cn.unioncard.agent.store.StoreException;
import cn.unioncard.agent.store.TxState;
import cn.unioncard.protocol.ecr.Result;

/** Write before you speak: the row {@code AWAITING_BANK}, with the split and the card, before the bank is asked. */
final class RecordIntentStep implements SaleSteps.Step {
  private final RequestRows rows;

  RecordIntentStep(RequestRows rows) {
    this.rows = rows;
  }

  @Override
  public SaleStep name() {
    return SaleStep.RECORD_INTENT;
  }

  @Override
  public Result run(SaleInProgress s) {
    try {
      rows.move(s.rec.id(), s.begun, TxState.AWAITING_BANK, s.cardChange.funding(s.benefit, s.debit, 0, 0)
          .discountFunding(s.priced.merchantFen(), s.priced.bankFen(), 0)
          .detail(StoredResults.saleDetail(null, s.priced, s.category, s.decision).encode()));
    } catch (StoreException e) {
      rows.cancelQuietly(s.rec, s.begun, "store_failed");
      return Answers.storeFailure(SaleInProgress.TYPE, s.ref, e);
    }
    return null;
  }
}
