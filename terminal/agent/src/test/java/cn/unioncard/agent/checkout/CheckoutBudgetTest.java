package cn.unioncard.agent.checkout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.ecr.DiscountLine;
import cn.unioncard.protocol.ecr.FundingSource;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The terminal's own bound on a campaign's budget: the rules document says what was left of it at its issue, and the
 * terminal stops applying the rule once its own discounts since then (counted from its store) reach that.
 */
class CheckoutBudgetTest {
  @TempDir Path dir;
  CheckoutRig rig;

  /** 10.00 of the flour campaign's 1,000.00 left at 10:00 (Shanghai) on the day; the sales are at 11:00. */
  static final String RULES = "{\"version\": 6, \"issued_at\": \"2026-11-23T10:00:00+08:00\", \"rules\": ["
      + CheckoutRig.rule("FLOUR", "面粉会员价", "{\"item_codes\": [\"6901234567890\"]}", "{\"amount_off_fen\": 600}",
          ", \"limits\": {\"budget_fen\": 100000, \"budget_remaining_fen\": 1000}", 50, "")
      + "]}";

  @BeforeEach
  void start() throws Exception {
    rig = new CheckoutRig(dir, 1);
    assertTrue(rig.rules.offer(RULES.getBytes(StandardCharsets.UTF_8)));
  }

  @AfterEach
  void stop() {
    rig.close();
  }

  long discount(String profile, String reference) throws Exception {
    rig.tap(profile);
    Result r = rig.sale(reference, 9700, CheckoutRig.FLOUR);
    assertEquals(Outcome.APPROVED, r.outcome(), r.reasonText());
    assertEquals(9700, r.amount() + r.discounts().stream().mapToLong(DiscountLine::amount).sum());
    return 9700 - r.amount();
  }

  @Test
  void theRuleStopsWhenThisTerminalsUseSinceTheIssueReachesTheBudgetLeft() throws Exception {
    assertEquals(600, discount("model-worker", "POS1-B1"));
    Result second;
    rig.tap("in-hardship");
    second = rig.sale("POS1-B2", 9700, CheckoutRig.FLOUR);
    assertEquals(9300, second.amount(), "4.00 of the 10.00 left");
    assertEquals(List.of(new DiscountLine("FLOUR", "面粉会员价", 200, FundingSource.MERCHANT),
        new DiscountLine("FLOUR", "面粉会员价", 200, FundingSource.BANK)), second.discounts());
    assertEquals(0, discount("migrant-worker", "POS1-B3"), "the budget left is spent: the list price");

    // counted from the store: a restart does not give the budget back
    rig.restart();
    assertEquals(0, discount("model-worker", "POS1-B4"));

    // the next document counts again from its own issue (at 11:05; the sales above were at 11:00)
    rig.clock.now = CheckoutRig.NOW.plusSeconds(600);
    String next = RULES.replace("\"version\": 6", "\"version\": 7")
        .replace("2026-11-23T10:00:00+08:00", "2026-11-23T11:05:00+08:00")
        .replace("\"budget_remaining_fen\": 1000", "\"budget_remaining_fen\": 600");
    assertTrue(rig.rules.offer(next.getBytes(StandardCharsets.UTF_8)));
    assertEquals(600, discount("model-worker", "POS1-B5"), "6.00 left at 11:05, nothing given here since");
    assertEquals(0, discount("in-hardship", "POS1-B6"));
  }
}
