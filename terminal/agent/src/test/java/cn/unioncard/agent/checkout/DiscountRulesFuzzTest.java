package cn.unioncard.agent.checkout;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Collections;
import java.util.List;

/** Any bytes: usable rules or a RulesException naming the field; usable rules price a basket within its sums. */
class DiscountRulesFuzzTest {
  @FuzzTest
  void parse(byte[] bytes) {
    DiscountRules rules;
    try {
      rules = DiscountRules.parse(bytes);
    } catch (RulesException expected) {
      return;
    }
    for (DiscountRule r : rules.rules()) {
      for (String m : r.merchants()) {
        DiscountRules.Priced p = rules.price(
            List.of(new BasketItem("X", "x", "c", 3, 333, 999)), m, Collections.emptySet(), "model_worker",
            r.validFrom(), DiscountRules.Usage.NONE);
        if (p.paidFen() + p.discountFen() != 999 || p.paidFen() < 0 || p.merchantFen() + p.bankFen() != p.discountFen()) {
          throw new AssertionError(p.toString());
        }
      }
    }
  }
}
