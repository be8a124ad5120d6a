package cn.unioncard.sim;

import cn.unioncard.sim.bank.BankSimulator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * The shop {@code ucard sim}'s bank knows from its start, so a terminal configured as the example configuration
 * ({@code terminal/app/src/dist/etc/ucard.example.yaml}) serves a first member sale: the merchant {@value #MERCHANT}
 * and the union's discount rules of the demo (25 kg of flour 6.00 off for members: 97.00 becomes 91.00).
 */
public final class SimShop {
  /** The merchant of the example configuration and of the demo. */
  public static final String MERCHANT = "M0000001";
  /** Its name in the bank. */
  public static final String MERCHANT_NAME = "会员超市";
  /** The item codes the rules name: 25 kg of flour (97.00), a suitcase (410.00), 250 g of tea (30.00). */
  public static final String FLOUR = "6901234567890";
  public static final String SUITCASE = "SC-2411";
  public static final String TEA = "TEA-1";
  /** The rules' time zone (the bank's business day). */
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  private SimShop() {}

  /** Adds the merchant and publishes the discount rules (valid from yesterday for 30 days, so any day works). */
  public static void seed(BankSimulator bank, Clock clock) {
    bank.addMerchant(MERCHANT, MERCHANT_NAME);
    bank.publishReference("discount-rules", rules(clock).getBytes(StandardCharsets.UTF_8));
  }

  /** The discount-rules document (docs/discounts.md), version 1. */
  public static String rules(Clock clock) {
    OffsetDateTime today = OffsetDateTime.now(clock.withZone(ZONE)).truncatedTo(ChronoUnit.DAYS);
    String from = today.minusDays(1).toString();
    String until = today.plusDays(30).toString();
    return "{\"version\": 1, \"rules\": ["
        + rule("FLOUR", "面粉会员价", FLOUR, "{\"amount_off_fen\": 600}", 50, from, until) + ","
        + rule("SUITCASE", "旅行箱会员价", SUITCASE, "{\"member_price_fen\": 34500}", 0, from, until) + ","
        + rule("TEA", "茶叶九折", TEA, "{\"percent_off\": 10}", 100, from, until)
        + "]}";
  }

  private static String rule(String id, String description, String itemCode, String form, int merchantPercent,
      String from, String until) {
    return "{\"id\": \"" + id + "\", \"description\": \"" + description + "\", \"merchants\": [\"" + MERCHANT + "\"],"
        + " \"applies_to\": {\"item_codes\": [\"" + itemCode + "\"]}, \"form\": " + form + ","
        + " \"valid_from\": \"" + from + "\", \"valid_until\": \"" + until + "\","
        + " \"funding\": {\"merchant_percent\": " + merchantPercent + "}}";
  }
}
