package cn.unioncard.agent.gate.fare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.agent.gate.fare.FareEngine.Direction;
import cn.unioncard.agent.gate.fare.FareEngine.PriorTrip;
import cn.unioncard.agent.gate.fare.FareEngine.Quote;
import cn.unioncard.agent.gate.fare.FareEngine.Tap;
import cn.unioncard.agent.gate.fare.FareEngine.TripKind;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Fares, concessions, transfers, caps and unpaired taps, from a table written as an operator would. */
class FareEngineTest {
  static final String TABLE = "{"
      + "\"version\": 3, \"operator\": \"SZ-TRANSIT\","
      + "\"lines\": {"
      + "  \"0007\": {\"kind\": \"flat\", \"fare_fen\": 200},"
      + "  \"0009\": {\"kind\": \"flat\", \"fare_fen\": 135},"
      + "  \"1001\": {\"kind\": \"distance\","
      + "     \"station_metres\": {\"0101\": 0, \"0102\": 4000, \"0103\": 9000, \"0104\": 21000},"
      + "     \"bands\": [{\"up_to_metres\": 6000, \"fare_fen\": 300}, {\"up_to_metres\": 12000, \"fare_fen\": 400},"
      + "                 {\"fare_fen\": 600}]}"
      + "},"
      + "\"concessions\": {\"model_worker\": {\"percent_off\": 50, \"union_funded\": true},"
      + "                  \"senior\": {\"percent_off\": 100}},"
      + "\"transfer\": {\"window_minutes\": 60, \"discount_fen\": 100},"
      + "\"daily_cap_fen\": 1500,"
      + "\"missing_entry_fare_fen\": 600, \"missing_exit_fare_fen\": 600, \"max_journey_minutes\": 240"
      + "}";

  static final LocalDateTime T0 = LocalDateTime.of(2026, 11, 23, 8, 0);

  static FareTable table() throws FareTableException {
    return FareTable.parse(TABLE.getBytes(StandardCharsets.UTF_8));
  }

  static Quote quote(Tap tap, PriorTrip... history) throws FareTableException {
    List<PriorTrip> h = new ArrayList<>();
    Collections.addAll(h, history);
    return FareEngine.quote(table(), tap, h);
  }

  static Tap bus(String line, LocalDateTime t, String category) {
    return new Tap(line, null, Direction.BOARDING, t, category);
  }

  @Test
  void aModelWorkerRidesTheBusAtHalfFareAndTheUnionFundsTheRest() throws Exception {
    Quote q = quote(bus("0007", T0, "model_worker"));
    assertEquals(TripKind.FLAT, q.kind());
    assertEquals(200, q.baseFen());
    assertEquals(100, q.chargeFen());
    assertEquals(100, q.concessionFen());
    assertEquals(100, q.unionSubsidyFen());
    assertEquals("flat fare, model_worker 50% off", q.rule());
  }

  @Test
  void anOrdinaryMemberPaysTheFullFareAndAnOperatorFundedConcessionIsNoUnionSubsidy() throws Exception {
    assertEquals(200, quote(bus("0007", T0, "ordinary")).chargeFen());
    assertEquals(200, quote(bus("0007", T0, null)).chargeFen());
    Quote senior = quote(bus("0007", T0, "senior"));
    assertEquals(0, senior.chargeFen());
    assertEquals(200, senior.concessionFen());
    assertEquals(0, senior.unionSubsidyFen());
  }

  @ParameterizedTest(name = "{0} fen at 50% off: the member pays {1}")
  @CsvSource({"200, 100", "135, 68", "1, 1", "3, 2", "0, 0"})
  void halvesRoundHalfUpToTheFenForTheMember(long base, long paid) {
    assertEquals(paid, FareEngine.halfUp(base * 50, 100));
  }

  @Test
  void oddFaresRoundAsWrittenDown() throws Exception {
    Quote q = quote(bus("0009", T0, "model_worker"));
    assertEquals(68, q.chargeFen());
    assertEquals(67, q.concessionFen());
  }

  @Test
  void theMetroChargesByDistanceAtExit() throws Exception {
    Quote in = quote(new Tap("1001", "0101", Direction.ENTRY, T0, null));
    assertEquals(TripKind.ENTRY, in.kind());
    assertEquals(0, in.chargeFen());
    PriorTrip entry = new PriorTrip("1001", "0101", TripKind.ENTRY, T0, 0);
    assertEquals(300, quote(new Tap("1001", "0102", Direction.EXIT, T0.plusMinutes(10), null), entry).chargeFen());
    assertEquals(400, quote(new Tap("1001", "0103", Direction.EXIT, T0.plusMinutes(10), null), entry).chargeFen());
    assertEquals(600, quote(new Tap("1001", "0104", Direction.EXIT, T0.plusMinutes(10), null), entry).chargeFen());
    // 6000 m is inside the first band: up_to is inclusive
    PriorTrip fromFar = new PriorTrip("1001", "0103", TripKind.ENTRY, T0, 0);
    assertEquals(300, quote(new Tap("1001", "0102", Direction.EXIT, T0.plusMinutes(10), null), fromFar).chargeFen());
    Quote mw = quote(new Tap("1001", "0104", Direction.EXIT, T0.plusMinutes(30), "model_worker"), entry);
    assertEquals(300, mw.chargeFen());
    assertEquals(300, mw.unionSubsidyFen());
  }

  @Test
  void unpairedTapsCostWhatTheTableSays() throws Exception {
    Quote noEntry = quote(new Tap("1001", "0102", Direction.EXIT, T0, "model_worker"));
    assertEquals(TripKind.EXIT, noEntry.kind());
    assertEquals(600, noEntry.chargeFen(), "no concession on a penalty");
    assertTrue(noEntry.rule().contains("missing entry"));

    PriorTrip open = new PriorTrip("1001", "0101", TripKind.ENTRY, T0, 0);
    Quote secondEntry = quote(new Tap("1001", "0103", Direction.ENTRY, T0.plusMinutes(30), null), open);
    assertEquals(TripKind.ENTRY, secondEntry.kind());
    assertEquals(600, secondEntry.chargeFen());

    // an entry older than max_journey_minutes is closed: the exit is an exit without entry
    Quote stale = quote(new Tap("1001", "0102", Direction.EXIT, T0.plusMinutes(240), null), open);
    assertEquals(600, stale.chargeFen());
    Quote freshEntry = quote(new Tap("1001", "0102", Direction.ENTRY, T0.plusMinutes(241), null), open);
    assertEquals(0, freshEntry.chargeFen());
  }

  @Test
  void aTransferWithinTheWindowToAnotherLineGetsItsDiscount() throws Exception {
    PriorTrip rode = new PriorTrip("0009", null, TripKind.FLAT, T0, 135);
    Quote q = quote(bus("0007", T0.plusMinutes(59), null), rode);
    assertEquals(100, q.transferDiscountFen());
    assertEquals(100, q.chargeFen());
    assertEquals(200, quote(bus("0007", T0.plusMinutes(60), null), rode).chargeFen(), "the window is 60 minutes");
    assertEquals(135, quote(bus("0009", T0.plusMinutes(10), null), rode).chargeFen(), "same line: no transfer");
    // a model worker's half fare, then the transfer: never below zero
    Quote mw = quote(bus("0009", T0.plusMinutes(5), "model_worker"), new PriorTrip("0007", null, TripKind.FLAT, T0, 100));
    assertEquals(68, mw.transferDiscountFen() + mw.chargeFen());
    assertEquals(0, mw.chargeFen());
    // bus then metro: the ride starts at the metro entry
    PriorTrip entry = new PriorTrip("1001", "0101", TripKind.ENTRY, T0.plusMinutes(30), 0);
    Quote metro = quote(new Tap("1001", "0103", Direction.EXIT, T0.plusMinutes(95), null), entry, rode);
    assertEquals(100, metro.transferDiscountFen());
    assertEquals(300, metro.chargeFen());
  }

  @Test
  void theDailyCapLimitsWhatACardPaysInADay() throws Exception {
    List<PriorTrip> day = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      day.add(0, new PriorTrip("0007", null, TripKind.FLAT, T0.plusHours(i * 2), 200));
    }
    day.add(new PriorTrip("0007", null, TripKind.FLAT, T0.minusDays(1), 200)); // yesterday does not count
    Quote q = FareEngine.quote(table(), bus("0007", T0.plusHours(14), null), day);
    assertEquals(100, q.chargeFen(), "1400 paid today, cap 1500");
    assertEquals(100, q.capReductionFen());
    day.add(0, new PriorTrip("0007", null, TripKind.FLAT, T0.plusHours(14), 100));
    assertEquals(0, FareEngine.quote(table(), bus("0007", T0.plusHours(15), null), day).chargeFen());
    assertEquals(200, FareEngine.quote(table(), bus("0007", T0.plusHours(16), null), day).chargeFen(), "a new day");
  }

  @Test
  void unknownLinesAndStationsAreRefused() throws Exception {
    assertThrows(IllegalArgumentException.class, () -> quote(bus("00099", T0, null)));
    assertThrows(IllegalArgumentException.class, () -> quote(new Tap("1001", "0FFF", Direction.ENTRY, T0, null)));
  }

  /** Seeded random days: what a card pays is never negative, never above the base, and a day never exceeds the cap. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void randomDaysStayWithinTheRules(long seed) throws Exception {
    Random r = new Random(seed);
    FareTable t = table();
    String[] categories = {null, "ordinary", "model_worker", "senior"};
    String category = categories[r.nextInt(categories.length)];
    List<PriorTrip> history = new ArrayList<>();
    LocalDateTime now = T0;
    for (int i = 0; i < 40; i++) {
      now = now.plusMinutes(r.nextInt(90));
      Tap tap;
      int pick = r.nextInt(4);
      String[] stations = {"0101", "0102", "0103", "0104"};
      if (pick == 0) {
        tap = bus("0007", now, category);
      } else if (pick == 1) {
        tap = bus("0009", now, category);
      } else {
        tap = new Tap("1001", stations[r.nextInt(4)], pick == 2 ? Direction.ENTRY : Direction.EXIT, now, category);
      }
      Quote q = FareEngine.quote(t, tap, history);
      assertTrue(q.chargeFen() >= 0, q.toString());
      assertTrue(q.chargeFen() <= q.baseFen(), q.toString());
      assertEquals(q.baseFen(), q.chargeFen() + q.concessionFen() + q.transferDiscountFen() + q.capReductionFen(), q.toString());
      long paidToday = history.stream()
          .filter(p -> p.time().toLocalDate().equals(tap.time().toLocalDate()))
          .mapToLong(PriorTrip::paidFen)
          .sum();
      if (!q.rule().contains("missing")) {
        assertTrue(paidToday + q.chargeFen() <= Math.max(t.dailyCapFen(), paidToday), q.toString());
      }
      history.add(0, new PriorTrip(tap.lineId(), tap.stationId(), q.kind(), now, q.chargeFen()));
      if (history.size() > 10) {
        history.remove(10); // a card keeps 10 trip records
      }
    }
  }
}
