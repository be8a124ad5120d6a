package cn.unioncard.agent.checkout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.agent.store.CardFacts;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.protocol.ecr.Account;
import cn.unioncard.protocol.ecr.AccountBalance;
import cn.unioncard.protocol.ecr.BalanceQuery;
import cn.unioncard.protocol.ecr.Charge;
import cn.unioncard.protocol.ecr.DiscountLine;
import cn.unioncard.protocol.ecr.FundingSource;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Result;
import cn.unioncard.sim.bank.CardSeed;
import cn.unioncard.sim.bank.Faults;
import cn.unioncard.sim.card.Profiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The member look-ups and the last known benefit balances are kept in the store and survive a restart. */
class CheckoutRestartTest {
  @TempDir Path dir;
  CheckoutRig rig;
  String pan;

  @BeforeEach
  void start() throws Exception {
    rig = new CheckoutRig(dir, 1);
    // a member the card does not name (no BF51): found by the PAN's keyed hash at the union's platform
    pan = Profiles.load("non-member-unionpay").debit().pan();
    rig.bank.addMember(pan, new CardSeed.MemberSeed("M900002", "省总工会", "ordinary", "2030-12-31"));
    rig.bank.setBalance(pan, "benefit", 50_000);
  }

  @AfterEach
  void stop() {
    rig.close();
  }

  @Test
  void afterARestartWithTheBankDownACachedMemberGetsTheDiscountAndTheLastKnownBalanceWithinTheLimit()
      throws Exception {
    rig.tap("non-member-unionpay");
    Result first = rig.sale("POS1-RS-1", 9700, CheckoutRig.FLOUR);
    assertEquals(Outcome.APPROVED, first.outcome(), first.reasonText());
    assertEquals(List.of(new Charge(Account.BENEFIT, 9100)), first.charges());

    // kept by card_ref (the PAN's keyed hash), the PAN nowhere in the file
    String cardRef = rig.panHash("non-member-unionpay");
    CardFacts facts = rig.store.cardFacts().get(cardRef).orElseThrow();
    assertEquals("ordinary", facts.memberCategory());
    assertEquals(50_000 - 9100, facts.benefitFen(), "the balance the authorisation reported");
    assertFalse(new String(Files.readAllBytes(rig.store.file()), StandardCharsets.ISO_8859_1).contains(pan));

    rig.restart();
    rig.clock.now = CheckoutRig.NOW.plus(Duration.ofHours(2)); // within the member cache's day
    // the bank cannot be asked about members or balances
    rig.bank.faults().add(Faults.Rule.of(Faults.Kind.DROP_BEFORE).onPath("/v1/members"));
    rig.bank.faults().add(Faults.Rule.of(Faults.Kind.DROP_BEFORE).onPath("/v1/benefit"));

    rig.tap("non-member-unionpay");
    Result r = rig.sale("POS1-RS-2", 41_000, CheckoutRig.SUITCASE);
    assertEquals(Outcome.APPROVED, r.outcome(), r.reasonText());
    assertEquals(34_500, r.amount(), "still the member price: the look-up from before the restart");
    assertEquals(List.of(new DiscountLine("SUITCASE", "旅行箱会员价", 6500, FundingSource.BANK)), r.discounts());
    // the last known balance (409.00) capped at the offline limit (200.00 in the rig): benefit 200.00, debit the rest
    assertEquals(List.of(new Charge(Account.BENEFIT, 20_000), new Charge(Account.DEBIT, 14_500)), r.charges());
    assertEquals(20_000, rig.bank.ledger().authorisation(r.transactionId()).benefitFen());

    // BALANCE with the bank down: the kept balance, said to be the last known one
    rig.tap("non-member-unionpay");
    Result b = rig.request(new BalanceQuery("POS1-RS-3"));
    assertEquals(Outcome.APPROVED, b.outcome());
    assertTrue(b.balances().contains(new AccountBalance(Account.BENEFIT, 50_000 - 9100 - 20_000)),
        "the balance the last authorisation reported: " + b.balances());
  }

  @Test
  void aCachedLookUpOlderThanItsTimeToLiveIsNotUsedAfterARestart() throws Exception {
    rig.tap("non-member-unionpay");
    assertEquals(9100, rig.sale("POS1-RS-4", 9700, CheckoutRig.FLOUR).amount());
    rig.restart();
    rig.clock.now = CheckoutRig.NOW.plus(rig.config.memberCacheTtl()).plusSeconds(1);
    rig.bank.faults().add(Faults.Rule.of(Faults.Kind.DROP_BEFORE).onPath("/v1/members"));
    rig.tap("non-member-unionpay");
    Result r = rig.sale("POS1-RS-5", 9700, CheckoutRig.FLOUR);
    assertEquals(Outcome.APPROVED, r.outcome(), r.reasonText());
    assertEquals(9700, r.amount(), "the look-up expired and the bank cannot be asked: paid as a non-member");
    assertTrue(r.discounts().isEmpty());
  }
}
