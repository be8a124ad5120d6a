package cn.unioncard.agent.card.payment;

import cn.unioncard.agent.card.ApduTransport;
import cn.unioncard.agent.card.TransportException;

/**
 * A purchase on the card's UnionPay debit application, one per tap or insertion: the card side of a checkout.
 * Contactless cards follow qPBOC (the card decides at GET PROCESSING OPTIONS, one tap, no second GENERATE AC);
 * contact cards follow PBOC 3.0 (first GENERATE AC, and a second one with the issuer's answer).
 *
 * <p>Two failures only, those of the transport: {@code CardIoException} (the card left or stopped answering) and
 * {@code ReaderIoException}. A card that answers but cannot pay (no debit application, a foreign card, expired, a
 * malformed answer) is not an exception: it is a {@link CardDecision} of kind {@link CardDecision.Kind#REFUSED}
 * with the reason.
 */
public interface PaymentKernel {

  /**
   * Selects the debit application, gets its processing options for {@code purchase}, reads the records and the
   * member data, and obtains the card's decision (a TC approves offline from electronic cash, an ARQC asks to go
   * online, an AAC declines).
   */
  CardDecision begin(ApduTransport card, Purchase purchase) throws TransportException;

  /**
   * Gives the issuer's answer to a card that asked to go online. A contact card gets its second GENERATE AC (with
   * the ARC and the ARPC it checks); a contactless card has left the field, so this only records the answer.
   * Called only after a decision of kind {@link CardDecision.Kind#ONLINE}.
   */
  Completion complete(ApduTransport card, CardDecision decision, IssuerAnswer answer) throws TransportException;
}
