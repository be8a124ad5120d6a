package cn.unioncard.protocol.purse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.testing.Seeds;
import java.time.LocalDateTime;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class TripRecordTest {
  // Layout of shared/vectors/transit-files.md §3.2 (001E, 48 bytes); values made up: an EP single-fare bus
  // ride of 2.00 CNY leaving 27.55 CNY, the tail zero as on the T-Union_Master real card.
  static final String RECORD = "06" + "0000000012345678" + "02" + "00010203040506" + "000000C8" + "00000AC3"
      + "20240315081530" + "1000" + "0101100000000000" + "000000000000";

  @Test
  void decodesTheLayout() throws DecodeException {
    TripRecord t = TripRecord.decode(Hex.of(RECORD));
    assertEquals(TripType.EP_SINGLE_PURCHASE, t.type());
    assertEquals("0000000012345678", t.terminalNumber());
    assertEquals(IndustryCode.BUS, t.industry());
    assertEquals("00010203040506", t.lineStation());
    assertEquals(200, t.amount());
    assertEquals(2755, t.balance());
    assertEquals(LocalDateTime.of(2024, 3, 15, 8, 15, 30), t.time());
    assertEquals("1000", t.acceptorCityCode());
    assertEquals("0101100000000000", t.institutionCode());
    assertEquals("000000000000", t.tail());
    assertEquals(RECORD, Hex.encode(t.encode()));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"00, INITIAL", "01, EC_ENTRY", "02, EC_EXIT", "03, EP_ENTRY", "04, EP_EXIT",
      "05, EC_SINGLE_PURCHASE", "06, EP_SINGLE_PURCHASE", "07, EC_FARE_ADJUSTMENT", "08, EP_FARE_ADJUSTMENT",
      "09, EC_LOAD", "0A, EP_LOAD", "0B, OTHER", "FF, OTHER"})
  void mapsTripTypes(String code, TripType type) throws DecodeException {
    String rec = code + RECORD.substring(2);
    TripRecord t = TripRecord.decode(Hex.of(rec));
    assertEquals(type, t.type());
    assertEquals(rec, Hex.encode(t.encode()));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"01, METRO", "02, BUS", "03, URBAN_WATER_TRANSPORT", "04, TAXI", "05, CAR_RENTAL",
      "06, PUBLIC_BICYCLE", "07, PARKING", "08, COACH", "09, FERRY", "0A, INTERCITY_RAIL",
      "0B, CIVIL_AVIATION", "0C, EXPRESSWAY_TOLL", "0E, SUBURBAN_RAIL", "0D, OTHER", "00, OTHER"})
  void mapsIndustryCodes(String code, IndustryCode industry) throws DecodeException {
    String rec = RECORD.substring(0, 18) + code + RECORD.substring(20);
    TripRecord t = TripRecord.decode(Hex.of(rec));
    assertEquals(industry, t.industry());
    assertEquals(rec, Hex.encode(t.encode()));
  }

  @ParameterizedTest(name = "{2} at {3}")
  @CsvSource({
    "8, 9A, terminal number, 8",
    "27, 13, time, 25", // month 13
    "30, 60, time, 25", // minute 60
  })
  void badFieldsFailAtTheirOffset(int at, String bytes, String field, int offset) {
    byte[] b = Hex.of(RECORD);
    byte[] patch = Hex.of(bytes);
    System.arraycopy(patch, 0, b, at, patch.length);
    DecodeException e = assertThrows(DecodeException.class, () -> TripRecord.decode(b));
    assertTrue(e.getMessage().contains(field), e.getMessage());
    assertEquals(offset, e.offset(), e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void roundTrips(long seed) throws DecodeException {
    TripRecord t = PurseGen.tripRecord(new Random(seed));
    byte[] b = t.encode();
    assertEquals(TripRecord.LENGTH, b.length);
    assertEquals(t, TripRecord.decode(b), "seed " + seed);
    assertArrayEquals(b, TripRecord.decode(b).encode());
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void damagedRecordsDecodeOrFailCleanly(long seed) {
    Random rnd = new Random(seed);
    byte[] damaged = Seeds.mutate(rnd, PurseGen.tripRecord(rnd).encode());
    try {
      TripRecord t = TripRecord.decode(damaged);
      assertEquals(t, TripRecord.decode(t.encode()));
    } catch (DecodeException expected) {
      assertTrue(expected.offset() >= 0 && expected.offset() <= damaged.length, expected.getMessage());
    }
  }
}
