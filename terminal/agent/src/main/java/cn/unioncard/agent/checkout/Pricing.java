package cn.unioncard.agent.checkout;

import cn.unioncard.agent.store.StoreException;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.agent.store.TxRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Prices a basket for a member with the discount rules in force and the member's use of them so far. */
final class Pricing {
  private static final Logger LOG = LoggerFactory.getLogger(Checkout.class);

  private final CheckoutConfig config;
  private final RulesInForce rules;
  private final TransactionStore store;
  private final CampaignUse campaignUse;

  Pricing(CheckoutConfig config, RulesInForce rules, TransactionStore store, CampaignUse campaignUse) {
    this.config = config;
    this.rules = rules;
    this.store = store;
    this.campaignUse = campaignUse;
  }

  DiscountRules.Priced price(List<BasketItem> basket, long rest, String category, Instant now,
      String cardRef, LocalDate today) {
    DiscountRules r = rules.current();
    DiscountRules.Priced p;
    if (r == null || category == null) {
      List<DiscountRules.PricedLine> lines = new ArrayList<>();
      long sum = 0;
      for (BasketItem i : basket) {
        lines.add(new DiscountRules.PricedLine(i, Collections.<DiscountRules.Discount>emptyList(), i.lineFen(), true));
        sum += i.lineFen();
      }
      p = new DiscountRules.Priced(lines, sum, 0, sum, sum, 0, 0);
    } else {
      p = r.price(basket, config.merchantId(), config.merchantGroups(), category, now, usage(r, cardRef, today));
    }
    // what the register did not itemise is paid at its price, and the benefit may pay it
    return new DiscountRules.Priced(p.lines(), p.listFen() + rest, p.discountFen(), p.paidFen() + rest,
        p.benefitEligibleFen() + rest, p.merchantFen(), p.bankFen());
  }

  /**
   * The member's discounts so far this day and month, per rule, from this terminal's store. Read on first use: only
   * a rule with a per-member limit asks, so a basket no such rule touches costs no query.
   */
  private DiscountRules.Usage usage(DiscountRules rulesInForce, String cardRef, LocalDate today) {
    return new DiscountRules.Usage() {
      private Map<String, long[]> used;

      private long[] of(String ruleId) {
        if (used == null) {
          used = read(cardRef, today);
        }
        long[] u = used.get(ruleId);
        return u == null ? new long[2] : u;
      }

      @Override
      public long memberDayFen(String ruleId) {
        return of(ruleId)[0];
      }

      @Override
      public long memberMonthFen(String ruleId) {
        return of(ruleId)[1];
      }

      @Override
      public long budgetUsedFen(String ruleId) {
        // this terminal's own use since the document counted the budget left (docs/checkout.md, Campaign budgets)
        for (DiscountRule rule : rulesInForce.rules()) {
          if (rule.id().equals(ruleId)) {
            return campaignUse.used(rule);
          }
        }
        return CampaignUse.UNKNOWN;
      }
    };
  }

  /** Per rule: {day, month} discount given to the card, or every limit used up when the store cannot be read. */
  private Map<String, long[]> read(String cardRef, LocalDate today) {
    Map<String, long[]> used = new HashMap<>();
    try {
      for (TxRecord r : store.approvedSalesOfCard(cardRef, today.withDayOfMonth(1))) {
        for (SaleDetail.Discount d : StoredResults.discounts(r)) {
          long[] u = used.computeIfAbsent(d.rule(), x -> new long[2]);
          u[1] += d.fenOrZero();
          if (r.businessDate().equals(today)) {
            u[0] += d.fenOrZero();
          }
        }
      }
      return used;
    } catch (StoreException e) {
      LOG.warn("discount use of the card cannot be read: {}; its per-member limits count as used up", e.getMessage());
      final long all = Long.MAX_VALUE / 4;
      return new HashMap<String, long[]>() {
        private static final long serialVersionUID = 1L;

        @Override
        public long[] get(Object key) {
          return new long[] {all, all};
        }
      };
    }
  }
}
