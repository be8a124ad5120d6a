package cn.unioncard.agent.checkout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.agent.checkout.DiscountRules.Priced;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Pricing baskets with the union's rules: the union's own examples, choice, stacking, limits, funding. */
class DiscountRulesTest {
  static final Instant NOW = Instant.parse("2026-11-23T03:00:00Z");
  static final Set<String> NO_GROUPS = Collections.emptySet();
  static final String M = "M000123";

  static final String RULES = "{\"version\": 5, \"rules\": ["
      // the union's report: 25 kg of flour 97.00 -> 91.00 for members, merchant and bank share the 6.00
      + rule("FLOUR", "{\"item_codes\": [\"6901234567890\"]}", "{\"amount_off_fen\": 600}", "", 50, "")
      // a suitcase 410.00 -> 345.00: a member price, funded by the bank alone
      + "," + rule("SUITCASE", "{\"item_codes\": [\"SC-2411\"]}", "{\"member_price_fen\": 34500}", "", 0, "")
      // 10% off groceries, at most 20.00 a transaction
      + "," + rule("GROCERY10", "{\"categories\": [\"grocery\"]}", "{\"percent_off\": 10}",
          ", \"limits\": {\"per_transaction_fen\": 2000}", 100, "")
      // model workers: 5% more on everything, on top of the best other rule; not payable from the benefit
      + "," + rule("MW5", "{\"all\": true}", "{\"percent_off\": 5}", ", \"members\": [\"model_worker\"]", 100,
          ", \"stacking\": true, \"benefit_pays\": false")
      + "]}";

  static String rule(String id, String appliesTo, String form, String extra, int merchantPercent, String tail) {
    return "{\"id\": \"" + id + "\", \"description\": \"" + id + " offer\", \"merchants\": [\"" + M + "\"],"
        + " \"applies_to\": " + appliesTo + ", \"form\": " + form + extra + ","
        + " \"valid_from\": \"2026-11-01T00:00:00+08:00\", \"valid_until\": \"2026-12-01T00:00:00+08:00\","
        + " \"funding\": {\"merchant_percent\": " + merchantPercent + "}" + tail + "}";
  }

  static DiscountRules rules() throws RulesException {
    return DiscountRules.parse(RULES.getBytes(StandardCharsets.UTF_8));
  }

  static final BasketItem FLOUR = BasketItem.of("6901234567890", "面粉 25kg", "grain", 9700);
  /** The same flour filed under groceries, where a second rule covers it too. */
  static final BasketItem GROCERY_FLOUR = BasketItem.of("6901234567890", "面粉 25kg", "grocery", 9700);
  static final BasketItem SUITCASE = BasketItem.of("SC-2411", "旅行箱", "luggage", 41000);

  @Test
  void theUnionsOwnExamples() throws Exception {
    Priced flour = rules().price(List.of(FLOUR), M, NO_GROUPS, "ordinary", NOW, DiscountRules.Usage.NONE);
    assertEquals(9100, flour.paidFen(), "flour 97.00 -> 91.00");
    assertEquals("FLOUR", flour.lines().get(0).discounts().get(0).ruleId());
    assertEquals(300, flour.merchantFen());
    assertEquals(300, flour.bankFen());
    Priced suitcase = rules().price(List.of(SUITCASE), M, NO_GROUPS, "ordinary", NOW, DiscountRules.Usage.NONE);
    assertEquals(34500, suitcase.paidFen(), "suitcase 410.00 -> 345.00");
    assertEquals(6500, suitcase.bankFen());
    assertEquals(0, suitcase.merchantFen());
  }

  @Test
  void aNonMemberAnotherMerchantOrAnotherTimeGetsNoDiscount() throws Exception {
    assertEquals(9700, rules().price(List.of(FLOUR), M, NO_GROUPS, null, NOW, DiscountRules.Usage.NONE).paidFen());
    assertEquals(9700, rules().price(List.of(FLOUR), "M999", NO_GROUPS, "ordinary", NOW, DiscountRules.Usage.NONE).paidFen());
    assertEquals(9700, rules().price(List.of(FLOUR), M, NO_GROUPS, "ordinary", Instant.parse("2026-12-01T00:00:00+08:00"),
        DiscountRules.Usage.NONE).paidFen(), "valid_until is exclusive");
  }

  @Test
  void theBestRuleForTheMemberWinsAndStackingRulesAddOn() throws Exception {
    // rice: only GROCERY10 covers it
    BasketItem rice = BasketItem.of("RICE", "大米", "grocery", 5000);
    Priced p = rules().price(List.of(rice), M, NO_GROUPS, "ordinary", NOW, DiscountRules.Usage.NONE);
    assertEquals(4500, p.paidFen());
    // flour: FLOUR gives 6.00, GROCERY10 gives 9.70: the member gets 9.70
    Priced f = rules().price(List.of(GROCERY_FLOUR), M, NO_GROUPS, "ordinary", NOW, DiscountRules.Usage.NONE);
    assertEquals(8730, f.paidFen());
    assertEquals("GROCERY10", f.lines().get(0).discounts().get(0).ruleId());
    // a model worker: 9.70 off, then 5% of the 87.30 left (4.365 -> 4.37, half up)
    Priced mw = rules().price(List.of(GROCERY_FLOUR), M, NO_GROUPS, "model_worker", NOW, DiscountRules.Usage.NONE);
    assertEquals(2, mw.lines().get(0).discounts().size());
    assertEquals(437, mw.lines().get(0).discounts().get(1).fen());
    assertEquals(8730 - 437, mw.paidFen());
    assertFalse(mw.lines().get(0).benefitMayPay());
    assertEquals(0, mw.benefitEligibleFen());
  }

  @Test
  void perTransactionLimitSpansTheLines() throws Exception {
    List<BasketItem> basket = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      basket.add(BasketItem.of("OIL" + i, "油", "grocery", 10000));
    }
    Priced p = rules().price(basket, M, NO_GROUPS, "ordinary", NOW, DiscountRules.Usage.NONE);
    assertEquals(2000, p.discountFen(), "10.00 + 10.00, then the 20.00 limit is reached");
    assertEquals(0, p.lines().get(2).discounts().size());
  }

  @Test
  void perMemberAndBudgetLimitsCountWhatWasAlreadyGiven() throws Exception {
    String doc = "{\"version\": 1, \"rules\": [" + rule("R", "{\"all\": true}", "{\"amount_off_fen\": 1000}",
        ", \"limits\": {\"per_member_day_fen\": 1500, \"per_member_month_fen\": 5000, \"budget_fen\": 100000}", 50, "")
        + "]}";
    DiscountRules r = DiscountRules.parse(doc.getBytes(StandardCharsets.UTF_8));
    BasketItem item = BasketItem.of("X", "x", "c", 3000);
    assertEquals(1000, r.price(List.of(item), M, NO_GROUPS, "ordinary", NOW, DiscountRules.Usage.NONE).discountFen());
    assertEquals(500, r.price(List.of(item), M, NO_GROUPS, "ordinary", NOW, usage(1000, 1000, 0)).discountFen(),
        "1500 a day, 1000 given today: 500 left");
    assertEquals(200, r.price(List.of(item), M, NO_GROUPS, "ordinary", NOW, usage(0, 4800, 0)).discountFen());
    assertEquals(0, r.price(List.of(item), M, NO_GROUPS, "ordinary", NOW, usage(0, 0, 100000)).discountFen());
    assertEquals(0, r.price(List.of(item), M, NO_GROUPS, "ordinary", NOW, usage(0, 0, 200000)).discountFen(),
        "an overspent budget gives nothing, never a negative discount");
  }

  @Test
  void theBudgetRemainingAsOfTheDocumentsIssueIsWhatTheTerminalSpendsFrom() throws Exception {
    String doc = "{\"version\": 2, \"issued_at\": \"2026-11-23T08:00:00+08:00\", \"rules\": ["
        + rule("R", "{\"all\": true}", "{\"amount_off_fen\": 1000}",
            ", \"limits\": {\"budget_fen\": 100000, \"budget_remaining_fen\": 1500}", 50, "")
        + "," + rule("S", "{\"item_codes\": [\"none\"]}", "{\"amount_off_fen\": 1}",
            ", \"limits\": {\"budget_fen\": 5000}", 50, "")
        + "]}";
    DiscountRules r = DiscountRules.parse(doc.getBytes(StandardCharsets.UTF_8));
    DiscountRule rule = r.rules().get(0);
    assertEquals(1500, rule.budgetRemainingFen());
    assertEquals(Instant.parse("2026-11-23T00:00:00Z"), rule.budgetAsOf(), "as of the document's issue");
    DiscountRule noFigure = r.rules().get(1);
    assertEquals(5000, noFigure.budgetRemainingFen(), "without a figure: the whole budget");
    assertEquals(noFigure.validFrom(), noFigure.budgetAsOf(), "counted from the campaign's start");
    BasketItem item = BasketItem.of("X", "x", "c", 3000);
    assertEquals(1000, r.price(List.of(item), M, NO_GROUPS, "ordinary", NOW, usage(0, 0, 0)).discountFen());
    assertEquals(500, r.price(List.of(item), M, NO_GROUPS, "ordinary", NOW, usage(0, 0, 1000)).discountFen(),
        "15.00 left at issue, 10.00 given here since: 5.00");
    assertEquals(0, r.price(List.of(item), M, NO_GROUPS, "ordinary", NOW, usage(0, 0, 1500)).discountFen());
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
    "\"budget_fen\": 1000, \"budget_remaining_fen\": 1001|discount rules: rules[0].limits.budget_remaining_fen: must not be more than budget_fen",
    "\"budget_remaining_fen\": 10|discount rules: rules[0].limits.budget_remaining_fen: needs budget_fen",
    "\"budget_fen\": 1000, \"budget_remaining_fen\": -1|discount rules: rules[0].limits.budget_remaining_fen: must be a whole number from 0 to 100000000000",
  })
  void aRemainingBudgetIsCheckedAndNeedsTheIssueTime(String limits, String message) {
    String doc = "{\"version\": 1, \"issued_at\": \"2026-11-23T08:00:00+08:00\", \"rules\": ["
        + rule("R", "{\"all\": true}", "{\"amount_off_fen\": 1}", ", \"limits\": {" + limits + "}", 50, "") + "]}";
    RulesException e = assertThrows(RulesException.class, () -> DiscountRules.parse(doc.getBytes(StandardCharsets.UTF_8)));
    assertEquals(message, e.getMessage());
    String undated = "{\"version\": 1, \"rules\": [" + rule("R", "{\"all\": true}", "{\"amount_off_fen\": 1}",
        ", \"limits\": {\"budget_fen\": 1000, \"budget_remaining_fen\": 10}", 50, "") + "]}";
    assertEquals("discount rules: issued_at: a document that says a budget_remaining_fen says when: issued_at",
        assertThrows(RulesException.class, () -> DiscountRules.parse(undated.getBytes(StandardCharsets.UTF_8)))
            .getMessage());
  }

  @Test
  void merchantGroupsQualify() throws Exception {
    String doc = "{\"version\": 1, \"rules\": [{\"id\": \"G\", \"description\": \"g\", \"merchant_groups\": [\"SUPERMARKETS\"],"
        + " \"applies_to\": {\"all\": true}, \"form\": {\"percent_off\": 50}, \"valid_from\": \"2026-01-01T00:00+08:00\","
        + " \"valid_until\": \"2027-01-01T00:00+08:00\", \"funding\": {\"merchant_percent\": 50}}]}";
    DiscountRules r = DiscountRules.parse(doc.getBytes(StandardCharsets.UTF_8));
    BasketItem odd = BasketItem.of("Y", "y", "c", 333);
    Priced p = r.price(List.of(odd), "M7", Set.of("SUPERMARKETS"), "ordinary", NOW, DiscountRules.Usage.NONE);
    assertEquals(167, p.discountFen(), "50% of 3.33 is 1.665 -> 1.67, half up");
    assertEquals(84, p.merchantFen(), "half of 1.67 is 0.835 -> 0.84 for the merchant");
    assertEquals(83, p.bankFen());
    assertEquals(333, r.price(List.of(odd), "M7", NO_GROUPS, "ordinary", NOW, DiscountRules.Usage.NONE).paidFen());
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
    "[]|discount rules: must be a JSON object",
    "{\"version\": 1}|discount rules: rules: must be a list",
    "{\"version\": 1, \"rules\": [{}]}|discount rules: rules[0].id: must be a non-empty string",
    "{\"version\": 1, \"rules\": [{\"id\": \"A\", \"description\": \"a\"}]}|discount rules: rules[0].merchants: a rule names at least one merchant or merchant group",
    "{\"version\": 1, \"rules\": [{\"id\": \"A\", \"description\": \"a\", \"merchants\": [\"M\"], \"applies_to\": {}}]}|discount rules: rules[0].applies_to: names no goods",
    "{\"version\": 1, \"rules\": [{\"id\": \"A\", \"description\": \"a\", \"merchants\": [\"M\"], \"applies_to\": {\"all\": true}, \"form\": {\"percent_off\": 120}}]}|discount rules: rules[0].form.percent_off: must be a whole number from 1 to 100",
    "{\"version\": 1, \"rules\": [{\"id\": \"A\", \"description\": \"a\", \"merchants\": [\"M\"], \"applies_to\": {\"all\": true}, \"form\": {\"half_price\": 1}}]}|discount rules: rules[0].form: must be one of percent_off, amount_off_fen, member_price_fen, price_cap_fen",
    "{\"version\": 1, \"rules\": [{\"id\": \"A\", \"description\": \"a\", \"merchants\": [\"M\"], \"applies_to\": {\"all\": true}, \"form\": {\"percent_off\": 5}, \"valid_from\": \"yesterday\"}]}|discount rules: rules[0].valid_from: must be a date and time with its offset, like 2026-11-01T00:00+08:00",
  })
  void malformedRulesNameTheField(String json, String message) {
    RulesException e = assertThrows(RulesException.class, () -> DiscountRules.parse(json.getBytes(StandardCharsets.UTF_8)));
    assertEquals(message, e.getMessage());
  }

  @Test
  void aRuleIdUsedTwiceIsRefused() {
    String doc = "{\"version\": 1, \"rules\": [" + rule("A", "{\"all\": true}", "{\"percent_off\": 5}", "", 0, "") + ","
        + rule("A", "{\"all\": true}", "{\"percent_off\": 6}", "", 0, "") + "]}";
    RulesException e = assertThrows(RulesException.class, () -> DiscountRules.parse(doc.getBytes(StandardCharsets.UTF_8)));
    assertEquals("discount rules: rules[1].id: 'A' is used twice", e.getMessage());
  }

  /** Seeded baskets: the sums hold, no line goes below zero, and the document's rule order changes nothing. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void pricingKeepsItsSums(long seed) throws Exception {
    Random r = new Random(seed);
    DiscountRules rules = rules();
    String reversed = "{\"version\": 5, \"rules\": ["
        + rule("MW5", "{\"all\": true}", "{\"percent_off\": 5}", ", \"members\": [\"model_worker\"]", 100,
            ", \"stacking\": true, \"benefit_pays\": false")
        + "," + rule("GROCERY10", "{\"categories\": [\"grocery\"]}", "{\"percent_off\": 10}",
            ", \"limits\": {\"per_transaction_fen\": 2000}", 100, "")
        + "," + rule("SUITCASE", "{\"item_codes\": [\"SC-2411\"]}", "{\"member_price_fen\": 34500}", "", 0, "")
        + "," + rule("FLOUR", "{\"item_codes\": [\"6901234567890\"]}", "{\"amount_off_fen\": 600}", "", 50, "")
        + "]}";
    DiscountRules shuffled = DiscountRules.parse(reversed.getBytes(StandardCharsets.UTF_8));
    List<BasketItem> basket = new ArrayList<>();
    String[] categories = {"grocery", "luggage", "toys"};
    for (int i = 0, n = 1 + r.nextInt(8); i < n; i++) {
      int pick = r.nextInt(4);
      int qty = 1 + r.nextInt(3);
      long unit = pick == 0 ? 9700 : pick == 1 ? 41000 : 1 + r.nextInt(50000);
      String code = pick == 0 ? "6901234567890" : pick == 1 ? "SC-2411" : "I" + r.nextInt(100);
      basket.add(new BasketItem(code, code, pick == 0 ? "grocery" : categories[r.nextInt(3)], qty, unit, unit * qty));
    }
    String category = r.nextBoolean() ? "model_worker" : r.nextBoolean() ? "ordinary" : null;
    Priced p = rules.price(basket, M, NO_GROUPS, category, NOW, DiscountRules.Usage.NONE);
    assertEquals(p, shuffled.price(basket, M, NO_GROUPS, category, NOW, DiscountRules.Usage.NONE));
    assertEquals(p.listFen(), p.paidFen() + p.discountFen());
    assertEquals(p.discountFen(), p.merchantFen() + p.bankFen());
    assertTrue(p.benefitEligibleFen() <= p.paidFen());
    Set<String> seen = new HashSet<>();
    for (DiscountRules.PricedLine l : p.lines()) {
      assertTrue(l.paidFen() >= 0 && l.paidFen() <= l.item().lineFen(), l.toString());
      long d = 0;
      for (DiscountRules.Discount x : l.discounts()) {
        d += x.fen();
        assertTrue(x.fen() > 0);
        seen.add(x.ruleId());
      }
      assertEquals(l.item().lineFen(), l.paidFen() + d);
    }
    if (category == null) {
      assertTrue(seen.isEmpty(), "a card that is not a member's gets no discount");
    }
  }

  static DiscountRules.Usage usage(long day, long month, long budget) {
    return new DiscountRules.Usage() {
      @Override
      public long memberDayFen(String ruleId) {
        return day;
      }

      @Override
      public long memberMonthFen(String ruleId) {
        return month;
      }

      @Override
      public long budgetUsedFen(String ruleId) {
        return budget;
      }
    };
  }
}
