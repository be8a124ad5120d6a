package cn.unioncard.agent.checkout;

import cn.unioncard.agent.card.ApplicationSelection;
import cn.unioncard.agent.card.GetResponseTransport;
import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.ports.card.ApduTransport;
import cn.unioncard.ports.card.TransportException;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.ResponseApdu;
import cn.unioncard.protocol.emv.EmvCommands;
import cn.unioncard.protocol.emv.EmvTags;
import cn.unioncard.protocol.tlv.BerTlv;
import cn.unioncard.protocol.tlv.Tlv;

/**
 * What an offline electronic-cash sale stores before the card's command that may move its money (docs/checkout.md,
 * step 8a), and how the card, presented again, tells whether it did: the card's transaction counter (ATC, read
 * with GET DATA {@code 9F36} just before the command) and its electronic-cash balance (read before the price,
 * {@code 9F79}) are kept in the row's detail ({@link SaleDetail#offlineIntent()}); the card's own figures now are
 * compared with them.
 */
final class OfflineIntent {
  private OfflineIntent() {}

  /** The card's figures now; either may be null (the card does not give it). */
  record CardNow(Integer atc, Long ecBalanceFen) {}

  /** What the card shows about the intent's command. */
  enum Verdict {
    /** The card's counter moved by exactly that command and its balance by exactly the amount: it paid. */
    DEBITED,
    /** The card did not run the command, or ran it without taking the amount: nothing charged. */
    NOT_DEBITED,
    /** The card cannot tell (other transactions since, or figures missing): the outcome stays unknown. */
    UNKNOWN
  }

  /** The card's ATC by GET DATA {@code 9F36}, or null when the card does not give it. */
  static Integer readAtc(ApduTransport card) throws TransportException {
    ResponseApdu r = ApplicationSelection.send(new GetResponseTransport(card), EmvCommands.getData(EmvTags.ATC));
    if (!r.isOk()) {
      return null;
    }
    try {
      return counter(EmvCommands.getDataResponse(EmvTags.ATC, r.data()).value());
    } catch (DecodeException e) {
      return null;
    }
  }

  /** The card's ATC and electronic-cash balance now, by GET DATA {@code 9F36} and {@code 9F79}. */
  static CardNow readNow(ApduTransport card) throws TransportException {
    Integer atc = readAtc(card);
    ResponseApdu r = ApplicationSelection.send(new GetResponseTransport(card),
        EmvCommands.getData(EmvTags.EC_BALANCE));
    Long balance = null;
    if (r.isOk()) {
      try {
        balance = cn.unioncard.protocol.emv.ElectronicCash.of(java.util.Collections.singletonList(
            EmvCommands.getDataResponse(EmvTags.EC_BALANCE, r.data()))).balance();
      } catch (DecodeException e) {
        balance = null;
      }
    }
    return new CardNow(atc, balance);
  }

  /**
   * The ATC of the card before the command that made {@code iccData} (its {@code 9F36} less one: a GET PROCESSING
   * OPTIONS counts the transaction), or null.
   */
  static Integer atcBefore(byte[] iccData) {
    if (iccData == null) {
      return null;
    }
    try {
      Tlv atc = BerTlv.find(BerTlv.decode(iccData), EmvTags.ATC);
      Integer n = atc == null ? null : counter(atc.value());
      return n == null ? null : n - 1;
    } catch (DecodeException e) {
      return null;
    }
  }

  private static Integer counter(byte[] v) {
    return v.length != 2 ? null : ((v[0] & 0xFF) << 8) | (v[1] & 0xFF);
  }

  /**
   * What the card shows about the intent {@code r}:
   * <ul>
   *   <li>its ATC is the one stored: the command never ran, {@link Verdict#NOT_DEBITED};
   *   <li>its ATC is one more: only that command ran since; its balance less by the amount is
   *       {@link Verdict#DEBITED}, its balance unchanged {@link Verdict#NOT_DEBITED};
   *   <li>anything else (more transactions since, a balance that moved otherwise, figures missing):
   *       {@link Verdict#UNKNOWN}.
   * </ul>
   */
  static Verdict judge(TxRecord r, CardNow now) {
    SaleDetail.Intent i = StoredResults.detail(r).offlineIntent();
    if (i == null || now.atc() == null || now.ecBalanceFen() == null || i.atc() == null || i.ecBalanceFen() == null) {
      return Verdict.UNKNOWN;
    }
    int atc = i.atc();
    long before = i.ecBalanceFen();
    long amount = i.amountFen() != null ? i.amountFen() : r.amountFen();
    if (now.atc() == atc) {
      return now.ecBalanceFen() == before ? Verdict.NOT_DEBITED : Verdict.UNKNOWN;
    }
    if (now.atc() == atc + 1) {
      if (now.ecBalanceFen() == before - amount) {
        return Verdict.DEBITED;
      }
      if (now.ecBalanceFen() == before) {
        return Verdict.NOT_DEBITED;
      }
    }
    return Verdict.UNKNOWN;
  }
}
