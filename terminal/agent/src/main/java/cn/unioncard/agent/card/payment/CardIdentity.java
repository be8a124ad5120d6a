package cn.unioncard.agent.card.payment;

import cn.unioncard.protocol.emv.Pan;
import cn.unioncard.protocol.member.MemberData;

/**
 * What the kernel learnt of a card before its processing options, when nothing the card signs has been asked yet
 * ({@link PaymentKernel#identify}): the application, the member data, the electronic-cash balance and, when the card
 * gives it before GET PROCESSING OPTIONS, the PAN. The checkout prices the basket with it, then asks
 * {@link PaymentKernel#authorise} for the amount to pay.
 *
 * @param reason why the card cannot pay ({@code card_not_accepted}, ...; docs/card-payment.md), null when it can
 * @param aid the selected application, null for a refusal
 * @param contactless whether the card is in a contactless field (qPBOC) rather than a contact slot (PBOC 3.0)
 * @param pan the PAN from the card's first record read before GET PROCESSING OPTIONS, or null when the card did
 *     not give it then (the decision carries it after {@code authorise})
 * @param member the union's member data on the card (BF51), null for a non-member card
 * @param ecBalanceFen the electronic-cash balance (9F79), null when the card has none
 * @param kernelState what {@code authorise} continues from, opaque to the caller, used once
 */
public record CardIdentity(
    String reason, String aid, boolean contactless, Pan pan, MemberData member, Long ecBalanceFen,
    Object kernelState) {

  /** Whether the card cannot pay (no accepted application, an FCI that does not read). */
  public boolean refused() {
    return reason != null;
  }

  @Override
  public String toString() {
    return "CardIdentity[" + (reason == null ? "" : reason + ", ") + "pan=" + (pan == null ? "-" : pan.masked())
        + ", aid=" + aid + "]";
  }
}
