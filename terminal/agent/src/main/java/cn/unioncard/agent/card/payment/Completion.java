package cn.unioncard.agent.card.payment;

/**
 * How an online purchase ended on the card side.
 *
 * @param approved whether the card accepted the issuer's approval (a TC at the second GENERATE AC; always the
 *     issuer's answer for a contactless card, which has left the field)
 * @param reason when not approved, why (for example the ARPC did not verify), else null
 * @param cryptogram the second application cryptogram (9F26), null for a contactless card
 */
public record Completion(boolean approved, String reason, byte[] cryptogram) {}
