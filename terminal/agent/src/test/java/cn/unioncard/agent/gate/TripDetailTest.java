package cn.unioncard.agent.gate;

import static cn.unioncard.agent.store.DetailTexts.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cn.unioncard.agent.gate.fare.FareEngine;
import java.time.LocalDateTime;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The trip detail's codec: what it encodes decodes to the same detail, and rows stored before it read. */
class TripDetailTest {
  /** A charged trip, approved, exactly as the gate wrote it before this type (Gate, commits 1 and 2). */
  static final String CHARGED = "{\"operator\":\"BUS01\",\"line\":\"0007\",\"station\":\"0000\","
      + "\"direction\":\"BOARDING\",\"kind\":\"FLAT\",\"base_fen\":200,\"concession_fen\":0,\"transfer_fen\":0,"
      + "\"cap_fen\":0,\"rule\":\"base\",\"fare_table\":1,\"psam_terminal\":\"000000000001\",\"ep_counter\":12,"
      + "\"psam_serial\":34,\"time\":\"2026-11-23T08:30:05\",\"tac\":\"A1B2C3D4\",\"mac2_valid\":true}";

  /** A ride paid at another gate, as the gate wrote it before this type (its own key order). */
  static final String PAID_ELSEWHERE = "{\"operator\":\"BUS01\",\"line\":\"0007\",\"station\":\"0000\","
      + "\"direction\":\"BOARDING\",\"kind\":\"FLAT\",\"recovered_from_terminal\":\"000000000001\","
      + "\"time\":\"2026-11-23T08:30\",\"recovered_at_terminal\":\"000000000002\","
      + "\"recovered_at\":\"2026-11-23T08:31:00.5\",\"ep_counter\":-1,\"recovered\":true}";

  /** The sample of the settlement tests (RecordsTest, SettlementWorkerTest.TRIP_DETAIL). */
  static final String SETTLEMENT_SAMPLE = "{\"operator\":\"BUS01\",\"line\":\"0007\",\"station\":\"0000\","
      + "\"direction\":\"EXIT\",\"ep_counter\":12,\"psam_terminal\":\"000000000001\",\"psam_serial\":34,"
      + "\"tac\":\"A1B2C3D4\"}";

  static LongStream seeds() {
    return LongStream.range(0, 500);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void whatIsEncodedDecodesToTheSameDetail(long seed) {
    TripDetail x = random(new Random(seed));
    String json = x.encode();
    assertEquals(x, TripDetail.decode(json), json);
    assertEquals(json, TripDetail.decode(json).encode(), "one encoding per detail");
  }

  @Test
  void aChargedTripStoredBeforeReadsAndEncodesToTheSameBytes() {
    TripDetail d = TripDetail.decode(CHARGED);
    assertEquals(TripDetail.charged("BUS01", "0007", "0000", FareEngine.Direction.BOARDING, FareEngine.TripKind.FLAT,
        new TripDetail.Fare(200, 0, 0, 0, "base", 1), "000000000001", 12, 34,
        LocalDateTime.of(2026, 11, 23, 8, 30, 5)).debited("A1B2C3D4", true), d);
    assertEquals(CHARGED, d.encode());
  }

  @Test
  void aRideRecoveredFromAnotherGateStoredBeforeReads() {
    TripDetail d = TripDetail.decode(PAID_ELSEWHERE);
    assertEquals(TripDetail.paidElsewhere("BUS01", "0007", "0000", FareEngine.Direction.BOARDING,
        FareEngine.TripKind.FLAT, new TripDetail.PaidElsewhere("000000000001", "000000000002",
            LocalDateTime.of(2026, 11, 23, 8, 31, 0, 500_000_000)),
        -1, LocalDateTime.of(2026, 11, 23, 8, 30), null, null), d);
    assertNull(d.psamTerminal());
    assertNull(d.fare());
  }

  @Test
  void theSettlementSampleReads() {
    TripDetail d = TripDetail.decode(SETTLEMENT_SAMPLE);
    assertEquals("BUS01", d.operator());
    assertEquals(FareEngine.Direction.EXIT, d.direction());
    assertEquals(12, d.epCounter());
    assertEquals(34L, d.psamSerial());
    assertEquals("000000000001", d.psamTerminal());
    assertEquals("A1B2C3D4", d.tac());
    assertNull(d.kind());
    assertNull(d.time());
    assertNull(d.recovered());
  }

  @Test
  void nothingStoredIsADetailWithNothingKnown() {
    assertEquals(-1, TripDetail.decode(null).epCounter());
    assertEquals(TripDetail.decode(null), TripDetail.decode(""));
    assertEquals(TripDetail.decode(null), TripDetail.decode("{}"));
    assertNull(TripDetail.decode("{\"line\":\"7\"}").operator());
    assertThrows(IllegalArgumentException.class, () -> TripDetail.decode("{"));
    assertThrows(IllegalArgumentException.class, () -> TripDetail.decode("[1]"));
  }

  @Test
  void recoveryKeepsWhatWasStoredAndAddsWhatItFound() {
    TripDetail intent = TripDetail.charged("BUS01", "0007", "0000", FareEngine.Direction.ENTRY,
        FareEngine.TripKind.ENTRY, new TripDetail.Fare(300, 0, 0, 0, "base", 2), "000000000001", 7, 9,
        LocalDateTime.of(2026, 11, 23, 8, 0));
    String stored = intent.encode();
    assertEquals(stored.replace("}", ",\"tac\":\"11223344\",\"mac2\":\"55667788\",\"recovered\":true}"),
        TripDetail.decode(stored).foundDebited("11223344", "55667788").encode());
    assertEquals(stored.replace("}", ",\"recovered\":false}"), TripDetail.decode(stored).foundNotDebited().encode());
    assertEquals(stored.replace("}", ",\"needs_reconciliation\":true}"),
        TripDetail.decode(stored).unverifiable().encode());
  }

  static TripDetail random(Random r) {
    TripDetail.Fare fare = r.nextBoolean() ? null : new TripDetail.Fare(r.nextInt(100_000), r.nextInt(1000),
        r.nextInt(1000), r.nextInt(1000), text(r), r.nextInt(1000));
    TripDetail.PaidElsewhere elsewhere = r.nextBoolean() ? null
        : new TripDetail.PaidElsewhere(String.format("%012X", r.nextInt() & 0xFFFFFFFFL), text(r),
            r.nextBoolean() ? null : time(r));
    return new TripDetail(text(r), text(r), text(r), pick(r, FareEngine.Direction.values()),
        pick(r, FareEngine.TripKind.values()), fare, text(r), r.nextInt(0x10001) - 1,
        r.nextBoolean() ? null : (long) r.nextInt(Integer.MAX_VALUE), r.nextBoolean() ? null : time(r), text(r),
        r.nextBoolean() ? null : r.nextBoolean(), text(r), r.nextBoolean() ? null : r.nextBoolean(), r.nextBoolean(),
        elsewhere);
  }

  static LocalDateTime time(Random r) {
    LocalDateTime t = LocalDateTime.of(2020 + r.nextInt(10), 1 + r.nextInt(12), 1 + r.nextInt(28), r.nextInt(24),
        r.nextInt(60), r.nextInt(3) == 0 ? 0 : r.nextInt(60));
    return r.nextInt(4) == 0 ? t.withNano(r.nextInt(1000) * 1_000_000) : t;
  }

  static <E> E pick(Random r, E[] values) {
    int i = r.nextInt(values.length + 1);
    return i == values.length ? null : values[i];
  }
}
