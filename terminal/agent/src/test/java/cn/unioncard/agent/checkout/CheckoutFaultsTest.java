package cn.unioncard.agent.checkout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.agent.checkout.OfflineLimits;
import cn.unioncard.agent.store.NewTx;
import cn.unioncard.agent.store.StoreException;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.agent.store.TxState;
import cn.unioncard.agent.store.TxType;
import cn.unioncard.protocol.ecr.Account;
import cn.unioncard.protocol.ecr.Charge;
import cn.unioncard.protocol.ecr.MessageType;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Result;
import cn.unioncard.protocol.ecr.Stage;
import cn.unioncard.sim.bank.Faults;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What goes wrong at a checkout: the card, the PIN pad, the bank, the store, the register repeating itself. */
class CheckoutFaultsTest {
  @TempDir Path dir;
  CheckoutRig rig;

  @BeforeEach
  void start() throws Exception {
    rig = new CheckoutRig(dir, 1);
  }

  @AfterEach
  void stop() {
    rig.close();
  }

  List<TxRecord> rows() throws StoreException {
    List<TxRecord> out = new java.util.ArrayList<>();
    for (long seq = 1; ; seq++) {
      var r = rig.store.get(String.format("%s-%012d", CheckoutRig.TERMINAL, seq));
      if (r.isEmpty()) {
        return out;
      }
      out.add(r.get());
    }
  }

  @Test
  void aCardRemovedDuringTheReadIsTapAgainAndNothingIsChargedOrStored() throws Exception {
    rig.tapAndRemoveAfter("model-worker", 3); // after SELECT PPSE, SELECT AID, GET DATA
    Result r = rig.sale("POS1-100", 9700, CheckoutRig.FLOUR);
    assertEquals(Outcome.FAILED, r.outcome());
    assertEquals("CR", r.reasonCode());
    assertEquals("card removed, tap again", r.reasonText());
    assertEquals(0, r.amount());
    assertTrue(rows().isEmpty(), "nothing half-written");
    assertTrue(rig.bank.ledger().authorisations().isEmpty(), "nothing sent to the bank");

    // the same card tapped again, with a new reference, pays normally
    rig.tap("model-worker");
    assertEquals(Outcome.APPROVED, rig.sale("POS1-101", 9700, CheckoutRig.FLOUR).outcome());
  }

  @Test
  void aCardRemovedAfterItWasIdentifiedIsTapAgain() throws Exception {
    // identified (PPSE, SELECT, BF51, 9F79, READ RECORD: 5 commands) and priced; it leaves before the GPO
    rig.tapAndRemoveAfter("model-worker", 5);
    Result r = rig.sale("POS1-110", 9700, CheckoutRig.FLOUR);
    assertEquals("CR", r.reasonCode());
    assertTrue(rows().isEmpty());
    assertTrue(rig.bank.ledger().authorisations().isEmpty());
  }

  @Test
  void aContactCardCompletesWithItsSecondCryptogramAndOneRemovedBeforeItIsReversed() throws Exception {
    rig.reader.contact = true;
    rig.tap("non-member-unionpay");
    Result ok = rig.sale("POS1-120", 9700, CheckoutRig.FLOUR);
    assertEquals(Outcome.APPROVED, ok.outcome(), ok.reasonText());
    assertEquals(9700, rig.held("non-member-unionpay", "debit"));

    // the contact path is 11 commands; the card is pulled before the second GENERATE AC
    rig.tapAndRemoveAfter("non-member-unionpay", 11);
    Result r = rig.sale("POS1-121", 5000);
    assertEquals(Outcome.FAILED, r.outcome());
    assertEquals("CR", r.reasonCode());
    assertEquals("card removed, tap again", r.reasonText());
    TxRecord row = rig.store.byRegisterRef(TxType.SALE, "POS1-121").orElseThrow();
    assertEquals(TxState.REVERSED, row.state());
    assertEquals("card_removed;reversed", row.reason());
    assertEquals("reversed", rig.bank.ledger().authorisation(row.id()).status(), "the bank's hold is undone");
    assertEquals(9700, rig.held("non-member-unionpay", "debit"), "only the first sale is held");
  }

  @Test
  void noAnswerFromTheBankIsReversedBeforeTheCardsNextPayment() throws Exception {
    rig.bank.faults().add(Faults.Rule.of(Faults.Kind.DROP_AFTER).onPath("/v1/authorisations").times(1));
    rig.tap("non-member-unionpay");
    Result r = rig.sale("POS1-200", 9700, CheckoutRig.FLOUR);
    assertEquals(Outcome.FAILED, r.outcome());
    assertEquals("BNA", r.reasonCode());
    assertEquals(0, r.amount());
    TxRecord row = rig.store.get(r.transactionId()).orElseThrow();
    assertEquals(TxState.REVERSAL_NEEDED, row.state());
    assertEquals("authorised", rig.bank.ledger().authorisation(r.transactionId()).status(), "the bank did hold it");
    assertEquals(9700, rig.held("non-member-unionpay", "debit"));

    rig.tap("non-member-unionpay");
    Result next = rig.sale("POS1-201", 5000);
    assertEquals(Outcome.APPROVED, next.outcome(), next.reasonText());
    assertEquals("reversed", rig.bank.ledger().authorisation(r.transactionId()).status());
    assertEquals(TxState.REVERSED, rig.store.get(r.transactionId()).orElseThrow().state());
    assertEquals("no_answer;reversed", rig.store.get(r.transactionId()).orElseThrow().reason());
    assertEquals(5000, rig.held("non-member-unionpay", "debit"), "only the new payment is held");
    assertTrue(rig.bank.ledger().authorisations().stream()
        .noneMatch(a -> a.transactionId().endsWith("-R")), "a reversal is not an authorisation");
  }

  @Test
  void anAuthorisationLeftWithoutAnswerIsReversedAtStartUp() throws Exception {
    rig.bank.faults().add(Faults.Rule.of(Faults.Kind.DROP_AFTER).onPath("/v1/authorisations").times(1));
    rig.tap("non-member-unionpay");
    Result r = rig.sale("POS1-300", 9700, CheckoutRig.FLOUR);
    assertEquals("BNA", r.reasonCode());
    // and one the terminal never heard back about because it stopped: written AWAITING_BANK, never answered
    TxRecord stuck = rig.store.begin(NewTx.of(TxType.SALE, LocalDate.of(2026, 11, 23)).registerRef("POS1-301")
        .amount(100).card(rig.panHash("non-member-unionpay"), null));
    rig.store.move(stuck.id(), TxState.STARTED, TxState.AWAITING_BANK, null);
    TxRecord started = rig.store.begin(NewTx.of(TxType.SALE, LocalDate.of(2026, 11, 23)).registerRef("POS1-302"));

    rig.restart();
    assertEquals(TxState.REVERSED, rig.store.get(r.transactionId()).orElseThrow().state());
    assertEquals(TxState.REVERSED, rig.store.get(stuck.id()).orElseThrow().state());
    assertEquals("no_answer;not_found", rig.store.get(stuck.id()).orElseThrow().reason(),
        "the bank never had it: nothing to undo, done");
    assertEquals(TxState.CANCELLED, rig.store.get(started.id()).orElseThrow().state());
    assertEquals(0, rig.held("non-member-unionpay", "debit"));
    assertTrue(rig.store.unfinished().isEmpty());

    // the register asks again after the restart: the stored outcome, nothing performed
    Result again = rig.sale("POS1-300", 9700, CheckoutRig.FLOUR);
    assertEquals(Outcome.FAILED, again.outcome());
    assertEquals(r.transactionId(), again.transactionId());
  }

  @Test
  void aSaleRepeatedWithItsReferenceIsNeverChargedTwiceAlsoAcrossARestart() throws Exception {
    rig.tap("model-worker");
    Result first = rig.sale("POS1-400", 9700, CheckoutRig.FLOUR);
    assertEquals(Outcome.APPROVED, first.outcome());
    Result repeat = rig.sale("POS1-400", 9700, CheckoutRig.FLOUR);
    assertEquals(first, repeat, "answered from the journal");

    rig.restart();
    Result afterRestart = rig.sale("POS1-400", 9700, CheckoutRig.FLOUR);
    assertEquals(first, afterRestart, "answered from the store, byte for byte, with no card");
    Result status = rig.request(new cn.unioncard.protocol.ecr.StatusQuery("POS1-400"));
    assertEquals(MessageType.STATUS, status.requestType());
    assertEquals(first.transactionId(), status.transactionId());
    assertEquals(first.charges(), status.charges());
    assertEquals(1, rig.bank.ledger().authorisations().size(), "one authorisation");
    assertEquals(9100, rig.held("model-worker", "benefit"));
  }

  @Test
  void aFullStoreDeclinesBeforeAnythingReachesTheBank() throws Exception {
    rig.stop();
    TransactionStore bounded = TransactionStore.open(dir.resolve("full.sqlite"), CheckoutRig.TERMINAL, rig.clock,
        96 * 1024);
    // filled to its bound with large rows, then with small ones, so not even a small row fits any more
    for (String filler : new String[] {"x".repeat(2000), null}) {
      try {
        for (int i = 0; i < 100_000; i++) {
          bounded.begin(NewTx.of(TxType.REFUND, LocalDate.of(2026, 11, 1)).detail(filler));
        }
      } catch (StoreException e) {
        assertEquals(StoreException.Kind.FULL, e.kind());
      }
    }
    rig.startWith(bounded);
    rig.tap("non-member-unionpay");
    Result r = rig.sale("POS1-500", 9700, CheckoutRig.FLOUR);
    assertEquals(Outcome.DECLINED, r.outcome());
    assertEquals("STO", r.reasonCode());
    assertEquals("the terminal's store is full; nothing charged", r.reasonText());
    assertTrue(rig.bank.ledger().authorisations().isEmpty());
  }

  @Test
  void aPinAboveTheNoPinLimitGoesToTheBankAndThreeWrongOnesBlockIt() throws Exception {
    rig.stop();
    rig.config = rig.config.withNoPinLimit(5_000);
    rig.start();
    rig.tap("non-member-unionpay");
    Result ok = rig.sale("POS1-600", 9700, CheckoutRig.FLOUR);
    assertEquals(Outcome.APPROVED, ok.outcome(), ok.reasonText());
    assertEquals(1, rig.pad.requests());
    assertTrue(rig.register.progressSeen("POS1-600").contains(Stage.PIN_ENTRY));

    rig.tap("non-member-unionpay");
    assertEquals(Outcome.APPROVED, rig.sale("POS1-601", 4000).outcome(), "no PIN up to the limit");
    assertEquals(1, rig.pad.requests());

    rig.pad.typePin("000000");
    for (int i = 0; i < 3; i++) {
      rig.tap("non-member-unionpay");
      Result wrong = rig.sale("POS1-61" + i, 9700, CheckoutRig.FLOUR);
      assertEquals(Outcome.DECLINED, wrong.outcome());
      assertEquals(i < 2 ? "55" : "75", wrong.reasonCode());
      assertEquals(i < 2 ? "wrong PIN; nothing charged"
          : "PIN tries exceeded: the card's PIN is blocked; nothing charged", wrong.reasonText());
      assertEquals(TxState.DECLINED, rig.store.get(wrong.transactionId()).orElseThrow().state());
    }
    assertEquals(9700 + 4000, rig.held("non-member-unionpay", "debit"), "nothing charged for the wrong PINs");
  }

  @Test
  void aCancelledPinEntryAndASilentPinPadChargeNothing() throws Exception {
    rig.stop();
    rig.config = rig.config.withNoPinLimit(0);
    rig.start();
    rig.pad.pressCancel();
    rig.tap("non-member-unionpay");
    Result cancelled = rig.sale("POS1-700", 9700, CheckoutRig.FLOUR);
    assertEquals(Outcome.CANCELLED, cancelled.outcome());
    assertEquals("PC", cancelled.reasonCode());
    assertEquals(TxState.CANCELLED, rig.store.get(cancelled.transactionId()).orElseThrow().state());

    rig.pad.walkAway();
    rig.tap("non-member-unionpay");
    Result timeout = rig.sale("POS1-701", 9700, CheckoutRig.FLOUR);
    assertEquals(Outcome.FAILED, timeout.outcome());
    assertEquals("PT", timeout.reasonCode());
    assertEquals("no PIN entered in time; nothing charged", timeout.reasonText());

    rig.pad.close(); // the pad stops answering, its line stays
    rig.tap("non-member-unionpay");
    Result silent = rig.sale("POS1-702", 9700, CheckoutRig.FLOUR);
    assertEquals(Outcome.FAILED, silent.outcome());
    assertEquals("PT", silent.reasonCode());
    assertEquals("the PIN pad does not answer; nothing charged", silent.reasonText());
    assertEquals(TxState.CANCELLED, rig.store.get(silent.transactionId()).orElseThrow().state());
    assertTrue(rig.bank.ledger().authorisations().isEmpty(), "nothing reached the bank");
  }

  @Test
  void cancelWhileWaitingForTheCardAndNoCardAtAll() throws Exception {
    CompletableFuture<Result> sale = rig.register.sale("POS1-800", 9700, List.of(CheckoutRig.FLOUR));
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!rig.register.progressSeen("POS1-800").contains(Stage.WAITING_FOR_CARD) && System.nanoTime() < end) {
      Thread.sleep(10);
    }
    Result cancel = rig.register.cancel().get(5, TimeUnit.SECONDS);
    assertEquals("00", cancel.reasonCode());
    Result r = sale.get(10, TimeUnit.SECONDS);
    assertEquals(Outcome.CANCELLED, r.outcome());
    assertEquals("CAN", r.reasonCode());

    Result none = rig.sale("POS1-801", 9700, CheckoutRig.FLOUR);
    assertEquals(Outcome.FAILED, none.outcome());
    assertEquals("TO", none.reasonCode());
    assertEquals("no card was presented", none.reasonText());
  }

  @Test
  void pastAnOfflineLimitSalesAreDeclined() throws Exception {
    rig.stop();
    rig.config = rig.config.withOffline(new OfflineLimits(0, 2, 0, Duration.ofDays(3), 0));
    rig.start();
    for (int i = 0; i < 2; i++) {
      rig.tap("non-member-unionpay");
      assertEquals(Outcome.APPROVED, rig.sale("POS1-90" + i, 1000).outcome());
    }
    rig.tap("non-member-unionpay");
    Result r = rig.sale("POS1-902", 1000);
    assertEquals(Outcome.DECLINED, r.outcome());
    assertEquals("OFL", r.reasonCode());
    assertEquals("offline limit: 2 records wait for the bank (at most 2)", r.reasonText());

    rig.stop();
    rig.config = rig.config.withOffline(new OfflineLimits(0, 0, 0, Duration.ofDays(3), 0));
    rig.start();
    rig.clock.now = rig.clock.now.plus(Duration.ofDays(4));
    rig.tap("non-member-unionpay");
    r = rig.sale("POS1-903", 1000);
    assertEquals("OFL", r.reasonCode());
    assertTrue(r.reasonText().startsWith("offline limit: a record has waited for the bank since"), r.reasonText());
  }

  @Test
  void aMembersDailyDiscountLimitIsCountedFromTheStore() throws Exception {
    long[] paid = new long[3];
    for (int i = 0; i < 3; i++) {
      rig.tap("model-worker");
      Result r = rig.sale("POS1-95" + i, 9700, CheckoutRig.FLOUR);
      assertEquals(Outcome.APPROVED, r.outcome(), r.reasonText());
      paid[i] = r.amount();
    }
    assertEquals(9100, paid[0]);
    assertEquals(9100, paid[1]);
    assertEquals(9700, paid[2], "FLOUR gives at most 12.00 a member a day");
    rig.clock.now = rig.clock.now.plus(Duration.ofDays(1));
    rig.tap("model-worker");
    assertEquals(9100, rig.sale("POS1-960", 9700, CheckoutRig.FLOUR).amount(), "a new day");
  }

  @Test
  void rulesThatFailTheirSignatureOrReadWrongAreRefusedAndTheLastGoodSetStays() throws Exception {
    String v6 = CheckoutRig.RULES.replace("\"version\": 5", "\"version\": 6")
        .replace("\"amount_off_fen\": 600", "\"amount_off_fen\": 700");
    rig.bank.publishReference("discount-rules", v6.getBytes(StandardCharsets.UTF_8));
    rig.bank.faults().add(Faults.Rule.of(Faults.Kind.WRONG_SIGNATURE).onPath("/v1/reference").times(1));
    assertEquals(5, rig.rules.refresh(rig.client), "a bad signature: v5 stays");
    rig.tap("model-worker");
    assertEquals(9100, rig.sale("POS1-970", 9700, CheckoutRig.FLOUR).amount());

    assertEquals(6, rig.rules.refresh(rig.client));
    rig.tap("ordinary-member"); // another member: the first has 6.00 of FLOUR's 12.00 a day left
    assertEquals(9000, rig.sale("POS1-971", 9700, CheckoutRig.FLOUR).amount(), "7.00 off under v6");

    rig.bank.publishReference("discount-rules",
        "{\"version\": 7, \"rules\": [{\"id\": \"X\"}]}".getBytes(StandardCharsets.UTF_8));
    assertEquals(6, rig.rules.refresh(rig.client), "v7 does not read: v6 stays");
    assertNotEquals(null, rig.rules.current());
    assertEquals(List.of(new Charge(Account.BENEFIT, 9000)),
        rig.store.get(rig.store.byRegisterRef(TxType.SALE, "POS1-971").orElseThrow().id()).map(x ->
            List.of(new Charge(Account.BENEFIT, x.benefitFen()))).orElseThrow());
  }
}
