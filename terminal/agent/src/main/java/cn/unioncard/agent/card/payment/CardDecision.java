package cn.unioncard.agent.card.payment;

import cn.unioncard.protocol.emv.Pan;
import cn.unioncard.protocol.member.MemberData;
import java.time.LocalDate;

/**
 * The card's answer to a purchase, and what the terminal learnt reading it.
 *
 * @param kind the decision
 * @param reason why the card refused or declined (a short code, for the register and the store), else null
 * @param pan the card number (never logged or stored in clear: {@code Pan#masked()}), null when not read
 * @param panSequence the PAN sequence number (5F34), or -1 when the card has none
 * @param expiry the application expiration date, null when not read
 * @param aid the selected application
 * @param contactless whether the card was read over the contactless interface
 * @param member the union's member data on the card (BF51), null for a non-member card
 * @param ecBalanceFen the electronic-cash balance after the decision, null when the card has none
 * @param onlinePinRequired whether the card's cardholder verification asks for an online PIN
 * @param iccData the BER-TLV data objects the bank's authorisation needs (9F26, 9F27, 9F10, 9F37, 9F36, 95, 9A,
 *     9C, 9F02, 5F2A, 82, 9F1A, 5F34 and the rest the issuer checks), empty for a refusal
 * @param kernelState what {@link PaymentKernel#complete} needs to finish, opaque to the caller
 */
public record CardDecision(
    Kind kind,
    String reason,
    Pan pan,
    int panSequence,
    LocalDate expiry,
    String aid,
    boolean contactless,
    MemberData member,
    Long ecBalanceFen,
    boolean onlinePinRequired,
    byte[] iccData,
    Object kernelState) {

  public enum Kind {
    /** TC: approved offline, paid from the card's electronic cash. */
    OFFLINE_APPROVED,
    /** ARQC: the card asks for the issuer's authorisation. */
    ONLINE,
    /** AAC: the card declined. */
    DECLINED,
    /** Not a card this terminal can take (no UnionPay debit application, a foreign card, expired, unreadable). */
    REFUSED
  }

  /**
   * The reason's code, without its detail: a reason is a code ({@code card_not_accepted}, {@code card_expired},
   * ...; docs/card-payment.md lists them), optionally followed by {@code ": "} and what exactly was wrong. Null
   * when there is no reason.
   */
  public String reasonCode() {
    if (reason == null) {
      return null;
    }
    int colon = reason.indexOf(':');
    return colon < 0 ? reason : reason.substring(0, colon);
  }

  @Override
  public String toString() {
    return "CardDecision[" + kind + (reason == null ? "" : " " + reason)
        + ", pan=" + (pan == null ? "-" : pan.masked()) + ", aid=" + aid + "]";
  }
}
