package cn.unioncard.agent.checkout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.ecr.Item;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checkout's small parts: the basket from the register's items, the bank's codes, the rules in force. */
class CheckoutPartsTest {
  @Test
  void itemsBecomeBasketLinesAndWhatIsNotItemisedIsLeftOver() {
    List<BasketItem> out = new ArrayList<>();
    long rest = Basket.of(List.of(
        new Item("6901234567890", "面粉 25kg", "GRAIN", 2000, 9700, 19400),
        new Item("APPLE", "苹果", "FRUIT", 2500, 800, 2000)), 25_000, out);
    assertEquals(3600, rest, "25000 - 19400 - 2000");
    assertEquals(new BasketItem("6901234567890", "面粉 25kg", "GRAIN", 2, 9700, 19400), out.get(0));
    assertEquals(new BasketItem("APPLE", "苹果", "FRUIT", 1, 2000, 2000), out.get(1), "2.5 kg is one unit at 20.00");
    assertEquals(-1, Basket.of(List.of(new Item("A", "a", "C", 1000, 101, 101)), 100, new ArrayList<>()));
  }

  @Test
  void theBanksResponseCodeIsTheRegistersReasonCode() {
    assertEquals("55", Answers.arcCode("3535"));
    assertEquals("75", Answers.arcCode("3735"));
    assertEquals("05", Answers.arcCode("0000"), "not printable: do not honour");
    assertEquals("wrong PIN; nothing charged", Answers.bankReasonText("wrong_pin"));
    assertEquals("declined by the bank (new_reason); nothing charged", Answers.bankReasonText("new_reason"));
    assertEquals("T0000001-000000000042-R", Reversals.reversalId("T0000001-000000000042"));
  }

  static final String RULES = "{\"version\": %d, \"rules\": [{\"id\": \"R\", \"description\": \"d\","
      + " \"merchants\": [\"M1\"], \"applies_to\": {\"all\": true}, \"form\": {\"percent_off\": 10},"
      + " \"valid_from\": \"2026-01-01T00:00:00+08:00\", \"valid_until\": \"2027-01-01T00:00:00+08:00\","
      + " \"funding\": {\"merchant_percent\": 100}}]}";

  @Test
  void badRulesAreRefusedAndTheLastGoodSetStays() throws Exception {
    RulesInForce rules = RulesInForce.of(String.format(RULES, 5));
    DiscountRules five = rules.current();
    assertThrows(RulesException.class, () -> rules.offer("{\"version\": 6}".getBytes(StandardCharsets.UTF_8)));
    assertSame(five, rules.current());
    assertFalse(rules.offer(String.format(RULES, 4).getBytes(StandardCharsets.UTF_8)), "older: ignored");
    assertSame(five, rules.current());
    assertTrue(rules.offer(String.format(RULES, 6).getBytes(StandardCharsets.UTF_8)));
    assertEquals(6, rules.current().version());
  }

  @Test
  void limitsAndSettingsRefuseNonsense() {
    assertThrows(IllegalArgumentException.class, () -> new OfflineLimits(-1, 0, 0, Duration.ZERO, 0));
    assertThrows(IllegalArgumentException.class, () -> new OfflineLimits(0, 0, 0, Duration.ofDays(-1), 0));
    assertThrows(IllegalArgumentException.class, () -> CheckoutConfig.of("M1").withTimeouts(1000, 0));
    assertEquals(100_000, CheckoutConfig.of("M1").noPinLimitFen(), "1,000.00 yuan without PIN by default");
  }
}
