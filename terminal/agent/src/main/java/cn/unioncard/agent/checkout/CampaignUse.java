package cn.unioncard.agent.checkout;

import cn.unioncard.agent.store.StoreException;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.agent.store.TxRecord;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * This terminal's own use of each campaign's budget since the rules document counted what was left of it
 * ({@link DiscountRule#budgetAsOf()}; docs/checkout.md, Campaign budgets): the discounts of its approved sales begun
 * since then. Read from the store once per "as of" moment (a restart reads it again), then counted on in memory as
 * sales are approved. A voided sale's discount stays counted until the next read: the bound errs on the safe side.
 */
final class CampaignUse {
  /** What a store that cannot be read counts as: the budget used up. */
  static final long UNKNOWN = Long.MAX_VALUE / 4;

  private final TransactionStore store;
  /** Per "as of" moment: per rule id, the discount given since then. */
  private final Map<Instant, Map<String, Long>> since = new HashMap<>();

  CampaignUse(TransactionStore store) {
    this.store = store;
  }

  /** The discount this terminal gave by {@code rule} since {@code rule.budgetAsOf()}, in fen. */
  synchronized long used(DiscountRule rule) {
    Map<String, Long> m = since.get(rule.budgetAsOf());
    if (m == null) {
      try {
        m = read(rule.budgetAsOf());
      } catch (StoreException e) {
        return UNKNOWN; // not kept: read again at the next sale
      }
      since.put(rule.budgetAsOf(), m);
    }
    Long fen = m.get(rule.id());
    return fen == null ? 0 : fen;
  }

  /** Counts the discounts of a sale just approved (stored), for every moment already read. */
  synchronized void given(DiscountRules.Priced priced) {
    if (since.isEmpty() || priced.discountFen() == 0) {
      return;
    }
    for (DiscountRules.PricedLine line : priced.lines()) {
      for (DiscountRules.Discount d : line.discounts()) {
        for (Map<String, Long> m : since.values()) {
          m.merge(d.ruleId(), d.fen(), Long::sum);
        }
      }
    }
  }

  private Map<String, Long> read(Instant from) throws StoreException {
    Map<String, Long> m = new HashMap<>();
    for (TxRecord r : store.approvedSalesSince(from)) {
      for (SaleDetail.Discount d : StoredResults.discounts(r)) {
        m.merge(d.rule(), d.fenOrZero(), Long::sum);
      }
    }
    return m;
  }
}
