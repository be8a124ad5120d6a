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

class CappRecordTest {
  // Layout of shared/vectors/transit-files.md §3.2 (001A record 2702, ProjectAfcApp stJTB1A); values made
  // up: a bus boarding in Beijing, not yet alighted.
  static final String ENTRY = "1000" + "0101100000000000" + "0001" + "0012" + "05"
      + "423132333435" + "0000" // vehicle "B12345"
      + "0000000012345678" + "20240315081530";
  static final String RECORD = "2702" + "7D" + "01" + "01" + "00" + "0000000000000123" + "01"
      + ENTRY + "000003E8" + "01" + HolderInfoTest.zeros(38) + "00000000" + "0000" + HolderInfoTest.zeros(26);

  @Test
  void decodesABoardingRecord() throws DecodeException {
    CappRecord r = CappRecord.decode(Hex.of(RECORD));
    assertEquals(CappRecord.BUS_RECORD_ID, r.recordId());
    assertEquals(CappRecord.BUS_RECORD_LENGTH, r.recordLength());
    assertEquals(1, r.validFlag());
    assertEquals(1, r.transactionFlag());
    assertEquals(0, r.lockFlag());
    assertEquals("0000000000000123", r.transactionSerial());
    assertEquals(CappRecord.STATUS_ENTERED, r.status());
    CappRecord.Endpoint e = r.entry();
    assertEquals("1000", e.cityCode());
    assertEquals("0101100000000000", e.institutionCode());
    assertEquals(1, e.operatorCode());
    assertEquals(0x12, e.line());
    assertEquals(5, e.station());
    assertEquals("B12345", e.vehicleNumber());
    assertEquals("0000000012345678", e.terminalNumber());
    assertEquals(LocalDateTime.of(2024, 3, 15, 8, 15, 30), e.time());
    assertEquals(1000, r.markedAmount());
    assertEquals(1, r.direction());
    assertEquals(CappRecord.Endpoint.none(), r.exit());
    assertEquals(0, r.amount());
    assertEquals(0, r.mileage());
    assertEquals(0x27, r.p1RecordIdentifier());
    assertEquals(RECORD, Hex.encode(r.encode()));
  }

  @Test
  void readsByRecordIdentifier() {
    assertEquals("00B227D000", Hex.encode(CappRecord.readCommand(0x27).encode()));
  }

  @ParameterizedTest(name = "{2} at {3}")
  @CsvSource({
    "6, 0A, transaction serial, 6",
    "31, C8, entry vehicle number, 30", // not ASCII: the start of the field
    "38, F0, entry terminal number, 38",
    "48, 13, entry time, 46", // month 13
    "91, 13, exit time, 89", // an exit time of 0013... is not a date
  })
  void badFieldsFailAtTheirOffset(int at, String bytes, String field, int offset) {
    byte[] b = Hex.of(RECORD);
    byte[] patch = Hex.of(bytes);
    System.arraycopy(patch, 0, b, at, patch.length);
    DecodeException e = assertThrows(DecodeException.class, () -> CappRecord.decode(b));
    assertTrue(e.getMessage().contains(field), e.getMessage());
    assertEquals(offset, e.offset(), e.getMessage());
  }

  @Test
  void refusesWrongLength() {
    assertThrows(DecodeException.class, () -> CappRecord.decode(Hex.of(RECORD.substring(2))));
    assertEquals(128, assertThrows(DecodeException.class,
        () -> CappRecord.decode(Hex.of(RECORD + "00"))).offset());
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void roundTrips(long seed) throws DecodeException {
    CappRecord r = PurseGen.cappRecord(new Random(seed));
    byte[] b = r.encode();
    assertEquals(CappRecord.LENGTH, b.length);
    assertEquals(r, CappRecord.decode(b), "seed " + seed);
    assertArrayEquals(b, CappRecord.decode(b).encode());
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void damagedRecordsDecodeOrFailCleanly(long seed) {
    Random rnd = new Random(seed);
    byte[] damaged = Seeds.mutate(rnd, PurseGen.cappRecord(rnd).encode());
    try {
      CappRecord r = CappRecord.decode(damaged);
      assertEquals(r, CappRecord.decode(r.encode()));
    } catch (DecodeException expected) {
      assertTrue(expected.offset() >= 0 && expected.offset() <= damaged.length, expected.getMessage());
    }
  }
}
