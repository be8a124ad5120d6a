package cn.unioncard.agent.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.agent.gate.Gate;
import cn.unioncard.agent.gate.Hotlist;
import cn.unioncard.agent.gate.Psam;
import cn.unioncard.agent.gate.TapResult;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.agent.store.UploadQueue;
import cn.unioncard.agent.store.UploadState;
import cn.unioncard.sim.card.SimulatedCard;
import cn.unioncard.sim.card.psam.PsamApplications;
import cn.unioncard.sim.card.psam.PsamState;
import cn.unioncard.sim.card.transit.TransitApplications;
import cn.unioncard.sim.card.transit.TransitState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bus validator offline for a week: what one stored trip costs on disk, a week of a busy validator's trips within
 * the store's bound, and a full store that refuses taps with a clear reason, takes nothing from the card, and works
 * again once uploaded trips are pruned.
 */
class GateOfflineWeekTest {
  /** A busy city bus validator: taps a day, days offline. */
  static final int TAPS_PER_DAY = 2_000;
  static final int DAYS = 7;
  /** Trips tapped for real to measure a trip's size. */
  static final int SAMPLE = 150;

  @TempDir Path dir;
  TransitState cardState;
  SimulatedCard card;
  PsamState psamState;

  @BeforeEach
  void setUp() throws Exception {
    cardState = TransitState.ordinary(1_000_000_000L);
    card = SimulatedCard.builder()
        .application(TransitApplications.of(cardState, () -> { }, RandomGenerator.of("L64X128MixRandom")).get(0))
        .build();
    psamState = new PsamState();
  }

  Gate gate(TransactionStore store, Clock clock) throws Exception {
    return new Gate(GateTapTest.BUS, Psam.open(new GateTapTest.Card(PsamApplications.of(psamState, () -> { }))),
        store, GateTapTest::fares, Hotlist::empty, clock);
  }

  /** Taps the card {@code n} times, each a new ride (ten minutes apart, past the recovery window). */
  List<TapResult> ride(Gate g, int n) {
    List<TapResult> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      card.enterField();
      out.add(g.tap(card, "model_worker"));
    }
    return out;
  }

  /** A clock that moves ten minutes at each reading of the gate, so each tap is a new ride. */
  static Clock steppingClock() {
    long[] tick = {0};
    return new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return GateTapTest.CLOCK.getZone();
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public java.time.Instant instant() {
        return GateTapTest.CLOCK.instant().plus(Duration.ofMinutes(10 * tick[0]++));
      }
    };
  }

  @Test
  void aWeekOfABusyValidatorsTripsStaysWithinTheStoresBound() throws Exception {
    Path file = dir.resolve("bus.db");
    long emptyBytes;
    long sampleBytes;
    try (TransactionStore store = TransactionStore.open(file, "BUS00001", GateTapTest.CLOCK)) {
      emptyBytes = usedBytes(file);
      for (TapResult r : ride(gate(store, steppingClock()), SAMPLE)) {
        assertEquals(TapResult.Outcome.OPEN, r.outcome(), r.message());
      }
      sampleBytes = usedBytes(file) - emptyBytes;
    }
    long perTrip = (sampleBytes + SAMPLE - 1) / SAMPLE;
    System.out.println("offline week: " + perTrip + " bytes per trip, empty store " + emptyBytes + " bytes");
    // a trip row with its detail, its history and the index pages: under a kilobyte (docs/gate.md)
    assertTrue(perTrip > 200 && perTrip < 2048, "bytes per trip: " + perTrip);
    int week = TAPS_PER_DAY * DAYS;
    // the bound a validator is configured with: a week's trips with a quarter to spare, plus the gate's reserve
    long bound = emptyBytes + week * perTrip * 5 / 4 + Gate.STORE_RESERVE_BYTES;

    // the rest of the week: copies of the sampled trips under new ids, as the gate would have stored them
    copyTrips(file, week - SAMPLE);
    assertEquals(week, count(file, "SELECT count(*) FROM transactions WHERE state = 'APPROVED'"));
    long weekBytes = usedBytes(file);
    assertTrue(weekBytes <= bound - Gate.STORE_RESERVE_BYTES,
        "a week (" + weekBytes + " bytes) fits the bound (" + bound + " bytes)");
    try (TransactionStore store = TransactionStore.open(file, "BUS00001", GateTapTest.CLOCK, bound)) {
      assertEquals(week, store.uploads().uploadCounts().get(UploadState.PENDING));
      // the week's last tap still has its room
      TapResult r = ride(gate(store, steppingClock()), 1).get(0);
      assertEquals(TapResult.Outcome.OPEN, r.outcome(), r.message());
    }
    assertTrue(Files.size(file) <= bound, "the file (" + Files.size(file) + " bytes) is within the bound");
    System.out.println("offline week: " + week + " trips in " + weekBytes + " bytes, bound " + bound + " bytes");
  }

  @Test
  void aFullStoreRefusesTapsClearlyTakesNothingAndWorksAgainAfterUploadAndPruning() throws Exception {
    Path file = dir.resolve("bus.db");
    long bound = 160 * 1024;
    try (TransactionStore store = TransactionStore.open(file, "BUS00001", GateTapTest.CLOCK, bound)) {
      Gate g = gate(store, steppingClock());
      TapResult refused = null;
      int opened = 0;
      for (int i = 0; i < 1000 && refused == null; i++) {
        card.enterField();
        long before = cardState.balanceFen;
        TapResult r = g.tap(card, "model_worker");
        if (r.outcome() == TapResult.Outcome.OPEN) {
          opened++;
        } else {
          refused = r;
          assertEquals(before, cardState.balanceFen, "a refused tap takes nothing");
        }
      }
      assertTrue(refused != null, "the bound was reached");
      assertTrue(opened > 20, "trips stored before the bound: " + opened);
      assertEquals(TapResult.Outcome.OUT_OF_SERVICE, refused.outcome());
      assertEquals("store_full", refused.reason());
      assertEquals("out of service: the trip store is full until stored trips are uploaded", refused.message());
      assertNull(refused.transactionId());
      // refused before INITIALIZE FOR PURCHASE: the card was only read
      assertEquals(2, refused.cardApdus());
      assertEquals(0, refused.psamApdus());
      assertEquals(opened, count(file, "SELECT count(*) FROM transactions WHERE state = 'APPROVED'"));
      assertEquals(0, count(file, "SELECT count(*) FROM transactions WHERE state <> 'APPROVED'"));
      assertEquals(opened * 100L, 1_000_000_000L - cardState.balanceFen, "every debit is a stored trip");
      // still full at the next tap
      card.enterField();
      assertEquals("store_full", g.tap(card, "model_worker").reason());

      // the link returns: the trips are uploaded, and settlement prunes what the bank accepted
      List<UploadQueue.UploadResult> accepted = new ArrayList<>();
      for (var t : store.uploads().pendingUpload(opened)) {
        accepted.add(new UploadQueue.UploadResult(t.id(), UploadState.ACCEPTED, null));
      }
      store.uploads().recordUploads(accepted);
      // settlement's pruning (not the gate's job): the trips the bank accepted go; the newest row stays
      assertEquals(opened - 1, store.retention().prune(Instant.parse("2100-01-01T00:00:00Z")));
      card.enterField();
      TapResult again = g.tap(card, "model_worker");
      assertEquals(TapResult.Outcome.OPEN, again.outcome(), again.message());
      assertEquals(100, again.chargedFen());
    }
    assertTrue(Files.size(file) <= bound, "the file stayed within its bound: " + Files.size(file));
  }

  /** Copies of the stored trips under new sequence numbers (so new ids), {@code n} in all, as the gate stores them. */
  static void copyTrips(Path file, int n) throws Exception {
    String columns = "type, state, business_date, created_at, updated_at, register_ref, card_ref, pan_encrypted,"
        + " amount_fen, benefit_fen, debit_fen, ecash_fen, purse_fen, merchant_fen, bank_fen, union_fen,"
        + " original_id, auth_code, reason, detail, history, upload_state, upload_attempts, upload_reason, uploaded_at";
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = 5000");
      c.setAutoCommit(false);
      long sample;
      try (ResultSet r = s.executeQuery("SELECT max(seq) FROM transactions")) {
        r.next();
        sample = r.getLong(1);
      }
      long done = 0;
      for (long round = 1; done < n; round++) {
        long limit = Math.min(sample, n - done);
        long offset = round * sample;
        s.executeUpdate("INSERT INTO transactions (seq, " + columns + ") SELECT seq + " + offset + ", " + columns
            + " FROM transactions WHERE seq <= " + limit);
        done += limit;
      }
      c.commit();
    }
  }

  /** The database's size in use: its pages less the free ones (WAL included: the connection sees it). */
  static long usedBytes(Path file) throws Exception {
    return (count(file, "PRAGMA page_count") - count(file, "PRAGMA freelist_count")) * count(file, "PRAGMA page_size");
  }

  static long count(Path file, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement();
        ResultSet r = st.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}
