package cn.unioncard.agent.checkout;

import cn.unioncard.protocol.Money;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The union's discount rules in force (the content of the signed reference data of kind {@code discount-rules}),
 * and the pricing of a basket with them. The format and the rules of choice and rounding are in
 * {@code docs/discounts.md}. Immutable; pricing takes microseconds and touches nothing but its arguments.
 */
public final class DiscountRules {
  /** What a member has already received from a rule, counted from the store (and the bank when online). */
  public interface Usage {
    /** Discount already given to this member by the rule today, in fen. */
    long memberDayFen(String ruleId);

    /** Discount already given to this member by the rule this month, in fen. */
    long memberMonthFen(String ruleId);

    /**
     * Discount this terminal has given by the rule since its {@link DiscountRule#budgetAsOf()} (approved sales in its
     * store), in fen: what the terminal takes off the budget remaining by the bank's count.
     */
    long budgetUsedFen(String ruleId);

    /** No use yet. */
    Usage NONE = new Usage() {
      @Override
      public long memberDayFen(String ruleId) {
        return 0;
      }

      @Override
      public long memberMonthFen(String ruleId) {
        return 0;
      }

      @Override
      public long budgetUsedFen(String ruleId) {
        return 0;
      }
    };
  }

  /** A discount given on a line, and who funds it. */
  public record Discount(String ruleId, String description, long fen, long merchantFen, long bankFen) {}

  /** A priced line: what it listed at, its discounts, what the member pays, and whether the benefit may pay it. */
  public record PricedLine(BasketItem item, List<Discount> discounts, long paidFen, boolean benefitMayPay) {}

  /** A priced basket. */
  public record Priced(List<PricedLine> lines, long listFen, long discountFen, long paidFen, long benefitEligibleFen,
      long merchantFen, long bankFen) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final long version;
  private final List<DiscountRule> rules;

  private DiscountRules(long version, List<DiscountRule> rules) {
    this.version = version;
    this.rules = rules;
  }

  public long version() {
    return version;
  }

  public List<DiscountRule> rules() {
    return rules;
  }

  /**
   * Prices a basket for a member at a merchant.
   *
   * @param memberCategory the member's category, or null for a card that is not a member's (no discount)
   */
  public Priced price(List<BasketItem> basket, String merchantId, Set<String> merchantGroups, String memberCategory,
      Instant at, Usage usage) {
    List<DiscountRule> live = new ArrayList<>();
    for (DiscountRule r : rules) {
      if (r.appliesTo(merchantId, merchantGroups, memberCategory, at)) {
        live.add(r);
      }
    }
    Map<String, Long> left = new HashMap<>();
    for (DiscountRule r : live) {
      left.put(r.id(), allowance(r, usage));
    }
    List<PricedLine> lines = new ArrayList<>();
    long list = 0;
    long discount = 0;
    long paid = 0;
    long eligible = 0;
    long merchant = 0;
    long bank = 0;
    for (BasketItem item : basket) {
      List<Discount> given = new ArrayList<>();
      long remaining = item.lineFen();
      boolean benefitMayPay = true;
      // the best competing rule for the member, after limits; ties go to the smaller rule id
      DiscountRule best = null;
      long bestFen = 0;
      for (DiscountRule r : live) {
        if (!r.stacking() && r.covers(item)) {
          long d = Math.min(r.discountOn(item.unitPriceFen(), item.quantity(), remaining), left.get(r.id()));
          if (d > bestFen || (d == bestFen && d > 0 && r.id().compareTo(best.id()) < 0)) {
            best = r;
            bestFen = d;
          }
        }
      }
      List<DiscountRule> applied = new ArrayList<>();
      if (best != null) {
        applied.add(best);
      }
      for (DiscountRule r : live) {
        if (r.stacking() && r.covers(item)) {
          applied.add(r);
        }
      }
      for (DiscountRule r : applied) {
        long d = Math.min(r.discountOn(item.unitPriceFen(), item.quantity(), remaining), left.get(r.id()));
        if (d <= 0) {
          continue;
        }
        left.put(r.id(), left.get(r.id()) - d);
        remaining -= d;
        long m = Money.percentOf(d, r.merchantPercent());
        given.add(new Discount(r.id(), r.description(), d, m, d - m));
        merchant += m;
        bank += d - m;
        discount += d;
        benefitMayPay &= r.benefitPays();
      }
      for (DiscountRule r : live) {
        if (!r.benefitPays() && r.covers(item)) {
          benefitMayPay = false;
        }
      }
      list += item.lineFen();
      paid += remaining;
      if (benefitMayPay) {
        eligible += remaining;
      }
      lines.add(new PricedLine(item, Collections.unmodifiableList(given), remaining, benefitMayPay));
    }
    return new Priced(Collections.unmodifiableList(lines), list, discount, paid, eligible, merchant, bank);
  }

  private static long allowance(DiscountRule r, Usage usage) {
    long a = Long.MAX_VALUE;
    if (r.perTransactionFen() > 0) {
      a = Math.min(a, r.perTransactionFen());
    }
    if (r.perMemberDayFen() > 0) {
      a = Math.min(a, r.perMemberDayFen() - usage.memberDayFen(r.id()));
    }
    if (r.perMemberMonthFen() > 0) {
      a = Math.min(a, r.perMemberMonthFen() - usage.memberMonthFen(r.id()));
    }
    if (r.budgetFen() > 0) {
      a = Math.min(a, r.budgetRemainingFen() - usage.budgetUsedFen(r.id()));
    }
    return Math.max(0, a);
  }

  // ---------------------------------------------------------------------------------------------------------------

  /**
   * Reads the rules document.
   *
   * @throws RulesException naming the field at fault
   */
  public static DiscountRules parse(byte[] json) throws RulesException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JacksonException e) {
      throw new RulesException("", "not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new RulesException("", "cannot be read: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new RulesException("", "must be a JSON object");
    }
    long version = whole(root, "version", "", 1, 0xFFFFFFFFL);
    Instant issuedAt = root.has("issued_at") ? instant(root, "issued_at", "") : null;
    JsonNode list = root.get("rules");
    if (list == null || !list.isArray()) {
      throw new RulesException("rules", "must be a list");
    }
    List<DiscountRule> rules = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      DiscountRule r = rule(list.get(i), "rules[" + i + "]", issuedAt);
      if (!ids.add(r.id())) {
        throw new RulesException("rules[" + i + "].id", "'" + r.id() + "' is used twice");
      }
      rules.add(r);
    }
    rules.sort(Comparator.comparing(DiscountRule::id));
    return new DiscountRules(version, Collections.unmodifiableList(rules));
  }

  private static DiscountRule rule(JsonNode n, String path, Instant issuedAt) throws RulesException {
    if (n == null || !n.isObject()) {
      throw new RulesException(path, "must be an object");
    }
    String id = text(n, "id", path);
    String description = text(n, "description", path);
    Set<String> merchants = strings(n, "merchants", path);
    Set<String> groups = strings(n, "merchant_groups", path);
    if (merchants.isEmpty() && groups.isEmpty()) {
      throw new RulesException(path + ".merchants", "a rule names at least one merchant or merchant group");
    }
    JsonNode to = n.get("applies_to");
    if (to == null || !to.isObject()) {
      throw new RulesException(path + ".applies_to", "must be an object: {\"all\": true}, item_codes or categories");
    }
    String tp = path + ".applies_to";
    boolean all = to.has("all") && bool(to, "all", tp);
    Set<String> codes = strings(to, "item_codes", tp);
    Set<String> categories = strings(to, "categories", tp);
    if (!all && codes.isEmpty() && categories.isEmpty()) {
      throw new RulesException(tp, "names no goods");
    }
    Set<String> members = strings(n, "members", path);
    JsonNode form = n.get("form");
    if (form == null || !form.isObject() || form.size() != 1) {
      throw new RulesException(path + ".form", "must be one of percent_off, amount_off_fen, member_price_fen, price_cap_fen");
    }
    String fp = path + ".form";
    DiscountRule.Form f;
    int percent = 0;
    long value = 0;
    if (form.has("percent_off")) {
      f = DiscountRule.Form.PERCENT_OFF;
      percent = (int) whole(form, "percent_off", fp, 1, 100);
    } else if (form.has("amount_off_fen")) {
      f = DiscountRule.Form.AMOUNT_OFF;
      value = whole(form, "amount_off_fen", fp, 1, 100_000_000);
    } else if (form.has("member_price_fen")) {
      f = DiscountRule.Form.MEMBER_PRICE;
      value = whole(form, "member_price_fen", fp, 0, 100_000_000);
    } else if (form.has("price_cap_fen")) {
      f = DiscountRule.Form.PRICE_CAP;
      value = whole(form, "price_cap_fen", fp, 0, 100_000_000);
    } else {
      throw new RulesException(fp, "must be one of percent_off, amount_off_fen, member_price_fen, price_cap_fen");
    }
    JsonNode limits = n.get("limits");
    long perTx = 0;
    long perDay = 0;
    long perMonth = 0;
    long budget = 0;
    long remaining = -1;
    if (limits != null) {
      if (!limits.isObject()) {
        throw new RulesException(path + ".limits", "must be an object");
      }
      String lp = path + ".limits";
      perTx = optional(limits, "per_transaction_fen", lp);
      perDay = optional(limits, "per_member_day_fen", lp);
      perMonth = optional(limits, "per_member_month_fen", lp);
      budget = optional(limits, "budget_fen", lp);
      remaining = limits.has("budget_remaining_fen")
          ? whole(limits, "budget_remaining_fen", lp, 0, 100_000_000_000L) : -1;
      if (remaining >= 0 && budget == 0) {
        throw new RulesException(lp + ".budget_remaining_fen", "needs budget_fen");
      }
      if (remaining > budget) {
        throw new RulesException(lp + ".budget_remaining_fen", "must not be more than budget_fen");
      }
      if (remaining >= 0 && issuedAt == null) {
        throw new RulesException("issued_at", "a document that says a budget_remaining_fen says when: issued_at");
      }
    }
    Instant from = instant(n, "valid_from", path);
    Instant until = instant(n, "valid_until", path);
    if (!until.isAfter(from)) {
      throw new RulesException(path + ".valid_until", "must be after valid_from");
    }
    // the budget left as of the document's issue; without that figure, the whole budget as of the campaign's start
    Instant budgetAsOf = remaining >= 0 ? issuedAt : from;
    if (remaining < 0) {
      remaining = budget;
    }
    JsonNode funding = n.get("funding");
    if (funding == null || !funding.isObject()) {
      throw new RulesException(path + ".funding", "must say the merchant's share: {\"merchant_percent\": 0..100}");
    }
    int merchantPercent = (int) whole(funding, "merchant_percent", path + ".funding", 0, 100);
    boolean stacking = n.has("stacking") && bool(n, "stacking", path);
    boolean benefit = !n.has("benefit_pays") || bool(n, "benefit_pays", path);
    return new DiscountRule(id, description, merchants, groups, all, codes, categories, members, f, percent, value,
        perTx, perDay, perMonth, budget, remaining, budgetAsOf, from, until, merchantPercent, stacking, benefit);
  }

  private static String text(JsonNode n, String field, String path) throws RulesException {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new RulesException(path.isEmpty() ? field : path + "." + field, "must be a non-empty string");
    }
    return v.asText();
  }

  private static boolean bool(JsonNode n, String field, String path) throws RulesException {
    JsonNode v = n.get(field);
    if (v == null || !v.isBoolean()) {
      throw new RulesException(path + "." + field, "must be true or false");
    }
    return v.asBoolean();
  }

  private static Set<String> strings(JsonNode n, String field, String path) throws RulesException {
    JsonNode v = n.get(field);
    if (v == null) {
      return Collections.emptySet();
    }
    if (!v.isArray()) {
      throw new RulesException(path + "." + field, "must be a list of strings");
    }
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isTextual() || v.get(i).asText().isEmpty()) {
        throw new RulesException(path + "." + field + "[" + i + "]", "must be a non-empty string");
      }
      out.add(v.get(i).asText());
    }
    return Collections.unmodifiableSet(out);
  }

  private static long whole(JsonNode n, String field, String path, long min, long max) throws RulesException {
    JsonNode v = n.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
      throw new RulesException(
          path.isEmpty() ? field : path + "." + field, "must be a whole number from " + min + " to " + max);
    }
    return v.asLong();
  }

  private static long optional(JsonNode n, String field, String path) throws RulesException {
    return n.has(field) ? whole(n, field, path, 1, 100_000_000_000L) : 0;
  }

  private static Instant instant(JsonNode n, String field, String path) throws RulesException {
    String t = text(n, field, path);
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      throw new RulesException(path.isEmpty() ? field : path + "." + field, "must be a date and time with its offset, like 2026-11-01T00:00+08:00");
    }
  }
}
