package cn.unioncard.agent.checkout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.agent.checkout.ReversalDriver;
import cn.unioncard.agent.settle.DayClose;
import cn.unioncard.agent.settle.SettlementConfig;
import cn.unioncard.agent.settle.SettlementWorker;
import cn.unioncard.agent.store.StoreException;
import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.agent.store.TxState;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Result;
import cn.unioncard.sim.bank.Faults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: an authorisation whose answer is lost on every attempt is reversed while the terminal runs, by the
 * {@link ReversalDriver} with its back-off, with no restart and no new sale of the card; the member's hold is
 * released at the bank and the day can close. Real parts: the bank simulator over HTTPS, a SQLite store, a
 * simulated card (CheckoutRig).
 */
class ReversalDriverTest {
  @TempDir Path dir;
  CheckoutRig rig;
  ReversalDriver driver;

  @BeforeEach
  void start() throws Exception {
    rig = new CheckoutRig(dir, 2);
    // the daemon's pauses are 1 s doubling to 60 s; the test's are shorter, the schedule the same
    driver = new ReversalDriver(rig.store, rig.client, rig.checkout::inProgress, rig.clock, Duration.ofMillis(40),
        Duration.ofMillis(320));
    rig.checkout.onReversalPending(driver::wake);
  }

  @AfterEach
  void stop() {
    driver.close();
    rig.close();
  }

  @Test
  void aLostAuthorisationIsReversedInTheBackgroundAndTheDayCanClose() throws Exception {
    rig.bank.faults().add(Faults.Rule.of(Faults.Kind.DROP_AFTER).onPath("/v1/authorisations"));
    rig.bank.faults().add(Faults.Rule.of(Faults.Kind.DROP_BEFORE).onPath("/v1/reversals"));
    driver.start();

    rig.tap("non-member-unionpay");
    Result r = rig.sale("POS1-700", 9700, CheckoutRig.FLOUR);
    assertEquals(Outcome.FAILED, r.outcome());
    assertEquals("BNA", r.reasonCode());
    assertEquals("authorised", rig.bank.ledger().authorisation(r.transactionId()).status(), "the bank did hold it");
    assertEquals(9700, rig.held("non-member-unionpay", "debit"));
    SettlementWorker settlement = new SettlementWorker(rig.store, rig.client, SettlementConfig.defaults(), rig.clock);
    TxRecord row = rig.store.get(r.transactionId()).orElseThrow();
    DayClose.Report early = settlement.dayClose().close(row.businessDate());
    assertEquals(DayClose.Result.NOT_READY, early.result(), "the held authorisation keeps the day open");

    // the bank still drops every reversal: the driver keeps trying, with its back-off, and the row waits
    await("three attempts of the driver while the bank drops reversals", () -> driver.attempts() >= 3,
        () -> driver.attempts() + " attempts");
    assertEquals(TxState.REVERSAL_NEEDED, rig.store.get(r.transactionId()).orElseThrow().state());
    ReversalDriver.Waiting waiting = ReversalDriver.waiting(rig.store);
    assertEquals(1, waiting.count());
    assertNotNull(waiting.oldestSince());

    // the bank is healthy again: confirmed within the back-off's longest pause, no restart, no new sale
    rig.bank.faults().clear();
    await("the bank's confirmation of the reversal of " + r.transactionId(),
        () -> state(r.transactionId()) == TxState.REVERSED, () -> "row " + state(r.transactionId()) + ", bank "
            + rig.bank.ledger().authorisation(r.transactionId()).status());
    assertEquals("reversed", rig.bank.ledger().authorisation(r.transactionId()).status());
    assertEquals("no_answer;reversed", rig.store.get(r.transactionId()).orElseThrow().reason());
    assertEquals(0, rig.held("non-member-unionpay", "debit"), "the member's held amount is released");
    assertEquals(0, ReversalDriver.waiting(rig.store).count());
    DayClose.Report late = settlement.dayClose().close(row.businessDate());
    assertNotEquals(DayClose.Result.NOT_READY, late.result(), "waiting for " + late.waitingFor());
    assertEquals(DayClose.Result.CLOSED, late.result(), "nothing was charged, the bank agrees: " + late.failure());
  }

  @Test
  void anAuthorisationLeftAwaitingTheBankIsReversedButNotTheOneOfTheRunningSale() throws Exception {
    // the row of the sale running now is the sale's own: the driver does not touch it
    rig.bank.faults().add(Faults.Rule.latency(1500).onPath("/v1/authorisations").times(1));
    driver.start();
    rig.tap("non-member-unionpay");
    java.util.concurrent.CompletableFuture<Result> running =
        rig.register.request(new cn.unioncard.protocol.ecr.Sale("POS1-710", 9700,
            java.util.List.of(CheckoutRig.FLOUR), false));
    await("the sale's authorisation waiting for the bank",
        () -> !rig.store.unfinished().isEmpty()
            && rig.store.unfinished().get(0).state() == TxState.AWAITING_BANK, () -> "rows " + unfinished());
    driver.wake();
    int before = driver.attempts();
    await("an attempt of the driver while the sale waits", () -> driver.attempts() > before,
        () -> driver.attempts() + " attempts");
    Result r = running.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(Outcome.APPROVED, r.outcome(), r.reasonText());
    assertEquals(TxState.APPROVED, state(r.transactionId()));
    assertEquals("authorised", rig.bank.ledger().authorisation(r.transactionId()).status());
    assertEquals(9700, rig.held("non-member-unionpay", "debit"), "the approved sale stays held");
  }

  @Test
  void anAuthorisationLeftAwaitingTheBankByAnEarlierRunIsFinishedInTheBackground() throws Exception {
    // an authorisation the terminal never heard back about and could not mark (the bank never got it)
    TxRecord stuck = rig.store.begin(cn.unioncard.agent.store.NewTx.of(cn.unioncard.agent.store.TxType.SALE,
        java.time.LocalDate.of(2026, 11, 23)).registerRef("POS1-720").amount(100)
        .card(rig.panHash("non-member-unionpay"), null));
    rig.store.move(stuck.id(), TxState.STARTED, TxState.AWAITING_BANK, null);
    assertEquals(1, ReversalDriver.waiting(rig.store).count());
    driver.start();
    await("the driver finishing " + stuck.id(), () -> state(stuck.id()) == TxState.REVERSED,
        () -> "row " + state(stuck.id()) + " after " + driver.attempts() + " attempts");
    assertEquals("no_answer;not_found", rig.store.get(stuck.id()).orElseThrow().reason(),
        "the bank never had it: nothing to undo, done");
    assertEquals(0, ReversalDriver.waiting(rig.store).count());
  }

  private TxState state(String id) {
    try {
      return rig.store.get(id).orElseThrow().state();
    } catch (StoreException e) {
      throw new IllegalStateException(e);
    }
  }

  private String unfinished() {
    try {
      return rig.store.unfinished().toString();
    } catch (StoreException e) {
      return e.toString();
    }
  }

  interface Condition {
    boolean holds() throws Exception;
  }

  /** Waits up to 20 s for {@code condition}; a failure says what was awaited and what was seen last. */
  static void await(String what, Condition condition, Supplier<String> seen) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("waited 20 s for " + what + "; saw " + seen.get());
      }
      Thread.sleep(10);
    }
    assertTrue(condition.holds());
  }
}
