package cn.unioncard.agent.checkout;

import cn.unioncard.agent.card.payment.CardDecision;
import cn.unioncard.agent.card.payment.PaymentKernel;
import cn.unioncard.agent.card.payment.Purchase;
import cn.unioncard.agent.event.SaleStep;
import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.ports.card.TransportException;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Result;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The card first, without an amount: the member is known before the price (docs/checkout.md, The card). A card that
 * gives its PAN only after its processing options gets a first pass at the list price. What this card left unfinished
 * is finished before it pays again.
 */
final class IdentifyStep implements SaleSteps.Step {
  private static final Logger LOG = LoggerFactory.getLogger(Checkout.class);

  private final CardWaits cardWaits;
  private final PaymentKernel kernel;
  private final PanProtections pans;
  private final Recovery recovery;

  IdentifyStep(CardWaits cardWaits, PaymentKernel kernel, PanProtections pans, Recovery recovery) {
    this.cardWaits = cardWaits;
    this.kernel = kernel;
    this.pans = pans;
    this.recovery = recovery;
  }

  @Override
  public SaleStep name() {
    return SaleStep.IDENTIFY;
  }

  @Override
  public Result run(SaleInProgress s) throws InterruptedException {
    CardWaits.Presented tap = cardWaits.await(SaleInProgress.TYPE, s.ref, s.ctx, "请出示会员卡 present the card",
        "; nothing charged");
    if (tap.failure() != null) {
      return tap.failure();
    }
    s.card = tap.card();
    s.contactless = tap.contactless();
    CardDecision d = null;
    try {
      s.id = kernel.identify(s.card, s.contactless);
      if (!s.id.refused() && s.id.pan() == null) {
        // a card that gives its PAN only after its processing options: a first pass at the list price
        d = kernel.authorise(s.card, s.id, new Purchase(s.request.amount(), true, s.contactless));
      }
    } catch (CardIoException e) {
      return Answers.cardRemoved(SaleInProgress.TYPE, s.ref);
    } catch (TransportException e) {
      return Answers.readerFailed(SaleInProgress.TYPE, s.ref);
    }
    if (s.id.refused() || (d != null && (d.kind() == CardDecision.Kind.REFUSED || d.pan() == null))) {
      LOG.info("SALE {}: card not accepted ({})", s.ref, s.id.refused() ? s.id.reason() : d.reason());
      return Answers.answer(SaleInProgress.TYPE, s.ref, Outcome.DECLINED, Answers.NOT_ACCEPTED, "card not accepted");
    }
    s.decision = d;
    s.pan = d != null ? d.pan() : s.id.pan();
    s.protection = pans.of(s.keys);
    s.cardRef = s.protection.panHash(s.pan);
    final CardDecision firstPass = d;
    boolean finished;
    try {
      // an offline sale of this card whose outcome is not known: the card's counter now (a first pass at the list
      // price has counted one transaction already: its ATC less one) and the balance read before it
      finished = recovery.finishUnfinished(s.cardRef, () -> new OfflineIntent.CardNow(firstPass != null
          ? OfflineIntent.atcBefore(firstPass.iccData()) : OfflineIntent.readAtc(s.card), s.id.ecBalanceFen()), true);
    } catch (CardIoException e) {
      return Answers.cardRemoved(SaleInProgress.TYPE, s.ref);
    } catch (TransportException e) {
      return Answers.readerFailed(SaleInProgress.TYPE, s.ref);
    }
    if (!finished) {
      return Answers.answer(SaleInProgress.TYPE, s.ref, Outcome.FAILED, Answers.PENDING_REVERSAL,
          "an earlier payment of this card is still being reversed; try again when the bank answers");
    }
    return null;
  }
}
