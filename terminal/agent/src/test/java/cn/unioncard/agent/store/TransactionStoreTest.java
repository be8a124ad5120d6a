package cn.unioncard.agent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The transaction store on a real SQLite file. */
class TransactionStoreTest {
  static final LocalDate DAY = LocalDate.of(2026, 11, 23);
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  TransactionStore open() throws StoreException {
    return TransactionStore.open(dir.resolve("store.db"), "T0000001", CLOCK);
  }

  static NewTx sale(long fen) {
    return NewTx.of(TxType.SALE, DAY).amount(fen);
  }

  @Test
  void idsAreTheTerminalAndAMonotonicSequenceThatSurvivesARestart() throws Exception {
    try (TransactionStore s = open()) {
      assertEquals("T0000001-000000000001", s.begin(sale(100)).id());
      assertEquals("T0000001-000000000002", s.begin(sale(200)).id());
    }
    try (TransactionStore s = open()) {
      TxRecord third = s.begin(sale(300));
      assertEquals("T0000001-000000000003", third.id());
      assertEquals(3, third.seq());
      assertEquals(TxState.STARTED, third.state());
      assertEquals(UploadState.NOT_DUE, third.uploadState());
    }
  }

  @Test
  void aSaleThroughTheBankBecomesDueForUpload() throws Exception {
    try (TransactionStore s = open()) {
      TxRecord t = s.begin(sale(34500).registerRef("R-1").card("HASH1", new byte[] {1, 2, 3}));
      s.move(t.id(), TxState.STARTED, TxState.AWAITING_BANK, TxChange.none().funding(20000, 14500, 0, 0));
      TxRecord done = s.move(t.id(), TxState.AWAITING_BANK, TxState.APPROVED,
          TxChange.none().authCode("A12345").discountFunding(3000, 3500, 0));
      assertEquals(TxState.APPROVED, done.state());
      assertEquals(34500, done.amountFen());
      assertEquals(20000, done.benefitFen());
      assertEquals(14500, done.debitFen());
      assertEquals(3000, done.merchantFen());
      assertEquals(3500, done.bankFen());
      assertEquals("A12345", done.authCode());
      assertEquals("HASH1", done.cardRef());
      assertEquals(UploadState.PENDING, done.uploadState());
      assertEquals(List.of(done.id()), ids(s.uploads().pendingUpload(10)));
      assertEquals(List.of("STARTED", "AWAITING_BANK", "APPROVED"), transitions(done.id()));
    }
  }

  @Test
  void aStepAppliesOnlyOnceAndOnlyAlongTheStateMachine() throws Exception {
    try (TransactionStore s = open()) {
      TxRecord t = s.begin(sale(100));
      s.move(t.id(), TxState.STARTED, TxState.AWAITING_BANK, null);
      StoreException twice =
          assertThrows(StoreException.class, () -> s.move(t.id(), TxState.STARTED, TxState.AWAITING_BANK, null));
      assertEquals(StoreException.Kind.CONFLICT, twice.kind());
      assertTrue(twice.getMessage().contains("is AWAITING_BANK, not STARTED"), twice.getMessage());
      assertThrows(IllegalArgumentException.class, () -> s.move(t.id(), TxState.AWAITING_BANK, TxState.CANCELLED, null));
      assertEquals(StoreException.Kind.CONFLICT,
          assertThrows(StoreException.class, () -> s.move("T0000001-000000000099", TxState.STARTED, TxState.CANCELLED, null)).kind());
      assertEquals(TxState.AWAITING_BANK, s.get(t.id()).get().state());
    }
  }

  @Test
  void aRegisterReferenceNamesOneSale() throws Exception {
    try (TransactionStore s = open()) {
      TxRecord first = s.begin(sale(100).registerRef("R-7"));
      StoreException again = assertThrows(StoreException.class, () -> s.begin(sale(100).registerRef("R-7")));
      assertEquals(StoreException.Kind.CONFLICT, again.kind());
      assertEquals(first.id(), s.byRegisterRef(TxType.SALE, "R-7").get().id());
      assertFalse(s.byRegisterRef(TxType.REFUND, "R-7").isPresent());
      // the failed begin used no id: the next one follows the first
      assertEquals("T0000001-000000000002", s.begin(NewTx.of(TxType.REFUND, DAY).registerRef("R-7")).id());
    }
  }

  @Test
  void recoveryFindsWhatIsUnfinishedAndACardsOpenAuthorisation() throws Exception {
    try (TransactionStore s = open()) {
      TxRecord a = s.begin(sale(100).card("CARD-A", null));
      s.move(a.id(), TxState.STARTED, TxState.AWAITING_BANK, null);
      TxRecord b = s.begin(sale(200).card("CARD-B", null));
      s.move(b.id(), TxState.STARTED, TxState.DECLINED, TxChange.none().reason("insufficient_funds"));
      TxRecord trip = s.begin(NewTx.of(TxType.TRIP, DAY).amount(200).card("3105170010170907984", null));
      s.move(trip.id(), TxState.STARTED, TxState.AWAITING_CARD, null);

      assertEquals(List.of(a.id(), trip.id()), ids(s.unfinished()));
      assertEquals(List.of(a.id()), ids(s.unfinishedForCard("CARD-A")));
      assertEquals(List.of(), ids(s.unfinishedForCard("CARD-B")));
      assertEquals("insufficient_funds", s.get(b.id()).get().reason());
    }
  }

  @Test
  void uploadResultsAreKeptPerRecord() throws Exception {
    try (TransactionStore s = open()) {
      List<String> approved = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        TxRecord t = s.begin(sale(100 + i));
        approved.add(s.move(t.id(), TxState.STARTED, TxState.APPROVED, TxChange.none().funding(0, 100 + i, 0, 0)).id());
      }
      assertEquals(approved.subList(0, 2), ids(s.uploads().pendingUpload(2)), "oldest first");
      s.uploads().recordUploads(List.of(
          new UploadQueue.UploadResult(approved.get(0), UploadState.ACCEPTED, null),
          new UploadQueue.UploadResult(approved.get(1), UploadState.DUPLICATE, null),
          new UploadQueue.UploadResult(approved.get(2), UploadState.REJECTED, "unknown_card")));
      assertEquals(List.of(approved.get(3)), ids(s.uploads().pendingUpload(10)));
      TxRecord rejected = s.get(approved.get(2)).get();
      assertEquals(UploadState.REJECTED, rejected.uploadState());
      assertEquals("unknown_card", rejected.uploadReason());
      assertEquals(1, rejected.uploadAttempts());
      assertEquals(1L, s.uploads().uploadCounts().get(UploadState.ACCEPTED));
      assertEquals(1L, s.uploads().uploadCounts().get(UploadState.PENDING));
      // an accepted record is never moved back
      s.uploads().recordUploads(List.of(new UploadQueue.UploadResult(approved.get(0), UploadState.REJECTED, "late")));
      assertEquals(UploadState.ACCEPTED, s.get(approved.get(0)).get().uploadState());
    }
  }

  @Test
  void anotherTerminalsStoreAndANewerSchemaAreRefused() throws Exception {
    open().close();
    StoreException other = assertThrows(StoreException.class,
        () -> TransactionStore.open(dir.resolve("store.db"), "T0000002", CLOCK));
    assertEquals(StoreException.Kind.CANNOT_OPEN, other.kind());
    assertTrue(other.getMessage().contains("is the store of terminal T0000001"), other.getMessage());

    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("store.db"));
        Statement st = c.createStatement()) {
      st.execute("PRAGMA user_version = 99");
    }
    StoreException newer = assertThrows(StoreException.class, this::open);
    assertTrue(newer.getMessage().contains("schema version 99"), newer.getMessage());
  }

  @Test
  void aFileThatIsNotADatabaseIsRefusedClearly() throws Exception {
    java.nio.file.Files.write(dir.resolve("store.db"), "not a database, just text that is long enough to be read".repeat(200).getBytes());
    StoreException e = assertThrows(StoreException.class, this::open);
    assertEquals(StoreException.Kind.CORRUPT, e.kind());
  }

  @Test
  void aTransactionMayBeginAwaitingTheCardInOneCommit() throws Exception {
    String id;
    try (TransactionStore s = open()) {
      TxRecord t = s.begin(NewTx.of(TxType.TRIP, DAY).startIn(TxState.AWAITING_CARD).amount(200).card("31", null));
      id = t.id();
      assertEquals(TxState.AWAITING_CARD, t.state());
      assertEquals(TxState.AWAITING_CARD, s.get(t.id()).get().state());
      assertEquals(1, s.unfinishedForCard("31").size());
      assertEquals(TxState.APPROVED, s.move(t.id(), TxState.AWAITING_CARD, TxState.APPROVED, null).state());
    }
    try (TransactionStore s = open()) {
      List<TransactionStore.Transition> h = s.history(id);
      assertEquals(Arrays.asList(TxState.STARTED, TxState.AWAITING_CARD, TxState.APPROVED),
          h.stream().map(TransactionStore.Transition::state).collect(java.util.stream.Collectors.toList()));
    }
    assertThrows(IllegalArgumentException.class, () -> NewTx.of(TxType.TRIP, DAY).startIn(TxState.REVERSED));
  }

  @Test
  void bytesLeftShrinksAsTheBoundedStoreFillsAndIsUnboundedOtherwise() throws Exception {
    try (TransactionStore s = open()) {
      assertEquals(Long.MAX_VALUE, s.bytesLeft());
    }
    try (TransactionStore s = TransactionStore.open(dir.resolve("bounded.db"), "T0000001", CLOCK, 1024 * 1024)) {
      long before = s.bytesLeft();
      assertTrue(before > 900 * 1024 && before <= 1024 * 1024, "left " + before);
      for (int i = 0; i < 50; i++) {
        s.begin(sale(i).detail("x".repeat(1000)));
      }
      long after = s.bytesLeft();
      assertTrue(after <= before - 50 * 1000, "left " + after + " after 50 KB, from " + before);
    }
  }

  @Test
  void aFullStoreRefusesNewWorkKeepsWhatItHasAndWorksAgainWithRoom() throws Exception {
    Path file = dir.resolve("store.db");
    String big = "x".repeat(2000);
    List<String> stored = new ArrayList<>();
    StoreException full = null;
    try (TransactionStore s = TransactionStore.open(file, "T0000001", CLOCK, 64 * 1024)) {
      for (int i = 0; i < 1000 && full == null; i++) {
        try {
          stored.add(s.begin(sale(i).detail(big)).id());
        } catch (StoreException e) {
          full = e;
        }
      }
      assertTrue(full != null, "the bound was reached");
      assertEquals(StoreException.Kind.FULL, full.kind(), full.getMessage() + " code " + ((java.sql.SQLException) full.getCause()).getErrorCode());
      assertTrue(full.isRecoverable());
      assertTrue(full.getMessage().contains("full"), full.getMessage());
      for (String id : stored) {
        assertTrue(s.get(id).isPresent(), id + " kept");
      }
      s.maxBytes(10 * 1024 * 1024);
      TxRecord same = s.begin(sale(1).detail(big));
      assertEquals(stored.size() + 1, same.seq(), "the same store works again once there is room");
      stored.add(same.id());
    }
    try (TransactionStore s = TransactionStore.open(file, "T0000001", CLOCK, 10 * 1024 * 1024)) {
      TxRecord next = s.begin(sale(1));
      assertEquals(stored.size() + 1, next.seq(), "no id lost or reused by the failed write");
    }
  }

  @Test
  void concurrentBeginsNeverShareAnId() throws Exception {
    try (TransactionStore s = open()) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<String>> ids = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        ids.add(pool.submit(() -> s.begin(sale(1)).id()));
      }
      Set<String> seen = new HashSet<>();
      for (Future<String> f : ids) {
        assertTrue(seen.add(f.get()));
      }
      pool.shutdown();
      assertEquals(400, seen.size());
      assertTrue(seen.contains("T0000001-000000000400"));
    }
  }

  /** Seeded random walks over the state machine: the store ends where the machine says, and logs every step. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void randomWalksFollowTheStateMachine(long seed) throws Exception {
    Random random = new Random(seed);
    TxState[] all = TxState.values();
    try (TransactionStore s = open()) {
      TxRecord t = s.begin(sale(random.nextInt(100000)));
      TxState expected = TxState.STARTED;
      UploadState upload = UploadState.NOT_DUE;
      List<String> path = new ArrayList<>(List.of("STARTED"));
      for (int step = 0; step < 12; step++) {
        TxState from = all[random.nextInt(all.length)];
        TxState to = all[random.nextInt(all.length)];
        if (!from.canMoveTo(to)) {
          TxState f = from;
          assertThrows(IllegalArgumentException.class, () -> s.move(t.id(), f, to, null));
        } else if (from != expected) {
          TxState f = from;
          assertEquals(StoreException.Kind.CONFLICT,
              assertThrows(StoreException.class, () -> s.move(t.id(), f, to, null)).kind());
        } else {
          s.move(t.id(), from, to, null);
          expected = to;
          path.add(to.name());
          upload = to == TxState.APPROVED ? UploadState.PENDING
              : to == TxState.REVERSAL_NEEDED ? UploadState.NOT_DUE : upload;
        }
      }
      TxRecord end = s.get(t.id()).get();
      assertEquals(expected, end.state());
      assertEquals(path, transitions(t.id()));
      assertEquals(upload, end.uploadState());
    }
  }

  @Test
  void detailAndMissingFieldsRoundTrip() throws Exception {
    try (TransactionStore s = open()) {
      StoreException noOriginal = assertThrows(StoreException.class,
          () -> s.begin(NewTx.of(TxType.REFUND, DAY).original("T0000001-000000000009")));
      assertEquals("no transaction T0000001-000000000009 to refer to", noOriginal.getMessage());
      TxRecord sale = s.begin(sale(100));
      TxRecord t = s.begin(NewTx.of(TxType.REFUND, DAY).original(sale.id()).detail("{\"lines\":[]}"));
      assertEquals(sale.id(), t.originalId());
      assertEquals("{\"lines\":[]}", t.detail());
      assertNull(t.registerRef());
      assertNull(t.panEncrypted());
      assertFalse(t.toString().contains("pan"));
    }
  }

  @Test
  void aTransactionMayStartInALaterStateInOneCommit() throws Exception {
    try (TransactionStore s = open()) {
      TxRecord trip = s.begin(NewTx.of(TxType.TRIP, DAY).amount(200).card("CARD-T", null)
          .startIn(TxState.AWAITING_CARD));
      assertEquals(TxState.AWAITING_CARD, trip.state());
      assertEquals(List.of(trip.id()), ids(s.unfinishedForCard("CARD-T")));
      TxRecord sale = s.begin(sale(500).with(TxChange.none().funding(0, 500, 0, 0).discountFunding(20, 30, 0)
          .authCode("A00001")).startIn(TxState.APPROVED));
      assertEquals(UploadState.PENDING, sale.uploadState());
      TxRecord read = s.get(sale.id()).get();
      assertEquals(500, read.debitFen());
      assertEquals(20, read.merchantFen());
      assertEquals("A00001", read.authCode());
      assertEquals(List.of(sale.id()), ids(s.uploads().pendingUpload(10)));
      assertEquals(List.of("STARTED", "APPROVED"), transitions(sale.id()));
      assertThrows(IllegalArgumentException.class, () -> sale(1).startIn(TxState.REVERSED));
    }
  }

  @Test
  void anApprovedSaleToBeReversedIsNoLongerDueUnlessItWasUploaded() throws Exception {
    try (TransactionStore s = open()) {
      TxRecord a = s.begin(sale(100).with(TxChange.none().funding(0, 100, 0, 0)).startIn(TxState.APPROVED));
      TxRecord b = s.begin(sale(200).with(TxChange.none().funding(0, 200, 0, 0)).startIn(TxState.APPROVED));
      s.uploads().recordUploads(List.of(new UploadQueue.UploadResult(b.id(), UploadState.ACCEPTED, null)));
      assertEquals(UploadState.NOT_DUE,
          s.move(a.id(), TxState.APPROVED, TxState.REVERSAL_NEEDED, null).uploadState());
      assertEquals(UploadState.ACCEPTED,
          s.move(b.id(), TxState.APPROVED, TxState.REVERSAL_NEEDED, null).uploadState());
      assertEquals(List.of(), ids(s.uploads().pendingUpload(10)));
      // a batch on its way while the sale was moved: what the bank took is recorded
      TxRecord c = s.begin(sale(300).with(TxChange.none().funding(0, 300, 0, 0)).startIn(TxState.APPROVED));
      s.move(c.id(), TxState.APPROVED, TxState.REVERSAL_NEEDED, null);
      s.uploads().recordUploads(List.of(new UploadQueue.UploadResult(c.id(), UploadState.ACCEPTED, null)));
      assertEquals(UploadState.ACCEPTED, s.get(c.id()).get().uploadState());
      TxRecord d = s.begin(sale(1));
      s.uploads().recordUploads(List.of(new UploadQueue.UploadResult(d.id(), UploadState.ACCEPTED, null)));
      assertEquals(UploadState.NOT_DUE, s.get(d.id()).get().uploadState(), "never sent, so never taken");
    }
  }

  @Test
  void idsAreNeverGivenAgainAfterPruningOrAFailedBegin() throws Exception {
    Clock later = Clock.offset(CLOCK, java.time.Duration.ofDays(100));
    String last;
    try (TransactionStore s = open()) {
      for (int i = 0; i < 3; i++) {
        TxRecord t = s.begin(sale(100));
        s.move(t.id(), TxState.STARTED, TxState.APPROVED, TxChange.none().funding(0, 100, 0, 0));
        s.uploads().recordUploads(List.of(new UploadQueue.UploadResult(t.id(), UploadState.ACCEPTED, null)));
      }
      last = "T0000001-000000000003";
    }
    try (TransactionStore s = TransactionStore.open(dir.resolve("store.db"), "T0000001", later)) {
      assertEquals(2, s.retention().prune(later.instant().minus(java.time.Duration.ofDays(30))), "all but the newest");
      assertTrue(s.get(last).isPresent(), "the newest row keeps the sequence");
      assertEquals("T0000001-000000000004", s.begin(sale(1)).id());
    }
  }

  @Test
  void pruningNeverTouchesWhatIsUnsettled() throws Exception {
    Clock later = Clock.offset(CLOCK, java.time.Duration.ofDays(100));
    List<String> kept = new ArrayList<>();
    List<String> gone = new ArrayList<>();
    try (TransactionStore s = open()) {
      String[] outcomes = {"ACCEPTED", "DUPLICATE", "PENDING", "REJECTED", "QUARANTINED", "UNFINISHED", "DECLINED",
          "ACCEPTED_THEN_REVERSAL_NEEDED", "ORIGINAL_OF_PENDING", "NEWEST"};
      String original = null;
      for (String o : outcomes) {
        TxRecord t = s.begin(o.equals("NEWEST") && original != null ? sale(5).original(original) : sale(100));
        if (o.equals("UNFINISHED")) {
          s.move(t.id(), TxState.STARTED, TxState.AWAITING_BANK, null);
          kept.add(t.id());
          continue;
        }
        if (o.equals("DECLINED")) {
          s.move(t.id(), TxState.STARTED, TxState.DECLINED, null);
          gone.add(t.id());
          continue;
        }
        s.move(t.id(), TxState.STARTED, TxState.APPROVED, TxChange.none().funding(0, 100, 0, 0));
        switch (o) {
          case "ACCEPTED":
          case "DUPLICATE":
            s.uploads().recordUploads(List.of(new UploadQueue.UploadResult(t.id(), UploadState.valueOf(o), null)));
            gone.add(t.id());
            break;
          case "REJECTED":
          case "QUARANTINED":
            s.uploads().recordUploads(List.of(new UploadQueue.UploadResult(t.id(), UploadState.valueOf(o), "x")));
            kept.add(t.id());
            break;
          case "ACCEPTED_THEN_REVERSAL_NEEDED":
            s.uploads().recordUploads(List.of(new UploadQueue.UploadResult(t.id(), UploadState.ACCEPTED, null)));
            s.move(t.id(), TxState.APPROVED, TxState.REVERSAL_NEEDED, null);
            kept.add(t.id());
            break;
          case "ORIGINAL_OF_PENDING":
            s.uploads().recordUploads(List.of(new UploadQueue.UploadResult(t.id(), UploadState.ACCEPTED, null)));
            original = t.id();
            kept.add(t.id());
            break;
          default: // PENDING, NEWEST (a pending refund of the one before)
            kept.add(t.id());
        }
      }
    }
    try (TransactionStore s = TransactionStore.open(dir.resolve("store.db"), "T0000001", later)) {
      assertEquals(0, s.retention().prune(CLOCK.instant()), "nothing is older than the cut-off yet");
      assertEquals(gone.size(), s.retention().prune(later.instant().minus(java.time.Duration.ofDays(30))));
      for (String id : kept) {
        assertTrue(s.get(id).isPresent(), id + " kept");
      }
      for (String id : gone) {
        assertFalse(s.get(id).isPresent(), id + " pruned");
      }
    }
  }

  @Test
  void refusedRecordsWaitForTheirRetryTimeAndQuarantinedOnesAreListed() throws Exception {
    try (TransactionStore s = open()) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        TxRecord t = s.begin(sale(100));
        ids.add(s.move(t.id(), TxState.STARTED, TxState.APPROVED, TxChange.none().funding(0, 100, 0, 0)).id());
      }
      s.uploads().recordUploadOutcomes(List.of(
          new UploadQueue.UploadOutcome(ids.get(0), UploadState.REJECTED, "unknown_card",
              CLOCK.instant().minusSeconds(1), false),
          new UploadQueue.UploadOutcome(ids.get(1), UploadState.REJECTED, "unknown_card",
              CLOCK.instant().plusSeconds(60), true),
          new UploadQueue.UploadOutcome(ids.get(2), UploadState.QUARANTINED, "conflict", null, false)));
      assertEquals(List.of(ids.get(0), ids.get(3)), ids(s.uploads().dueForUpload(10)), "due now, oldest first");
      assertEquals(List.of(ids.get(0)), ids(s.uploads().dueForUpload(1)));
      assertEquals(List.of(ids.get(2)), ids(s.uploads().quarantined()));
      assertEquals(List.of(ids.get(1)), ids(s.uploads().escalated()));
      assertEquals(List.of(ids.get(0), ids.get(1), ids.get(2)), ids(s.uploads().refused()));
      assertEquals(1L, s.uploads().uploadCounts().get(UploadState.QUARANTINED));
      assertTrue(s.uploads().releaseForUpload(ids.get(2)));
      assertFalse(s.uploads().releaseForUpload(ids.get(3)), "a pending record is not refused");
      assertEquals(UploadState.PENDING, s.get(ids.get(2)).get().uploadState());
      assertEquals(0, s.get(ids.get(2)).get().uploadAttempts());
    }
  }

  @Test
  void aBusinessDayKeepsItsStateAndItsRecords() throws Exception {
    try (TransactionStore s = open()) {
      assertFalse(s.businessDays().get(DAY).isPresent());
      TxRecord a = s.begin(sale(100));
      s.move(a.id(), TxState.STARTED, TxState.APPROVED, TxChange.none().funding(0, 100, 0, 0));
      TxRecord b = s.begin(sale(200));
      s.move(b.id(), TxState.STARTED, TxState.AWAITING_BANK, null);
      s.begin(NewTx.of(TxType.SALE, DAY.plusDays(1)).amount(1));
      assertEquals(List.of(a.id(), b.id()), ids(s.businessDays().unsettled(DAY)));
      List<String> seen = new ArrayList<>();
      s.businessDays().forEachRecord(DAY, r -> seen.add(r.id()));
      assertEquals(List.of(a.id()), seen);
      s.businessDays().record(DAY, BusinessDays.DayState.OPEN, "{\"differences\":1}");
      s.businessDays().record(DAY, BusinessDays.DayState.CLOSED, null);
      assertEquals(BusinessDays.DayState.CLOSED, s.businessDays().get(DAY).get().state());
    }
  }

  List<String> transitions(String id) throws Exception {
    try (TransactionStore s = TransactionStore.open(dir.resolve("store.db"), "T0000001", CLOCK)) {
      List<String> out = new ArrayList<>();
      for (TransactionStore.Transition t : s.history(id)) {
        out.add(t.state().name());
      }
      return out;
    }
  }

  static List<String> ids(List<TxRecord> records) {
    List<String> out = new ArrayList<>();
    for (TxRecord r : records) {
      out.add(r.id());
    }
    return Collections.unmodifiableList(out);
  }

  @Test
  void cardFactsAreKeptByCardRefAcrossARestartAndForgottenWhenOld() throws Exception {
    java.time.Instant t = java.time.Instant.parse("2026-11-23T03:00:00Z");
    try (TransactionStore s = open()) {
      s.cardFacts().rememberMember("ref-a", "model_worker", t);
      s.cardFacts().rememberBenefitBalance("ref-a", 40_900, t.plusSeconds(5));
      s.cardFacts().rememberMember("ref-b", null, t.minus(java.time.Duration.ofDays(40)));
    }
    try (TransactionStore s = open()) {
      CardFacts a = s.cardFacts().get("ref-a").orElseThrow();
      assertEquals(new CardFacts("ref-a", t, "model_worker", 40_900L, t.plusSeconds(5)), a);
      CardFacts b = s.cardFacts().get("ref-b").orElseThrow();
      assertNull(b.memberCategory(), "not a member");
      assertNull(b.benefitFen());
      s.cardFacts().rememberBenefitBalance("ref-a", 30_000, t.plusSeconds(60));
      assertEquals("model_worker", s.cardFacts().get("ref-a").orElseThrow().memberCategory(), "the look-up stays");
      assertEquals(30_000L, s.cardFacts().get("ref-a").orElseThrow().benefitFen());
      assertEquals(1, s.cardFacts().forgetBefore(t.minus(java.time.Duration.ofDays(31))));
      assertFalse(s.cardFacts().get("ref-b").isPresent());
      assertTrue(s.cardFacts().get("ref-a").isPresent());
    }
  }
}
