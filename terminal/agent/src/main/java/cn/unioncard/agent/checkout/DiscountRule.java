package cn.unioncard.agent.checkout;

import cn.unioncard.protocol.Money;
import java.time.Instant;
import java.util.Set;

/**
 * One of the union's discount rules, as the signed reference data of kind {@code discount-rules} states it
 * ({@code docs/discounts.md}). Immutable; read by {@link DiscountRules#parse}.
 *
 * @param merchants merchant ids it applies at (empty: any listed in {@code merchantGroups})
 * @param merchantGroups merchant groups it applies at
 * @param itemCodes item codes it applies to (with {@code categories}; both empty and {@code allGoods}: everything)
 * @param members member categories that qualify; empty: every member
 * @param percentOff with {@link Form#PERCENT_OFF}
 * @param valueFen the amount off per unit, the member price, or the price cap, by {@code form}
 * @param perTransactionFen the most this rule gives in one transaction (0: no limit)
 * @param perMemberDayFen the most it gives one member in a day (0: no limit)
 * @param perMemberMonthFen the most it gives one member in a month (0: no limit)
 * @param budgetFen the campaign's whole budget (0: no limit)
 * @param budgetRemainingFen what was left of the budget at {@code budgetAsOf}, by the bank's count (the whole budget
 *     when the document does not say)
 * @param budgetAsOf when the remaining budget was counted: the document's {@code issued_at}, else {@code validFrom}
 * @param merchantPercent the merchant's share of the discount; the bank funds the rest
 * @param stacking whether it applies on top of the best other rule instead of competing with it
 * @param benefitPays whether the benefit account may pay for the goods it covers
 */
public record DiscountRule(
    String id,
    String description,
    Set<String> merchants,
    Set<String> merchantGroups,
    boolean allGoods,
    Set<String> itemCodes,
    Set<String> categories,
    Set<String> members,
    Form form,
    int percentOff,
    long valueFen,
    long perTransactionFen,
    long perMemberDayFen,
    long perMemberMonthFen,
    long budgetFen,
    long budgetRemainingFen,
    Instant budgetAsOf,
    Instant validFrom,
    Instant validUntil,
    int merchantPercent,
    boolean stacking,
    boolean benefitPays) {

  /** How a rule lowers a price. */
  public enum Form {
    /** A share of the line's amount off. */
    PERCENT_OFF,
    /** An amount off each unit. */
    AMOUNT_OFF,
    /** A fixed member price per unit (no discount when the price is already lower). */
    MEMBER_PRICE,
    /** The unit price is capped. */
    PRICE_CAP
  }

  /** Whether the rule is for this merchant, this member and this moment. */
  boolean appliesTo(String merchantId, Set<String> merchantGroupsOfMerchant, String memberCategory, Instant at) {
    boolean merchant = merchants.contains(merchantId);
    for (String g : merchantGroupsOfMerchant) {
      merchant |= merchantGroups.contains(g);
    }
    if (!merchant || memberCategory == null) {
      return false;
    }
    if (!members.isEmpty() && !members.contains(memberCategory)) {
      return false;
    }
    return !at.isBefore(validFrom) && at.isBefore(validUntil);
  }

  /** Whether the rule covers this item. */
  boolean covers(BasketItem item) {
    return allGoods || itemCodes.contains(item.code()) || categories.contains(item.category());
  }

  /** The discount this rule gives a line by itself, before limits: never more than the line. */
  long discountOn(long unitPriceFen, int quantity, long lineFen) {
    long d;
    switch (form) {
      case PERCENT_OFF:
        d = Money.percentOf(lineFen, percentOff);
        break;
      case AMOUNT_OFF:
        d = valueFen * quantity;
        break;
      case MEMBER_PRICE:
      case PRICE_CAP:
        d = Math.max(0, unitPriceFen - valueFen) * quantity;
        break;
      default:
        throw new IllegalStateException(form.name());
    }
    return Math.max(0, Math.min(d, lineFen));
  }
}
