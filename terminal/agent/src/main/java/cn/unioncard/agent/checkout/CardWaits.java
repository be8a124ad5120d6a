package cn.unioncard.agent.checkout;

import cn.unioncard.agent.card.payment.CardIdentity;
import cn.unioncard.agent.card.payment.PaymentKernel;
import cn.unioncard.agent.card.payment.Purchase;
import cn.unioncard.agent.ecr.EcrHandler.Context;
import cn.unioncard.agent.event.EventListener;
import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.bank.keys.WorkingKeys;
import cn.unioncard.ports.card.ApduTransport;
import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.ports.card.ReaderIoException;
import cn.unioncard.ports.card.TransportException;
import cn.unioncard.protocol.ecr.MessageType;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Result;
import cn.unioncard.protocol.ecr.Stage;
import cn.unioncard.protocol.emv.Pan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one wait for a card of every request that needs one (SALE, BALANCE, and a REFUND or VOID whose card data is
 * sealed under an earlier key), and the card of a stored sale presented again.
 */
final class CardWaits {
  private static final Logger LOG = LoggerFactory.getLogger(Checkout.class);

  /** A fresh card for a request (its exchanges told to the listener), or the answer when none came. */
  record Presented(ApduTransport card, boolean contactless, Result failure) {}

  /** The PAN of the card of a stored sale, read again: {@code pan}, or {@code failure} and its row {@code reason}. */
  record SaleCard(Pan pan, Result failure, String reason) {}

  private final CheckoutConfig config;
  private final CardSource cards;
  private final PaymentKernel kernel;
  private final PanProtections pans;
  private final EventListener listener;

  CardWaits(CheckoutConfig config, CardSource cards, PaymentKernel kernel, PanProtections pans,
      EventListener listener) {
    this.config = config;
    this.cards = cards;
    this.kernel = kernel;
    this.pans = pans;
    this.listener = listener;
  }

  /**
   * PROGRESS waiting, a fresh tap within the card timeout or until CANCEL, PROGRESS reading. {@code nothingCharged}
   * ends the texts of the failures ("; nothing charged" for money).
   */
  Presented await(MessageType type, String ref, Context ctx, String prompt, String nothingCharged)
      throws InterruptedException {
    ctx.progress(Stage.WAITING_FOR_CARD, prompt);
    CardSource.Tap tap;
    listener.cardWaitStart();
    try {
      tap = cards.awaitCard(config.cardTimeoutMillis(), ctx::cancelRequested);
    } catch (ReaderIoException e) {
      return new Presented(null, false, Answers.answer(type, ref, Outcome.FAILED, Answers.READER,
          "the card reader is not available" + nothingCharged));
    } finally {
      listener.cardWaitEnd();
    }
    if (tap == null) {
      return new Presented(null, false, ctx.cancelRequested()
          ? Answers.answer(type, ref, Outcome.CANCELLED, Answers.CANCELLED, "cancelled" + nothingCharged)
          : Answers.answer(type, ref, Outcome.FAILED, Answers.NO_CARD, "no card was presented"));
    }
    ctx.progress(Stage.READING_CARD, null);
    return new Presented(told(tap.card()), tap.contactless(), null);
  }

  /**
   * A REFUND or VOID of a sale whose {@code pan_encrypted} today's data key cannot open (sealed under an earlier
   * sign-on's key): the card is presented again, identified (no amount, no cryptogram used), and its PAN's keyed hash
   * must be the sale's {@code card_ref} (docs/checkout.md, Refunds and voids of an earlier day).
   */
  SaleCard cardOfSale(MessageType type, String ref, TxRecord sale, WorkingKeys k, Context ctx)
      throws InterruptedException {
    Presented tap = await(type, ref, ctx, "请出示原交易卡 present the card of the sale", "; nothing refunded");
    if (tap.failure() != null) {
      return new SaleCard(null, tap.failure(), "no_card");
    }
    Pan pan;
    try {
      CardIdentity id = kernel.identify(tap.card(), tap.contactless());
      pan = id.refused() ? null : id.pan();
      if (!id.refused() && pan == null) {
        // a card that gives its PAN only after its processing options: a purchase of nothing, never sent anywhere
        pan = kernel.authorise(tap.card(), id, new Purchase(0, true, tap.contactless())).pan();
      }
    } catch (CardIoException e) {
      return new SaleCard(null, Answers.cardRemoved(type, ref), "card_removed");
    } catch (TransportException e) {
      return new SaleCard(null, Answers.answer(type, ref, Outcome.FAILED, Answers.READER,
          "the card reader failed; nothing refunded"), "reader_failed");
    }
    if (pan == null) {
      return new SaleCard(null, Answers.answer(type, ref, Outcome.DECLINED, Answers.NOT_ACCEPTED,
          "card not accepted"), "card_not_accepted");
    }
    if (sale.cardRef() == null || !sale.cardRef().equals(pans.of(k).panHash(pan))) {
      LOG.info("{} {}: the card {} is not the card of sale {}", type, ref, pan.masked(), sale.id());
      return new SaleCard(null, Answers.answer(type, ref, Outcome.DECLINED, Answers.WRONG_CARD,
          "this is not the card of sale " + sale.id() + "; nothing refunded"), "wrong_card");
    }
    return new SaleCard(pan, null, null);
  }

  /** The card, each exchange told to the listener. */
  private ApduTransport told(ApduTransport card) {
    return command -> {
      listener.cardExchangeStart();
      try {
        return card.transmit(command);
      } finally {
        listener.cardExchangeEnd();
      }
    };
  }
}
