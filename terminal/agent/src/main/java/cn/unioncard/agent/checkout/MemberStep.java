package cn.unioncard.agent.checkout;

import cn.unioncard.agent.event.SaleStep;
import cn.unioncard.protocol.ecr.Result;
import java.util.Locale;

/** The member category: on the card, or by the PAN's keyed hash at the bank (cached). */
final class MemberStep implements SaleSteps.Step {
  private final CardFactsCache cardFacts;

  MemberStep(CardFactsCache cardFacts) {
    this.cardFacts = cardFacts;
  }

  @Override
  public SaleStep name() {
    return SaleStep.MEMBER;
  }

  @Override
  public Result run(SaleInProgress s) {
    s.category = s.id.member() != null
        ? s.id.member().category().name().toLowerCase(Locale.ROOT)
        : cardFacts.member(s.cardRef);
    return null;
  }
}
