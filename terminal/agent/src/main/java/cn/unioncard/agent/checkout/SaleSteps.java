package cn.unioncard.agent.checkout;

import cn.unioncard.agent.ecr.EcrHandler.Context;
import cn.unioncard.agent.event.EventListener;
import cn.unioncard.agent.event.SaleStep;
import cn.unioncard.agent.store.StoreException;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.agent.store.TxType;
import cn.unioncard.bank.keys.WorkingKeys;
import cn.unioncard.protocol.Money;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Result;
import cn.unioncard.protocol.ecr.Sale;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SALE as its ordered steps (docs/checkout.md): the request checked (a repeated reference, the basket, the keys,
 * the offline limits), then identify, member, price, the card's decision, verify the cardholder, record the intent,
 * authorise, complete, record. A step ends the sale by returning its answer; each is told to the listener.
 */
final class SaleSteps {
  private static final Logger LOG = LoggerFactory.getLogger(Checkout.class);

  /** One step of a sale. */
  interface Step {
    SaleStep name();

    /** Does the step; returns the sale's answer when the sale ends here, else null. */
    Result run(SaleInProgress s) throws InterruptedException;
  }

  private final TransactionStore store;
  private final Supplier<WorkingKeys> keys;
  private final OfflineLimitGuard guard;
  private final List<Step> steps;
  private final EventListener listener;

  SaleSteps(TransactionStore store, Supplier<WorkingKeys> keys, OfflineLimitGuard guard, List<Step> steps,
      EventListener listener) {
    this.store = store;
    this.keys = keys;
    this.guard = guard;
    this.steps = steps;
    this.listener = listener;
  }

  Result sale(Sale request, Context ctx, RequestRows.Request rows) throws InterruptedException {
    SaleInProgress s = new SaleInProgress(request, ctx, rows);
    Result refused = admit(s);
    if (refused != null) {
      return refused;
    }
    for (Step step : steps) {
      listener.saleStepStart(step.name());
      Result end;
      try {
        end = step.run(s);
      } finally {
        listener.saleStepEnd(step.name());
      }
      if (end != null) {
        return end;
      }
    }
    throw new IllegalStateException("the sale's last step gave no answer");
  }

  /** The checks before the card: a repeated reference, the basket, the keys, the offline limits. */
  private Result admit(SaleInProgress s) {
    Optional<TxRecord> earlier;
    try {
      earlier = store.byRegisterRef(TxType.SALE, s.ref);
    } catch (StoreException e) {
      return Answers.answer(SaleInProgress.TYPE, s.ref, Outcome.DECLINED, Answers.STORE,
          "the terminal cannot read its store; nothing charged");
    }
    if (earlier.isPresent()) {
      LOG.info("SALE {} was done before as {}: not charged again", s.ref, earlier.get().id());
      return StoredResults.of(earlier.get());
    }
    s.rest = Basket.of(s.request.items(), s.request.amount(), s.basket);
    if (s.rest < 0) {
      return Answers.answer(SaleInProgress.TYPE, s.ref, Outcome.FAILED, Answers.FORMAT,
          "the items add up to more than the AMOUNT " + Money.yuan(s.request.amount()));
    }
    s.keys = keys.get();
    if (s.keys == null) {
      return Answers.notSignedOn(SaleInProgress.TYPE, s.ref);
    }
    String over = guard.over();
    if (over != null) {
      return Answers.answer(SaleInProgress.TYPE, s.ref, Outcome.DECLINED, Answers.OFFLINE_LIMIT, over);
    }
    return null;
  }
}
