package cn.unioncard.agent.settle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.agent.settle.DayClose;
import cn.unioncard.agent.settle.SettlementConfig;
import cn.unioncard.agent.settle.SettlementWorker.Round;
import cn.unioncard.agent.settle.SettlementWorker;
import cn.unioncard.agent.store.BusinessDays;
import cn.unioncard.agent.store.NewTx;
import cn.unioncard.agent.store.StoreException;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.agent.store.TxChange;
import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.agent.store.TxState;
import cn.unioncard.agent.store.TxType;
import cn.unioncard.agent.store.UploadState;
import cn.unioncard.bank.BankClient;
import cn.unioncard.bank.SignOn;
import cn.unioncard.bank.keys.PanProtection;
import cn.unioncard.bank.model.BatchRequest;
import cn.unioncard.bank.model.Funding;
import cn.unioncard.bank.model.RecordType;
import cn.unioncard.bank.model.TransactionRecord;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.emv.Pan;
import cn.unioncard.sim.bank.BankSimulator;
import cn.unioncard.sim.bank.CardSeed;
import cn.unioncard.sim.bank.Faults;
import cn.unioncard.sim.bank.Ledger;
import cn.unioncard.sim.bank.TestKeys;
import cn.unioncard.sim.testing.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settlement worker with a real store file against the real bank simulator over HTTPS on loopback: what the
 * bank's ledger holds, the store's rows and upload states.
 */
class SettlementWorkerTest {
  static final String TERMINAL = "T0000009";
  static final String PAN = "6217000000000005678";
  static final String STRANGER = "6217000000000009999"; // a card the bank does not know
  static final LocalDate DAY = LocalDate.of(2026, 11, 23);

  @TempDir Path dir;
  BankSimulator bank;
  BankClient client;
  PanProtection protection;
  MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
  TransactionStore store;

  @BeforeEach
  void start() throws Exception {
    bank = BankSimulator.start(BankSimulator.Config.of(dir.resolve("bank.sqlite")));
    bank.addTerminal(TERMINAL);
    bank.addCard(CardSeed.of(luhn(PAN), "00", "301231", null, 10_000_000L, 10_000_000L));
    client = client(3, Duration.ofSeconds(120));
    SignOn signOn = client.signOn(TestKeys.terminalMasterKey(TERMINAL));
    protection = signOn.keys().panProtection();
    store = TransactionStore.open(dir.resolve("store.db"), TERMINAL, clock);
  }

  @AfterEach
  void stop() {
    store.close();
    client.close();
    bank.close();
  }

  BankClient client(int attempts, Duration maxRetryAfter) {
    return new BankClient(TestKeys.clientConfig(bank.baseUrl().toString(), bank.caPem(), TERMINAL)
        .maxAttempts(attempts)
        .backoffBase(Duration.ofMillis(10))
        .backoffMax(Duration.ofMillis(50))
        .maxRetryAfter(maxRetryAfter)
        .readTimeout(Duration.ofSeconds(20))
        .callTimeout(Duration.ofSeconds(60))
        .build());
  }

  static SettlementConfig config(int batchSize) {
    return SettlementConfig.defaults().withBatchSize(batchSize).withRefusals(3, Duration.ofHours(1))
        .withBackoff(Duration.ofMillis(10), Duration.ofMillis(80));
  }

  SettlementWorker worker(int batchSize) {
    return new SettlementWorker(store, client, config(batchSize), clock);
  }

  static String luhn(String fifteenOrMore) {
    String body = fifteenOrMore.substring(0, fifteenOrMore.length() - 1);
    int sum = 0;
    boolean twice = true;
    for (int i = body.length() - 1; i >= 0; i--) {
      int d = body.charAt(i) - '0';
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
    }
    return body + (char) ('0' + (10 - sum % 10) % 10);
  }

  /** An approved record of {@code type} on the card {@code pan}, stored as a flow would: begin, then the outcome. */
  TxRecord approved(TxType type, String pan, TxChange change, String original, String detail) throws Exception {
    Pan p = Pan.parse(luhn(pan));
    String hash = protection.panHash(p);
    NewTx n = NewTx.of(type, DAY).card(hash, null);
    if (original != null) {
      n.original(original);
    }
    TxRecord t = store.begin(n);
    byte[] encrypted = Hex.parse(protection.encryptPan(p, t.id()));
    TxChange c = change.card(hash, encrypted);
    if (detail != null) {
      c.detail(detail);
    }
    return store.move(t.id(), TxState.STARTED, TxState.APPROVED, c);
  }

  TxRecord sale(long benefit, long debit) throws Exception {
    return approved(TxType.SALE, PAN, TxChange.none().funding(benefit, debit, 0, 0), null, null);
  }

  List<TxRecord> sales(int n) throws Exception {
    List<TxRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(sale(0, 100 + i));
    }
    return out;
  }

  Map<String, Ledger.Record> ledger() {
    Map<String, Ledger.Record> out = new HashMap<>();
    for (Ledger.Record r : bank.ledger().records(null, null)) {
      out.put(r.transactionId(), r);
    }
    return out;
  }

  /** The bank's own log of the batches it received: records sent to it, and how many it found duplicate. */
  long[] batchesAtTheBank() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + bank.ledger().file());
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(
            "SELECT count(*), coalesce(sum(records), 0), coalesce(sum(duplicates), 0) FROM batches")) {
      r.next();
      return new long[] {r.getLong(1), r.getLong(2), r.getLong(3)};
    }
  }

  @Test
  void uploadsEveryRecordOnceOldestFirstInBatches() throws Exception {
    List<TxRecord> sales = sales(25);
    TxRecord declined = store.begin(NewTx.of(TxType.SALE, DAY).amount(5));
    store.move(declined.id(), TxState.STARTED, TxState.DECLINED, null);
    SettlementWorker w = worker(10);
    Round r = w.drain();
    assertEquals(Round.Outcome.DRAINED, r.outcome(), r.failure());
    assertEquals(3, r.batches());
    assertEquals(25, r.accepted());
    Map<String, Ledger.Record> held = ledger();
    assertEquals(25, held.size());
    for (int i = 0; i < sales.size(); i++) {
      TxRecord s = sales.get(i);
      Ledger.Record b = held.get(s.id());
      assertNotNull(b, s.id());
      assertEquals(100 + i, b.amountFen());
      assertEquals(100 + i, b.debitFen());
      assertEquals("sale", b.type());
      assertEquals(UploadState.ACCEPTED, store.get(s.id()).get().uploadState());
      // oldest first: records 1-10 in the first batch (named after its first record), 11-20, 21-25
      assertTrue(b.batchId().endsWith(sales.get(i / 10 * 10).id()), b.batchId());
    }
    assertEquals(UploadState.NOT_DUE, store.get(declined.id()).get().uploadState());
    assertEquals(3, batchesAtTheBank()[0]);
    assertEquals(25L, w.status().counts().get(UploadState.ACCEPTED));
    assertEquals(3, w.status().batchesSent());
    assertEquals(Round.Outcome.DRAINED, w.drain().outcome(), "nothing left");
    assertEquals(3, batchesAtTheBank()[0], "nothing sent again");
  }

  @Test
  void lostAnswersDroppedConnectionsAnd429sEndWithEachRecordHeldOnce() throws Exception {
    SettlementWorker w = worker(4);
    Faults.Rule[] faults = {
      Faults.Rule.of(Faults.Kind.DROP_AFTER), // the bank took the batch, the answer was lost
      Faults.Rule.of(Faults.Kind.DROP_BEFORE),
      Faults.Rule.errors(1.0, 1, 429),
      Faults.Rule.errors(1.0, 0, 500),
      Faults.Rule.of(Faults.Kind.DUPLICATE) // the network delivered the batch twice
    };
    List<TxRecord> all = new ArrayList<>();
    for (Faults.Rule f : faults) {
      List<TxRecord> sales = sales(4);
      all.addAll(sales);
      bank.faults().add(f.onPath("/v1/records").times(1));
      Round r = w.drain();
      assertEquals(Round.Outcome.DRAINED, r.outcome(), f + ": " + r.failure());
      for (TxRecord s : sales) {
        UploadState u = store.get(s.id()).get().uploadState();
        UploadState expected = f.kind() == Faults.Kind.DROP_AFTER || f.kind() == Faults.Kind.DUPLICATE
            ? UploadState.DUPLICATE : UploadState.ACCEPTED;
        assertEquals(expected, u, f + " " + s.id());
      }
    }
    Map<String, Ledger.Record> held = ledger();
    assertEquals(all.size(), held.size(), "each record held once");
    for (TxRecord s : all) {
      assertEquals(s.debitFen(), held.get(s.id()).debitFen());
    }
  }

  @Test
  void anUnreachableBankLeavesEverythingDueAndTheNextRoundFinishes() throws Exception {
    List<TxRecord> sales = sales(3);
    bank.faults().add(Faults.Rule.errors(1.0, 0, 503));
    SettlementWorker w = worker(10);
    Round r = w.drain();
    assertEquals(Round.Outcome.BANK_FAILED, r.outcome());
    assertTrue(r.failure().contains("UNREACHABLE"), r.failure());
    assertEquals(3, store.uploads().pendingCount());
    assertEquals(r.failure(), w.status().lastFailure());
    bank.faults().clear();
    assertEquals(Round.Outcome.DRAINED, w.drain().outcome());
    assertEquals(3, ledger().size());
    assertEquals(0, store.uploads().pendingCount());
    assertEquals(null, w.status().lastFailure());
    assertEquals(sales.size(), w.status().counts().get(UploadState.ACCEPTED).intValue());
  }

  @Test
  void aRetryAfterAboveTheClientsBoundIsHandedToTheWorkersBackOff() throws Exception {
    sales(1);
    try (BankClient impatient = client(3, Duration.ofSeconds(1))) {
      bank.faults().add(Faults.Rule.errors(1.0, 30, 429));
      Round r = new SettlementWorker(store, impatient, config(10), clock).drain();
      assertEquals(Round.Outcome.BANK_FAILED, r.outcome());
      assertEquals(30_000, r.retryAfterMillis(), r.failure());
    }
  }

  @Test
  void aRefusedRecordIsKeptRetriedAfterItsWaitThenQuarantinedWithoutBlockingOthers() throws Exception {
    TxRecord before = sale(0, 100);
    TxRecord stranger = approved(TxType.SALE, STRANGER, TxChange.none().funding(0, 700, 0, 0), null, null);
    TxRecord after = sale(0, 300);
    SettlementWorker w = worker(10);
    assertEquals(Round.Outcome.DRAINED, w.drain().outcome());
    TxRecord refused = store.get(stranger.id()).get();
    assertEquals(UploadState.REJECTED, refused.uploadState());
    assertEquals("unknown_card", refused.uploadReason());
    assertEquals(1, refused.uploadAttempts());
    assertEquals(UploadState.ACCEPTED, store.get(before.id()).get().uploadState());
    assertEquals(UploadState.ACCEPTED, store.get(after.id()).get().uploadState(), "not blocked by the refusal");

    long batches = batchesAtTheBank()[0];
    w.drain();
    assertEquals(batches, batchesAtTheBank()[0], "not resent before its wait");
    for (int attempt = 2; attempt <= 3; attempt++) {
      clock.advance(Duration.ofHours(1).plusSeconds(1));
      w.drain();
      assertEquals(attempt, store.get(stranger.id()).get().uploadAttempts());
    }
    refused = store.get(stranger.id()).get();
    assertEquals(UploadState.QUARANTINED, refused.uploadState(), "refused 3 times");
    assertEquals(List.of(stranger.id()), ids(store.uploads().quarantined()));
    assertEquals(1L, w.status().counts().get(UploadState.QUARANTINED));
    assertEquals(List.of(stranger.id()), ids(w.status().quarantined()));
    assertFalse(ledger().containsKey(stranger.id()));
    clock.advance(Duration.ofDays(400));
    w.drain();
    assertEquals(UploadState.QUARANTINED, store.get(stranger.id()).get().uploadState(), "never resent by itself");
    w.pruneSettled();
    assertTrue(store.get(stranger.id()).isPresent(), "never pruned");
    assertFalse(store.get(before.id()).isPresent(), "the accepted record is pruned after retention");
  }

  @Test
  void aReversalIsNeverQuarantinedItWaitsAndIsEscalated() throws Exception {
    TxRecord sale = approved(TxType.SALE, STRANGER, TxChange.none().funding(0, 700, 0, 0), null, null);
    TxRecord reversal = approved(TxType.REVERSAL, STRANGER, TxChange.none().funding(0, 700, 0, 0), sale.id(), null);
    SettlementWorker w = worker(10);
    for (int i = 0; i < 5; i++) {
      w.drain();
      clock.advance(Duration.ofHours(1).plusSeconds(1));
    }
    assertEquals(UploadState.QUARANTINED, store.get(sale.id()).get().uploadState());
    TxRecord r = store.get(reversal.id()).get();
    assertEquals(UploadState.REJECTED, r.uploadState(), "still waiting");
    assertEquals(5, r.uploadAttempts(), "and still tried");
    assertEquals(List.of(reversal.id()), ids(w.status().escalated()));
  }

  @Test
  void aConflictOrARecordThatCannotBeMadeIsQuarantinedAtOnce() throws Exception {
    TxRecord conflicting = sale(0, 500);
    TxRecord noCard = store.begin(NewTx.of(TxType.SALE, DAY).amount(100));
    store.move(noCard.id(), TxState.STARTED, TxState.APPROVED, TxChange.none().funding(0, 100, 0, 0));
    TxRecord fine = sale(0, 200);
    // the bank already holds the first id with other content
    Pan p = Pan.parse(luhn(PAN));
    client.uploadBatch(new BatchRequest("OTHER", List.of(new TransactionRecord(conflicting.id(), RecordType.SALE, DAY,
        Instant.parse("2026-11-23T01:00:00Z"), protection.panHash(p), protection.encryptPan(p, conflicting.id()),
        999, new Funding(0, 999, 0, 0), List.of(), null, null, null, null, null))));
    assertEquals(Round.Outcome.DRAINED, worker(10).drain().outcome());
    TxRecord c = store.get(conflicting.id()).get();
    assertEquals(UploadState.QUARANTINED, c.uploadState());
    assertEquals("conflict", c.uploadReason());
    TxRecord n = store.get(noCard.id()).get();
    assertEquals(UploadState.QUARANTINED, n.uploadState());
    assertTrue(n.uploadReason().startsWith("not_uploadable: no card data"), n.uploadReason());
    assertEquals(UploadState.ACCEPTED, store.get(fine.id()).get().uploadState());
    assertEquals(999, ledger().get(conflicting.id()).amountFen(), "the bank's record untouched");
  }

  @Test
  void oneUploaderAtATimeEvenWhenAReconnectWakesItWhileItDrains() throws Exception {
    List<TxRecord> sales = sales(30);
    bank.faults().add(Faults.Rule.latency(150).onPath("/v1/records"));
    SettlementWorker w = worker(5);
    SettlementWorker second = worker(5); // another uploader on the same store file (another process, a SETTLE)
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Round> rounds = new CopyOnWriteArrayList<>();
    try {
      Future<Round> draining = pool.submit(w::drain);
      List<Future<Round>> others = new ArrayList<>();
      while (!draining.isDone()) {
        others.add(pool.submit(w::drain));
        others.add(pool.submit(second::drain));
        Thread.sleep(40);
      }
      rounds.add(draining.get());
      for (Future<Round> f : others) {
        rounds.add(f.get());
      }
      w.start();
      for (int i = 0; i < 5; i++) {
        w.wake(); // reconnects: at most one round at a time
      }
      assertEquals(Round.Outcome.DRAINED, second.drain().outcome());
    } finally {
      w.close();
      pool.shutdownNow();
    }
    int sent = 0;
    int duplicates = 0;
    int busy = 0;
    for (Round r : rounds) {
      sent += r.sent();
      duplicates += r.duplicates();
      busy += r.outcome() == Round.Outcome.BUSY ? 1 : 0;
    }
    assertEquals(30, sent);
    assertEquals(0, duplicates);
    long[] atBank = batchesAtTheBank();
    assertEquals(6, atBank[0], "six batches of five");
    assertEquals(30, atBank[1], "each record sent once");
    assertEquals(0, atBank[2], "none found twice");
    for (TxRecord s : sales) {
      assertEquals(UploadState.ACCEPTED, store.get(s.id()).get().uploadState());
    }
    assertTrue(busy > 0, "the calls made while draining found it busy");
  }

  @Test
  void aRecordPastTheIdempotencyWindowIsLookedUpFirstAndSentOnlyIfTheBankLacksIt() throws Exception {
    TxRecord held = sale(0, 100);
    SettlementWorker w = worker(10);
    assertEquals(Round.Outcome.DRAINED, w.drain().outcome());
    // sent but not marked (a crash between the bank's answer and the store's commit)
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("store.db"));
        Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE transactions SET upload_state = 'PENDING' WHERE seq = " + held.seq());
    }
    TxRecord missing = sale(0, 200);
    clock.advance(Duration.ofDays(61));
    long batches = batchesAtTheBank()[0];
    assertEquals(Round.Outcome.DRAINED, w.drain().outcome());
    assertEquals(UploadState.DUPLICATE, store.get(held.id()).get().uploadState());
    assertEquals(batches + 1, batchesAtTheBank()[0], "one batch, for the record the bank lacked");
    assertEquals(1, batchesAtTheBank()[1] - 1, "that batch held one record");
    assertEquals(UploadState.ACCEPTED, store.get(missing.id()).get().uploadState());
    assertTrue(ledger().containsKey(missing.id()));
  }

  @Test
  void theWorkerSurvivesAFullStoreAndCarriesOnWhenThereIsRoom() throws Exception {
    store.maxBytes(96 * 1024);
    List<TxRecord> stored = new ArrayList<>();
    StoreException full = null;
    while (full == null && stored.size() < 5000) {
      try {
        stored.add(sale(0, 100));
      } catch (StoreException e) {
        full = e;
      }
    }
    assertNotNull(full, "the bound was reached");
    assertEquals(StoreException.Kind.FULL, full.kind());
    SettlementWorker w = worker(500);
    Round r = w.drain();
    assertEquals(Round.Outcome.STORE_FAILED, r.outcome(), "the outcomes could not be written: " + r);
    assertTrue(r.failure().contains("full"), r.failure());
    assertEquals(stored.size(), ledger().size(), "the bank took them");
    assertEquals(stored.size(), store.uploads().pendingCount(), "not marked, so still due");
    store.maxBytes(10 * 1024 * 1024);
    Round again = w.drain();
    assertEquals(Round.Outcome.DRAINED, again.outcome(), again.failure());
    assertEquals(stored.size(), again.duplicates(), "sent again, the bank answered duplicate");
    assertEquals(0, store.uploads().pendingCount());
    assertEquals(stored.size(), ledger().size());
  }

  /** A trip's detail as the gate writes it (the card is the row's card reference). */
  static final String TRIP_DETAIL = "{\"operator\":\"BUS01\",\"line\":\"0007\",\"station\":\"0000\",\"direction\":"
      + "\"BOARDING\",\"ep_counter\":12,\"psam_terminal\":\"000000000001\",\"psam_serial\":34,\"tac\":\"A1B2C3D4\"}";

  @Test
  void aDayClosesWhenEveryRecordIsSettledAndTheTotalsMatch() throws Exception {
    TxRecord sale = approved(TxType.SALE, PAN, TxChange.none().funding(2000, 1450, 0, 0).discountFunding(300, 200, 0),
        null, "{\"discounts\":[{\"rule\":\"R1\",\"fen\":500,\"merchant_fen\":300,\"bank_fen\":200}]}");
    approved(TxType.TRIP, PAN, TxChange.none().funding(0, 0, 0, 100).discountFunding(0, 0, 100), null, TRIP_DETAIL);
    approved(TxType.REFUND, PAN, TxChange.none().funding(0, 450, 0, 0), sale.id(), null);
    SettlementWorker w = worker(10);
    DayClose close = w.dayClose();
    DayClose.Report early = close.close(DAY);
    assertEquals(DayClose.Result.NOT_READY, early.result());
    assertEquals(3, early.waitingFor().size());
    assertEquals(Round.Outcome.DRAINED, w.drain().outcome());
    DayClose.Report report = close.close(DAY);
    assertEquals(DayClose.Result.CLOSED, report.result(), report.toString());
    assertEquals(BusinessDays.DayState.CLOSED, store.businessDays().get(DAY).get().state());
    assertEquals("closed", bank.ledger().days().get(0).status());
    Ledger.DayTotals bankTotals = bank.ledger().totals(TERMINAL, DAY.toString());
    assertEquals(2000, bankTotals.categories().get("benefit").amountFen());
    assertEquals(2, bankTotals.categories().get("transit").count() + bankTotals.categories().get("refund").count());
    assertEquals(300, bankTotals.funding().get("merchant_concession"));
    assertEquals(100, bankTotals.funding().get("union_ride_subsidy"));
    assertEquals(DayClose.Result.ALREADY_CLOSED, close.close(DAY).result());
  }

  @Test
  void aDayWithDifferencesIsReportedWithItsRecordsAndStaysOpen() throws Exception {
    sale(0, 100);
    SettlementWorker w = worker(10);
    w.drain();
    // the bank holds a record of this day the terminal does not
    Pan p = Pan.parse(luhn(PAN));
    String stray = TERMINAL + "-000000009999";
    client.uploadBatch(new BatchRequest("STRAY", List.of(new TransactionRecord(stray, RecordType.SALE, DAY,
        Instant.parse("2026-11-23T01:00:00Z"), protection.panHash(p), protection.encryptPan(p, stray), 50,
        new Funding(0, 50, 0, 0), List.of(), null, null, null, null, null))));
    DayClose.Report report = w.dayClose().close(DAY);
    assertEquals(DayClose.Result.DIFFERENCES, report.result());
    assertEquals(1, report.differences().size());
    assertEquals(1, report.differences().get(0).terminalCount());
    assertEquals(2, report.differences().get(0).bankCount());
    assertTrue(report.differences().get(0).transactionIds().contains(stray));
    BusinessDays.BusinessDay day = store.businessDays().get(DAY).get();
    assertEquals(BusinessDays.DayState.OPEN, day.state());
    assertTrue(day.detail().contains(stray), day.detail());
    assertEquals("open", bank.ledger().days().get(0).status());
  }

  @Test
  void failedRoundsBackOffExponentiallyWithFullJitter() throws Exception {
    sales(2);
    List<Long> bounds = new CopyOnWriteArrayList<>();
    try (BankClient once = client(1, Duration.ofSeconds(120))) {
      bank.faults().add(Faults.Rule.errors(1.0, 0, 503));
      SettlementWorker w = new SettlementWorker(store, once, config(10), clock, bound -> {
        bounds.add(bound);
        return bound / 2;
      });
      w.start();
      try {
        long end = System.currentTimeMillis() + 20_000;
        while (bounds.size() < 5 && System.currentTimeMillis() < end) {
          Thread.sleep(20);
        }
        assertTrue(bounds.size() >= 5, bounds.toString());
        assertEquals(List.of(10L, 20L, 40L, 80L, 80L), bounds.subList(0, 5), "doubling to the cap");
        bank.faults().clear();
        w.wake();
        while (store.uploads().pendingCount() > 0 && System.currentTimeMillis() < end) {
          Thread.sleep(20);
        }
        assertEquals(0, store.uploads().pendingCount());
      } finally {
        w.close();
      }
    }
  }

  /**
   * Seeded runs of a live terminal: records arrive between rounds, the wire fails at random (answers lost after the
   * bank's commit, connections dropped, 429, 500, 503, batches delivered twice), some records are refused. At the
   * end the bank holds exactly the records the store says it holds, each once and with its amounts.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(longs = {1, 2, 3})
  void whateverTheWireDoesTheBankHoldsWhatTheStoreSaysOnce(long seed) throws Exception {
    java.util.Random random = new java.util.Random(seed);
    bank.faults().set(List.of(
        Faults.Rule.errors(0.25, 0, 500, 503, 429).onPath("/v1/records"),
        Faults.Rule.of(Faults.Kind.DROP_AFTER).onPath("/v1/records").times(1 + random.nextInt(3)),
        Faults.Rule.of(Faults.Kind.DROP_BEFORE).onPath("/v1/records").times(1 + random.nextInt(3)),
        Faults.Rule.of(Faults.Kind.DUPLICATE).onPath("/v1/records").times(1 + random.nextInt(3))), false, seed);
    List<TxRecord> all = new ArrayList<>();
    try (BankClient flaky = client(2, Duration.ofSeconds(5))) {
      SettlementWorker w = new SettlementWorker(store, flaky, config(1 + random.nextInt(7)), clock);
      for (int round = 0; round < 12; round++) {
        for (int i = random.nextInt(6); i > 0; i--) {
          boolean stranger = random.nextInt(8) == 0;
          all.add(approved(TxType.SALE, stranger ? STRANGER : PAN,
              TxChange.none().funding(random.nextInt(500), 1 + random.nextInt(5000), 0, 0), null, null));
        }
        w.drain();
      }
      bank.faults().clear();
      assertEquals(Round.Outcome.DRAINED, w.drain().outcome());
    }
    Map<String, Ledger.Record> held = ledger();
    int settled = 0;
    for (TxRecord t : all) {
      TxRecord now = store.get(t.id()).get();
      Ledger.Record b = held.get(t.id());
      if (now.uploadState() == UploadState.ACCEPTED || now.uploadState() == UploadState.DUPLICATE) {
        assertNotNull(b, t.id() + " settled in the store but not at the bank");
        assertEquals(t.benefitFen(), b.benefitFen());
        assertEquals(t.debitFen(), b.debitFen());
        settled++;
      } else {
        assertEquals(UploadState.REJECTED, now.uploadState(), t.id());
        assertEquals("unknown_card", now.uploadReason());
        assertFalse(held.containsKey(t.id()), t.id() + " refused but held");
      }
    }
    assertEquals(settled, held.size(), "the bank holds nothing else");
    assertEquals(0, store.uploads().pendingCount());
  }

  static List<String> ids(List<TxRecord> records) {
    List<String> out = new ArrayList<>();
    for (TxRecord r : records) {
      out.add(r.id());
    }
    return Collections.unmodifiableList(out);
  }
}
