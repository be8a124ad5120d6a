package cn.unioncard.agent.store;

import java.time.Instant;

/**
 * What the checkout last learnt of a card from the bank (docs/checkout.md, members and the last known balance).
 *
 * @param memberAt when the member look-up was made, null when none is kept
 * @param memberCategory the member's category then, null for "not a member" (or no look-up kept)
 * @param benefitFen the benefit balance the bank last told, null when none is kept
 * @param benefitAt when it told it, null when none is kept
 */
public record CardFacts(String cardRef, Instant memberAt, String memberCategory, Long benefitFen, Instant benefitAt) {}
