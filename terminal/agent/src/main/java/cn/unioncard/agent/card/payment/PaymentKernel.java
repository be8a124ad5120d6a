package cn.unioncard.agent.card.payment;

import cn.unioncard.ports.card.ApduTransport;
import cn.unioncard.ports.card.TransportException;

/**
 * A purchase on the card's UnionPay debit application, one per tap or insertion: the card side of a checkout.
 * Contactless cards follow qPBOC (the card decides at GET PROCESSING OPTIONS, one tap, no second GENERATE AC);
 * contact cards follow PBOC 3.0 (first GENERATE AC, and a second one with the issuer's answer).
 *
 * <p>In two steps, so that the amount can be fixed after the card is known: {@link #identify} selects the
 * application and reads what identifies the card and its member before anything the card signs, then
 * {@link #authorise} runs GET PROCESSING OPTIONS (and, for contact, the first GENERATE AC) with the amount to pay.
 * {@link #begin} is both at once, for a caller that knows the amount before the card.
 *
 * <p>Two failures only, those of the transport: {@code CardIoException} (the card left or stopped answering) and
 * {@code ReaderIoException}. A card that answers but cannot pay (no debit application, a foreign card, expired, a
 * malformed answer) is not an exception: it is a refused {@link CardIdentity} or a {@link CardDecision} of kind
 * {@link CardDecision.Kind#REFUSED} with the reason.
 */
public interface PaymentKernel {

  /**
   * Selects the debit application and reads the member data, the electronic-cash balance and, where the card gives
   * it before its processing options, the PAN. Nothing the card signs is asked for: no amount is sent.
   */
  CardIdentity identify(ApduTransport card, boolean contactless) throws TransportException;

  /**
   * Continues an {@link #identify} on the same card: gets the processing options for {@code purchase}, reads the
   * records and obtains the card's decision (a TC approves offline from electronic cash, an ARQC asks to go online,
   * an AAC declines). Once per identity; {@code purchase.contactless()} must be the identity's.
   */
  CardDecision authorise(ApduTransport card, CardIdentity identity, Purchase purchase) throws TransportException;

  /** {@link #identify} then {@link #authorise}: a purchase whose amount is known before the card. */
  default CardDecision begin(ApduTransport card, Purchase purchase) throws TransportException {
    CardIdentity id = identify(card, purchase.contactless());
    if (id.refused()) {
      return new CardDecision(CardDecision.Kind.REFUSED, id.reason(), null, -1, null, id.aid(),
          purchase.contactless(), null, null, false, new byte[0], null);
    }
    return authorise(card, id, purchase);
  }

  /**
   * Gives the issuer's answer to a card that asked to go online. A contact card gets its second GENERATE AC (with
   * the ARC and the ARPC it checks); a contactless card has left the field, so this only records the answer.
   * Called only after a decision of kind {@link CardDecision.Kind#ONLINE}.
   */
  Completion complete(ApduTransport card, CardDecision decision, IssuerAnswer answer) throws TransportException;
}
