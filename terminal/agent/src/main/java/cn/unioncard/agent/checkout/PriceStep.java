package cn.unioncard.agent.checkout;

import cn.unioncard.agent.event.SaleStep;
import cn.unioncard.protocol.ecr.Result;
import java.time.Clock;
import java.time.LocalDate;

/**
 * The price with the discount rules in force, its split between the benefit and the debit account, and whether the
 * card may pay it offline from its electronic cash.
 */
final class PriceStep implements SaleSteps.Step {
  private final CheckoutConfig config;
  private final Pricing pricing;
  private final CardFactsCache cardFacts;
  private final OfflineLimitGuard guard;
  private final Clock clock;

  PriceStep(CheckoutConfig config, Pricing pricing, CardFactsCache cardFacts, OfflineLimitGuard guard, Clock clock) {
    this.config = config;
    this.pricing = pricing;
    this.cardFacts = cardFacts;
    this.guard = guard;
    this.clock = clock;
  }

  @Override
  public SaleStep name() {
    return SaleStep.PRICE;
  }

  @Override
  public Result run(SaleInProgress s) {
    s.now = clock.instant();
    s.today = LocalDate.now(clock.withZone(config.zone()));
    s.priced = pricing.price(s.basket, s.rest, s.category, s.now, s.cardRef, s.today);
    s.paid = s.priced.paidFen();
    s.benefit = 0;
    if (s.category != null && !s.request.debitOnly() && s.priced.benefitEligibleFen() > 0) {
      s.benefit = Math.min(s.priced.benefitEligibleFen(), cardFacts.benefitAvailable(s.cardRef));
    }
    s.debit = s.paid - s.benefit;
    OfflineLimits limits = guard.limits();
    s.offlineAllowed = s.benefit == 0 && limits.maxOfflineSaleFen() > 0 && s.paid <= limits.maxOfflineSaleFen()
        && s.id.ecBalanceFen() != null && s.id.ecBalanceFen() >= s.paid;
    return null;
  }
}
