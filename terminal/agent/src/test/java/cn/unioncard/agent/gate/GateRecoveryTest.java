package cn.unioncard.agent.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.agent.gate.Gate;
import cn.unioncard.agent.gate.Hotlist;
import cn.unioncard.agent.gate.Psam;
import cn.unioncard.agent.gate.TapResult;
import cn.unioncard.agent.gate.TripDetail;
import cn.unioncard.agent.gate.fare.FareEngine;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.agent.store.TxState;
import cn.unioncard.sim.card.SimulatedCard;
import cn.unioncard.sim.card.TearingCard;
import cn.unioncard.sim.card.psam.PsamApplications;
import cn.unioncard.sim.card.psam.PsamState;
import cn.unioncard.sim.card.transit.TransitApplications;
import cn.unioncard.sim.card.transit.TransitState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A tap torn at gate A, the card next seen at gate B (its own store and PSAM) within the recovery window, and later
 * back at A: the simulator's {@link TearingCard} tears after each APDU of A's tap in turn. The card is charged once
 * per ride, every debit on the card has an approved trip in some store (the same debit may be in two: settlement
 * pairs them by card and counter), and A's own row is finished when the card comes back.
 */
class GateRecoveryTest {
  static final Clock CLOCK = GateTapTest.CLOCK;
  static final String TERMINAL_A = "010203040506";
  static final String TERMINAL_B = "010203040599";
  /** The APDUs of a first bus ride: SELECT, READ RECORD 001E, INITIALIZE, UPDATE CAPP DATA CACHE, DEBIT. */
  static final int TAP_APDUS = 5;

  @TempDir Path dir;
  TransitState cardState;
  SimulatedCard card;
  TransactionStore storeA;
  TransactionStore storeB;
  PsamState psamA;
  PsamState psamB;

  @BeforeEach
  void setUp() throws Exception {
    cardState = TransitState.ordinary(5000);
    card = SimulatedCard.builder()
        .application(TransitApplications.of(cardState, () -> { }, RandomGenerator.of("L64X128MixRandom")).get(0))
        .build();
    psamA = new PsamState();
    psamA.terminalNumber = TERMINAL_A;
    psamB = new PsamState();
    psamB.terminalNumber = TERMINAL_B;
    storeA = TransactionStore.open(dir.resolve("a.db"), "GATEA001", CLOCK);
    storeB = TransactionStore.open(dir.resolve("b.db"), "GATEB001", CLOCK);
  }

  @AfterEach
  void close() {
    storeA.close();
    storeB.close();
  }

  Gate gate(Gate.Config config, PsamState psam, TransactionStore store, Clock clock) throws Exception {
    return new Gate(config, Psam.open(new GateTapTest.Card(PsamApplications.of(psam, () -> { }))), store,
        GateTapTest::fares, Hotlist::empty, clock);
  }

  static List<Object[]> tearPoints() {
    List<Object[]> out = new ArrayList<>();
    for (int apdu = 1; apdu <= TAP_APDUS; apdu++) {
      out.add(new Object[] {apdu, false});
      out.add(new Object[] {apdu, true});
    }
    return out;
  }

  @ParameterizedTest(name = "torn at A's APDU {0}, after executing it: {1}")
  @MethodSource("tearPoints")
  void aTapTornAtOneGateIsNeverChargedTwiceAtAnotherAndNoDebitIsLost(int apdu, boolean afterExecuting)
      throws Exception {
    Gate a = gate(GateTapTest.BUS, psamA, storeA, CLOCK);
    TearingCard tearing = new TearingCard(card, apdu, afterExecuting, false);
    TapResult torn = a.tap(tearing, null);
    assertEquals(TapResult.Outcome.TAP_AGAIN, torn.outcome(), torn.message());
    boolean debitedAtA = apdu == TAP_APDUS && afterExecuting;
    // A's intent is stored after MAC1, before UPDATE CAPP DATA CACHE (APDU 4)
    assertEquals(apdu >= 4 ? 1 : 0, count(storeA, "SELECT count(*) FROM transactions WHERE state = 'AWAITING_CARD'"));

    // the passenger walks to gate B a minute later
    card.enterField();
    Gate b = gate(GateTapTest.BUS, psamB, storeB, Clock.offset(CLOCK, Duration.ofMinutes(1)));
    TapResult atB = b.tap(card, null);
    assertEquals(TapResult.Outcome.OPEN, atB.outcome(), atB.message());
    assertEquals(debitedAtA ? 0 : 200, atB.chargedFen());
    assertEquals(4800, cardState.balanceFen, "the ride was paid exactly once");
    assertEquals(1, cardState.tripRecords.size());
    assertEquals(1, count(storeB, "SELECT count(*) FROM transactions WHERE state = 'APPROVED'"));
    assertEquals(200, count(storeB, "SELECT sum(purse_fen) FROM transactions WHERE state = 'APPROVED'"));
    TxRecord bTrip = storeB.get(atB.transactionId()).get();
    TripDetail bDetail = TripDetail.decode(bTrip.detail());
    if (debitedAtA) {
      // B's recovered trip: A's terminal, the card's counter and TAC, uploaded by B
      assertEquals(TERMINAL_A, bDetail.paidElsewhere().fromTerminal());
      assertEquals(Boolean.TRUE, bDetail.recovered());
      assertEquals(0, bDetail.epCounter());
      assertEquals(cardState.lastTransaction.tac, bDetail.tac());
      // SELECT, READ RECORD 001E, READ RECORD 0018, GET TRANSACTION PROVE; no PSAM work
      assertEquals(4, atB.cardApdus());
      assertEquals(0, atB.psamApdus());
    } else {
      assertNull(bDetail.paidElsewhere());
    }

    // two hours later the card is back at A: A finishes its own row, then charges the new ride
    card.enterField();
    Gate aLater = gate(GateTapTest.BUS, psamA, storeA, Clock.offset(CLOCK, Duration.ofHours(2)));
    TapResult back = aLater.tap(card, null);
    assertEquals(TapResult.Outcome.OPEN, back.outcome(), back.message());
    assertEquals(200, back.chargedFen(), "two hours later it is a new ride");
    assertEquals(4600, cardState.balanceFen);
    assertEquals(0, count(storeA, "SELECT count(*) FROM transactions WHERE state IN ('STARTED', 'AWAITING_CARD')"));
    if (apdu >= 4) {
      assertEquals(debitedAtA ? 2 : 1, count(storeA, "SELECT count(*) FROM transactions WHERE state = 'APPROVED'"));
      assertEquals(debitedAtA ? 0 : 1, count(storeA, "SELECT count(*) FROM transactions WHERE state = 'CANCELLED'"));
    }

    // every debit on the card is an approved trip somewhere, once its card and counter are paired
    Map<Integer, Long> byCounter = new HashMap<>();
    for (TransactionStore s : new TransactionStore[] {storeA, storeB}) {
      for (ApprovedTrip d : approvedTrips(s)) {
        int counter = d.detail().epCounter();
        assertTrue(counter >= 0, "an approved trip without the card's counter: " + d);
        Long amount = d.amountFen();
        Long before = byCounter.put(counter, amount);
        if (before != null) {
          assertEquals(before, amount, "the same debit with two amounts");
        }
      }
    }
    assertEquals(2, byCounter.size(), "two debits, each stored: " + byCounter);
    assertEquals(5000 - cardState.balanceFen, byCounter.values().stream().mapToLong(Long::longValue).sum());
  }

  /** The process dies at card APDU {@code apdu} (before or after the card ran it); the store is what is on disk. */
  @ParameterizedTest(name = "crash at APDU {0}, after the card ran it: {1}")
  @MethodSource("tearPoints")
  void aCrashAtAnyInstantLeavesWhatTheRestartedGateFinishesChargingOnce(int apdu, boolean afterExecuting)
      throws Exception {
    Gate a = gate(GateTapTest.BUS, psamA, storeA, CLOCK);
    int[] n = {0};
    TapResult crashed = a.tap(bytes -> {
      if (++n[0] == apdu) {
        if (afterExecuting) {
          card.transmit(bytes);
        }
        throw new IllegalStateException("the process died"); // nothing after this point runs in a real crash
      }
      return card.transmit(bytes);
    }, null);
    assertEquals(TapResult.Outcome.OUT_OF_SERVICE, crashed.outcome());
    storeA.close();
    storeA = TransactionStore.open(dir.resolve("a.db"), "GATEA001", CLOCK);
    card.enterField();
    Gate restarted = gate(GateTapTest.BUS, psamA, storeA, Clock.offset(CLOCK, Duration.ofSeconds(30)));
    TapResult again = restarted.tap(card, null);
    assertEquals(TapResult.Outcome.OPEN, again.outcome(), again.message());
    boolean debited = apdu == TAP_APDUS && afterExecuting;
    assertEquals(debited ? 0 : 200, again.chargedFen());
    assertEquals(4800, cardState.balanceFen, "charged once");
    assertEquals(1, count(storeA, "SELECT count(*) FROM transactions WHERE state = 'APPROVED'"));
    assertEquals(200, count(storeA, "SELECT sum(purse_fen) FROM transactions WHERE state = 'APPROVED'"));
    assertEquals(0, count(storeA, "SELECT count(*) FROM transactions WHERE state IN ('STARTED', 'AWAITING_CARD')"));
  }

  @Test
  void theRecoveryAtAnotherGateIsTakenOnceAndTheNextTapThereIsANewRide() throws Exception {
    gate(GateTapTest.BUS, psamA, storeA, CLOCK).tap(new TearingCard(card, TAP_APDUS, true, false), null);
    Gate b = gate(GateTapTest.BUS, psamB, storeB, Clock.offset(CLOCK, Duration.ofMinutes(1)));
    card.enterField();
    assertEquals(0, b.tap(card, null).chargedFen());
    card.enterField();
    TapResult companion = b.tap(card, null);
    assertEquals(TapResult.Outcome.OPEN, companion.outcome(), companion.message());
    assertEquals(200, companion.chargedFen());
    assertEquals(4600, cardState.balanceFen);
    assertEquals(2, count(storeB, "SELECT count(*) FROM transactions WHERE state = 'APPROVED'"));
  }

  @Test
  void aMetroEntryTornAfterItsDebitIsNotPenalisedAsASecondEntryAtTheNextGate() throws Exception {
    Gate.Config entryA = new Gate.Config("1001", "0101", FareEngine.Direction.ENTRY, "5180", "0000000000000001",
        Duration.ofMinutes(5));
    Gate a = gate(entryA, psamA, storeA, CLOCK);
    TapResult torn = a.tap(new TearingCard(card, TAP_APDUS, true, false), null);
    assertEquals(TapResult.Outcome.TAP_AGAIN, torn.outcome());
    card.enterField();
    Gate b = gate(entryA, psamB, storeB, Clock.offset(CLOCK, Duration.ofSeconds(20)));
    TapResult atB = b.tap(card, null);
    assertEquals(TapResult.Outcome.OPEN, atB.outcome(), atB.message());
    assertEquals(0, atB.chargedFen(), "the entry is on the card: no second-entry penalty");
    assertEquals(5000, cardState.balanceFen);
    assertEquals(1, cardState.tripRecords.size(), "no second entry written");
    assertEquals(1, count(storeB, "SELECT count(*) FROM transactions WHERE state = 'APPROVED'"));
    // and the exit pairs with that entry
    card.enterField();
    Gate exit = gate(new Gate.Config("1001", "0103", FareEngine.Direction.EXIT, "5180", "0000000000000001",
        Duration.ofMinutes(5)), psamB, storeB, Clock.offset(CLOCK, Duration.ofMinutes(30)));
    TapResult out = exit.tap(card, null);
    assertEquals(400, out.chargedFen(), out.message());
  }

  @Test
  void aCrashAfterTheTripWasStoredButBeforeTheGateOpenedDoesNotChargeTheRetap() throws Exception {
    Gate a = gate(GateTapTest.BUS, psamA, storeA, CLOCK);
    TapResult first = a.tap(card, null);
    assertEquals(200, first.chargedFen());
    // the process dies before the gate opens; the gate starts again and the passenger taps at once
    card.enterField();
    Gate restarted = gate(GateTapTest.BUS, psamA, storeA, Clock.offset(CLOCK, Duration.ofSeconds(15)));
    TapResult again = restarted.tap(card, null);
    assertEquals(TapResult.Outcome.OPEN, again.outcome(), again.message());
    assertEquals(0, again.chargedFen());
    assertEquals(4800, cardState.balanceFen);
    assertEquals(1, count(storeA, "SELECT count(*) FROM transactions"));
    // once the gate has opened for it, a second tap of the same card is another rider's (a companion's)
    card.enterField();
    TapResult companion = restarted.tap(card, null);
    assertEquals(TapResult.Outcome.OPEN, companion.outcome(), companion.message());
    assertEquals(200, companion.chargedFen());
    assertEquals(4600, cardState.balanceFen);
  }

  @Test
  void aTapTornBeforeTheDebitIsCancelledEvenAfterTheCardPaidElsewhereWithTheSameCounter() throws Exception {
    // torn at UPDATE CAPP DATA CACHE: A's row awaits the card with counter 0; B then debits with counter 0
    Gate a = gate(GateTapTest.BUS, psamA, storeA, CLOCK);
    a.tap(new TearingCard(card, 4, true, false), null);
    card.enterField();
    Gate b = gate(GateTapTest.BUS, psamB, storeB, Clock.offset(CLOCK, Duration.ofHours(1)));
    assertEquals(200, b.tap(card, null).chargedFen());
    // GET TRANSACTION PROVE for counter 0 + 1 would now prove B's debit; A must not take it for its own
    card.enterField();
    Gate aLater = gate(GateTapTest.BUS, psamA, storeA, Clock.offset(CLOCK, Duration.ofHours(3)));
    assertEquals(200, aLater.tap(card, null).chargedFen());
    assertEquals(1, count(storeA, "SELECT count(*) FROM transactions WHERE state = 'CANCELLED'"
        + " AND reason = 'torn_not_debited'"));
    assertEquals(1, count(storeA, "SELECT count(*) FROM transactions WHERE state = 'APPROVED'"));
    assertEquals(4600, cardState.balanceFen);
  }

  /** An approved trip as stored: its detail and the amount the purse paid. */
  record ApprovedTrip(TripDetail detail, long amountFen) {}

  List<ApprovedTrip> approvedTrips(TransactionStore s) throws Exception {
    List<ApprovedTrip> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + s.file());
        Statement st = c.createStatement();
        ResultSet r = st.executeQuery("SELECT detail, purse_fen FROM transactions WHERE state = 'APPROVED'")) {
      while (r.next()) {
        assertNotNull(r.getString(1));
        out.add(new ApprovedTrip(TripDetail.decode(r.getString(1)), r.getLong(2)));
      }
    }
    return out;
  }

  static long count(TransactionStore s, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + s.file());
        Statement st = c.createStatement();
        ResultSet r = st.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}
