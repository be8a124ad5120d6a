package cn.unioncard.agent.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.agent.gate.Gate;
import cn.unioncard.agent.gate.Hotlist;
import cn.unioncard.agent.gate.HotlistFile;
import cn.unioncard.agent.gate.Psam;
import cn.unioncard.agent.gate.TapResult;
import cn.unioncard.agent.gate.fare.FareEngine;
import cn.unioncard.agent.gate.fare.FareTable;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.agent.store.TxState;
import cn.unioncard.agent.store.UploadState;
import cn.unioncard.ports.card.ApduTransport;
import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.purse.TripRecord;
import cn.unioncard.sim.card.CardApplication;
import cn.unioncard.sim.card.psam.PsamApplications;
import cn.unioncard.sim.card.psam.PsamState;
import cn.unioncard.sim.card.transit.TransitApplications;
import cn.unioncard.sim.card.transit.TransitState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gate's offline tap against the simulated transit card and PSAM: amounts on the card, rows in the store, APDU
 * counts, and torn taps at every step.
 */
class GateTapTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T00:30:15Z"), ZoneId.of("Asia/Shanghai"));
  static final String FARES = "{\"version\": 1, \"operator\": \"SZ\","
      + " \"lines\": {\"0007\": {\"kind\": \"flat\", \"fare_fen\": 200},"
      + "   \"1001\": {\"kind\": \"distance\", \"station_metres\": {\"0101\": 0, \"0103\": 9000},"
      + "      \"bands\": [{\"up_to_metres\": 6000, \"fare_fen\": 300}, {\"fare_fen\": 400}]}},"
      + " \"concessions\": {\"model_worker\": {\"percent_off\": 50, \"union_funded\": true}},"
      + " \"missing_entry_fare_fen\": 600, \"missing_exit_fare_fen\": 600}";
  static final Gate.Config BUS = new Gate.Config("0007", "0000", FareEngine.Direction.BOARDING, "5180",
      "0000000000000001", Duration.ofMinutes(5));

  @TempDir Path dir;
  TransitState cardState;
  PsamState psamState;
  TransactionStore store;
  Hotlist hotlist = Hotlist.empty();

  @BeforeEach
  void setUp() throws Exception {
    cardState = TransitState.ordinary(5000);
    psamState = new PsamState();
    store = TransactionStore.open(dir.resolve("gate.db"), "G0000001", CLOCK);
  }

  /** A card or PSAM of applications chosen by SELECT; commands before any SELECT go to the first. */
  static final class Card implements ApduTransport {
    final List<CardApplication> apps;
    CardApplication selected;

    Card(List<CardApplication> apps) {
      this.apps = apps;
    }

    @Override
    public byte[] transmit(byte[] bytes) {
      CommandApdu c;
      try {
        c = CommandApdu.parse(bytes);
      } catch (DecodeException e) {
        return new byte[] {0x67, 0x00};
      }
      if (c.cla() == 0x00 && c.ins() == 0xA4 && c.p1() == 0x04) {
        for (CardApplication a : apps) {
          if (Arrays.equals(a.aid(), c.data())) {
            if (selected != null) {
              selected.deselect();
            }
            selected = a;
            return a.select().encode();
          }
        }
        return new byte[] {0x6A, (byte) 0x82};
      }
      return (selected == null ? apps.get(0) : selected).process(c).encode();
    }

    void leaveField() {
      if (selected != null) {
        selected.deselect();
      }
      selected = null;
    }
  }

  Card card() {
    return new Card(TransitApplications.of(cardState, () -> { }, RandomGenerator.of("L64X128MixRandom")));
  }

  Gate gate(Gate.Config config) throws Exception {
    Card psam = new Card(PsamApplications.of(psamState, () -> { }));
    return new Gate(config, Psam.open(psam), store, () -> fares(), () -> hotlist, CLOCK);
  }

  static FareTable fares() {
    try {
      return FareTable.parse(FARES.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aModelWorkersBusRideAtHalfFare() throws Exception {
    TapResult r = gate(BUS).tap(card(), "model_worker");
    assertEquals(TapResult.Outcome.OPEN, r.outcome(), r.message());
    assertEquals(100, r.chargedFen());
    assertEquals(4900, r.balanceFen());
    assertEquals(4900, cardState.balanceFen);
    // SELECT, READ RECORD (the last trip), INITIALIZE, UPDATE CAPP DATA CACHE, DEBIT; PSAM: MAC1, MAC2
    assertEquals(5, r.cardApdus());
    assertEquals(2, r.psamApdus());
    // the intent before the debit, the outcome before the gate opens
    assertEquals(2, r.storeCommits());
    // the history: the intent (a one-commit begin records STARTED with it), awaiting the card, approved
    assertEquals(List.of(TxState.STARTED, TxState.AWAITING_CARD, TxState.APPROVED),
        store.history(r.transactionId()).stream().map(TransactionStore.Transition::state).collect(Collectors.toList()));
    TxRecord trip = store.get(r.transactionId()).get();
    assertEquals(TxState.APPROVED, trip.state());
    assertEquals(100, trip.purseFen());
    assertEquals(100, trip.unionFen());
    assertEquals(UploadState.PENDING, trip.uploadState());
    assertEquals(cardState.applicationSerial, trip.cardRef());
    assertTrue(trip.detail().contains("\"mac2_valid\":true"), trip.detail());
    assertTrue(trip.detail().contains("\"tac\":\""), trip.detail());
    TripRecord written = TripRecord.decode(cn.unioncard.protocol.Hex.of(cardState.tripRecords.get(0)));
    assertEquals(100, written.amount());
    assertEquals(4900, written.balance());
    assertEquals("00070000000000", written.lineStation());
  }

  @Test
  void theHotPathSendsOnlyWhatTheProtocolNeedsInOrder() throws Exception {
    List<String> card = new ArrayList<>();
    List<String> psam = new ArrayList<>();
    Card psamCard = new Card(PsamApplications.of(psamState, () -> { }));
    Gate g = new Gate(BUS, Psam.open(psamCard), store, GateTapTest::fares, () -> hotlist, CLOCK);
    g.prepare();
    Card transit = card();
    TapResult r = g.tap(bytes -> {
      card.add(cn.unioncard.protocol.Hex.encode(bytes).substring(0, 8));
      return transit.transmit(bytes);
    }, "model_worker");
    assertEquals(TapResult.Outcome.OPEN, r.outcome(), r.message());
    // the purse selected by its AID (no PPSE), the newest trip record, INITIALIZE (compound, key 1), the trip record,
    // the debit
    assertEquals(Arrays.asList("00A40400", "00B201F4", "80500302", "80DC00F0", "80540100"), card);
    assertEquals(5, r.cardApdus());
    // the PSAM was opened before the card (READ BINARY of its terminal number, SELECT); a tap asks only MAC1 and MAC2
    ApduTransport counted = bytes -> {
      psam.add(cn.unioncard.protocol.Hex.encode(bytes).substring(0, 4));
      return psamCard.transmit(bytes);
    };
    Gate h = new Gate(BUS, Psam.open(counted), store, GateTapTest::fares, () -> hotlist,
        Clock.offset(CLOCK, Duration.ofHours(1)));
    assertEquals(Arrays.asList("00B0", "00A4"), psam);
    psam.clear();
    h.prepare();
    assertEquals(0, psam.size(), "prepare asks the PSAM nothing");
    assertEquals(TapResult.Outcome.OPEN, h.tap(card(), "model_worker").outcome());
    assertEquals(Arrays.asList("8070", "8072"), psam);
  }

  @Test
  void aNewFareTableIsTakenAtTheNextTapEvenByAPreparedGate() throws Exception {
    FareTable[] current = {fares()};
    java.util.function.Supplier<FareTable> supplier = () -> current[0];
    Gate g = new Gate(BUS, Psam.open(new Card(PsamApplications.of(psamState, () -> { }))), store, supplier,
        () -> hotlist, CLOCK);
    g.prepare();
    assertEquals(200, g.tap(card(), null).chargedFen());
    String v2 = FARES.replace("\"version\": 1", "\"version\": 2").replace("\"fare_fen\": 200", "\"fare_fen\": 250");
    current[0] = FareTable.parse(v2.getBytes(StandardCharsets.UTF_8));
    TapResult r = gate(BUS).tap(card(), null);
    assertEquals(200, r.chargedFen(), "another gate with the old table");
    Gate later = new Gate(BUS, Psam.open(new Card(PsamApplications.of(psamState, () -> { }))), store, supplier,
        () -> hotlist, Clock.offset(CLOCK, Duration.ofHours(1)));
    assertEquals(250, later.tap(card(), null).chargedFen(), "the new table at the next tap, unprepared");
    assertEquals(250, g.tap(card(), null).chargedFen(), "a prepared gate notices the new table");
    assertTrue(store.get(r.transactionId()).get().detail().contains("\"fare_table\":1"));
  }

  @Test
  void aSecondRideReadsTheLastTripAndAnOrdinaryMemberPaysFull() throws Exception {
    Gate g = gate(BUS);
    assertEquals(200, g.tap(card(), "ordinary").chargedFen());
    assertEquals(200, g.tap(card(), null).chargedFen());
    assertEquals(4600, cardState.balanceFen);
    assertEquals(2, cardState.tripRecords.size());
  }

  @Test
  void theMetroChargesAtExitByDistance() throws Exception {
    Gate entry = gate(new Gate.Config("1001", "0101", FareEngine.Direction.ENTRY, "5180", "0000000000000001",
        Duration.ofMinutes(5)));
    Gate exit = gate(new Gate.Config("1001", "0103", FareEngine.Direction.EXIT, "5180", "0000000000000001",
        Duration.ofMinutes(5)));
    TapResult in = entry.tap(card(), null);
    assertEquals(TapResult.Outcome.OPEN, in.outcome(), in.message());
    assertEquals(0, in.chargedFen());
    TapResult out = exit.tap(card(), null);
    assertEquals(TapResult.Outcome.OPEN, out.outcome(), out.message());
    assertEquals(400, out.chargedFen());
    assertEquals(4600, cardState.balanceFen);
    TapResult noEntry = exit.tap(card(), null);
    assertEquals(600, noEntry.chargedFen(), "an exit with no open entry: the table's penalty");
  }

  @Test
  void anEmptyPurseIsRefusedAndNothingIsTakenOrStored() throws Exception {
    cardState.balanceFen = 150;
    TapResult r = gate(BUS).tap(card(), null);
    assertEquals(TapResult.Outcome.REFUSED, r.outcome());
    assertEquals("insufficient_balance", r.reason());
    assertEquals(150, cardState.balanceFen);
    // the card said no at INITIALIZE, before the intent: nothing to store, nothing to upload
    assertNull(r.transactionId());
    assertEquals(0, r.storeCommits());
    assertEquals(0, count("SELECT count(*) FROM transactions"));
  }

  @Test
  void aHotlistedCardIsRefusedBeforeAnythingIsStored() throws Exception {
    hotlist = Hotlist.empty().apply(HotlistFile.full(1, cardState.applicationSerial));
    TapResult r = gate(BUS).tap(card(), null);
    assertEquals(TapResult.Outcome.REFUSED, r.outcome());
    assertEquals("hotlisted", r.reason());
    assertNull(r.transactionId());
    assertEquals(5000, cardState.balanceFen);
    assertEquals(0, count("SELECT count(*) FROM transactions"));
  }

  @Test
  void whereTheOperatorChoosesItAHotlistedCardsApplicationIsBlockedWithThePsamMac() throws Exception {
    hotlist = Hotlist.empty().apply(HotlistFile.full(1, cardState.applicationSerial));
    Gate blocking = gate(new Gate.Config("0007", "0000", FareEngine.Direction.BOARDING, "5180", "0000000000000001",
        Duration.ofMinutes(5), true));
    TapResult r = blocking.tap(card(), null);
    assertEquals("hotlisted", r.reason());
    // SELECT, GET CHALLENGE, APPLICATION BLOCK; PSAM: INIT SAM FOR DESCRYPT, DES CRYPT
    assertEquals(3, r.cardApdus());
    assertEquals(2, r.psamApdus());
    assertEquals(TransitState.Block.TEMPORARY, cardState.applicationBlock);
    assertEquals(5000, cardState.balanceFen);
    // a blocked card is refused at any gate from then on, hotlist or not
    hotlist = Hotlist.empty();
    assertEquals("application_blocked", gate(BUS).tap(card(), null).reason());
  }

  @Test
  void aLineTheFareTableDoesNotKnowIsNotValidHere() throws Exception {
    TapResult r = gate(new Gate.Config("0999", "0000", FareEngine.Direction.BOARDING, "5180", "0000000000000001",
        Duration.ofMinutes(5))).tap(card(), null);
    assertEquals("not_valid_here", r.reason());
  }

  static List<Object[]> tearPoints() {
    List<Object[]> out = new ArrayList<>();
    for (int apdu = 1; apdu <= 5; apdu++) {
      out.add(new Object[] {apdu, true});
      out.add(new Object[] {apdu, false});
    }
    return out;
  }

  /**
   * The card leaves at each APDU of the tap in turn, before or after the card executed it; the passenger taps
   * again. Whatever the moment: the fare is taken exactly once, and the store holds exactly one approved trip.
   */
  @ParameterizedTest(name = "torn at APDU {0}, after executing it: {1}")
  @MethodSource("tearPoints")
  void aTornTapIsFinishedAtTheNextTapAndMoneyIsTakenOnce(int apdu, boolean afterExecuting) throws Exception {
    Gate g = gate(BUS);
    Card first = card();
    int[] n = {0};
    ApduTransport tearing = bytes -> {
      n[0]++;
      if (n[0] == apdu) {
        if (afterExecuting) {
          first.transmit(bytes);
        }
        first.leaveField();
        throw new CardIoException("torn");
      }
      return first.transmit(bytes);
    };
    TapResult torn = g.tap(tearing, null);
    assertEquals(TapResult.Outcome.TAP_AGAIN, torn.outcome(), torn.message());
    TapResult again = g.tap(card(), null);
    assertEquals(TapResult.Outcome.OPEN, again.outcome(), again.message());
    assertEquals(4800, cardState.balanceFen, "the fare was taken exactly once");
    assertEquals(1, count("SELECT count(*) FROM transactions WHERE state = 'APPROVED'"));
    assertEquals(0, count("SELECT count(*) FROM transactions WHERE state IN ('STARTED', 'AWAITING_CARD')"));
    assertEquals(200, count("SELECT sum(purse_fen) FROM transactions WHERE state = 'APPROVED'"));
    assertEquals(1, cardState.tripRecords.size(), "no debit without its trip record");
    boolean debitedAtTheTornTap = apdu == 5 && afterExecuting;
    assertEquals(debitedAtTheTornTap ? 0 : 200, again.chargedFen());
  }

  @Test
  void aCardTornAfterItsDebitAndSeenLaterIsSettledAndChargedAnew() throws Exception {
    Gate early = gate(BUS);
    Card first = card();
    int[] n = {0};
    early.tap(bytes -> {
      if (++n[0] == 5) {
        first.transmit(bytes);
        first.leaveField();
        throw new CardIoException("torn");
      }
      return first.transmit(bytes);
    }, null);
    Gate later = new Gate(BUS, Psam.open(new Card(PsamApplications.of(psamState, () -> { }))), store, GateTapTest::fares,
        () -> hotlist, Clock.offset(CLOCK, Duration.ofHours(2)));
    TapResult r = later.tap(card(), null);
    assertEquals(200, r.chargedFen(), "two hours later it is a new ride");
    assertEquals(4600, cardState.balanceFen);
    assertEquals(2, count("SELECT count(*) FROM transactions WHERE state = 'APPROVED'"));
  }

  @Test
  void aBundledProfilesCardInAStateFileKeepsItsRideAcrossRuns() throws Exception {
    Path file = dir.resolve("model-worker.json");
    cn.unioncard.sim.card.Profiles.copy("model-worker", file);
    cn.unioncard.sim.card.SimulatedCard card = cn.unioncard.sim.card.SimulatedCard.open(file);
    TapResult r = gate(BUS).tap(card, "model_worker");
    assertEquals(TapResult.Outcome.OPEN, r.outcome(), r.message());
    assertEquals(100, r.chargedFen());
    // the next run opens the same file: the ride is on the card
    cn.unioncard.agent.card.CardRead read = new cn.unioncard.agent.card.CardSession(
        cn.unioncard.sim.card.SimulatedCard.open(file), cn.unioncard.agent.card.TerminalData.defaults()).read();
    assertEquals(r.balanceFen(), read.transit().balanceFen());
    assertEquals(1, read.transit().trips().size());
    assertEquals(100L, read.transit().trips().get(0).amountFen());
  }

  @Test
  void aBlockedTransitApplicationIsRefused() throws Exception {
    cn.unioncard.sim.card.SimulatedCard card =
        cn.unioncard.sim.card.SimulatedCard.of(cn.unioncard.sim.card.Profiles.load("blocked-transit"));
    TapResult r = gate(BUS).tap(card, null);
    assertEquals(TapResult.Outcome.REFUSED, r.outcome());
    assertEquals("application_blocked", r.reason());
    assertEquals(1, r.cardApdus());
  }

  String text(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("gate.db"));
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getString(1);
    }
  }

  long count(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("gate.db"));
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }


}
