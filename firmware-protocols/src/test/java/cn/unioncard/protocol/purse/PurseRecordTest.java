package cn.unioncard.protocol.purse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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

class PurseRecordTest {
  // Layout of shared/vectors/transit-files.md §3.2 (0018, 23 bytes); values made up: EP serial 0x0005,
  // overdraft 0, amount 0x1F4 = 500 fen, type 09, terminal 000012345678, 2024-03-15 08:15:30.
  static final String RECORD = "0005" + "000000" + "000001F4" + "09" + "000012345678" + "20240315081530";

  @Test
  void decodesTheLayout() throws DecodeException {
    PurseRecord r = PurseRecord.decode(Hex.of(RECORD));
    assertEquals(5, r.epSerial());
    assertEquals(0, r.overdraftLimit());
    assertEquals(500, r.amount());
    assertEquals(0x09, r.typeCode());
    assertEquals(PurseTransactionType.COMPOUND_PURCHASE, r.type());
    assertEquals("000012345678", r.terminalNumber());
    assertEquals(LocalDateTime.of(2024, 3, 15, 8, 15, 30), r.time());
    assertEquals(RECORD, Hex.encode(r.encode()));
  }

  @ParameterizedTest(name = "type {0}")
  @CsvSource({"02, LOAD", "06, PURCHASE", "09, COMPOUND_PURCHASE", "05, OTHER", "00, OTHER"})
  void mapsTheTypeByte(String code, PurseTransactionType type) throws DecodeException {
    String rec = RECORD.substring(0, 18) + code + RECORD.substring(20);
    PurseRecord r = PurseRecord.decode(Hex.of(rec));
    assertEquals(type, r.type());
    assertEquals(rec, Hex.encode(r.encode()), "an unknown type byte is kept");
  }

  @Test
  void amountsAreUnsignedBigEndian() throws DecodeException {
    PurseRecord r = PurseRecord.decode(Hex.of("FFFF" + "FFFFFF" + "FFFFFFFF" + RECORD.substring(18)));
    assertEquals(0xFFFF, r.epSerial());
    assertEquals(0xFFFFFFL, r.overdraftLimit());
    assertEquals(0xFFFFFFFFL, r.amount());
  }

  @Test
  void anUnsetTimeIsNull() throws DecodeException {
    assertNull(PurseRecord.decode(Hex.of(RECORD.substring(0, 32) + "00000000000000")).time());
    assertNull(PurseRecord.decode(Hex.of(RECORD.substring(0, 32) + "FFFFFFFFFFFFFF")).time());
  }

  @ParameterizedTest(name = "{2} at {3}")
  @CsvSource({
    "12, 0A, terminal number, 12", // not BCD: the byte itself
    "21, 1A, transaction time, 21", // not BCD: the byte itself
    "18, 13, transaction time, 16", // month 13: the start of the field
    "16, 20240230081530, transaction time, 16", // 30 February
    "20, 24, transaction time, 16", // hour 24
  })
  void badFieldsFailAtTheirOffset(int at, String bytes, String field, int offset) {
    byte[] b = Hex.of(RECORD);
    byte[] patch = Hex.of(bytes);
    System.arraycopy(patch, 0, b, at, patch.length);
    DecodeException e = assertThrows(DecodeException.class, () -> PurseRecord.decode(b));
    assertTrue(e.getMessage().contains(field), e.getMessage());
    assertEquals(offset, e.offset(), e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void roundTrips(long seed) throws DecodeException {
    PurseRecord r = PurseGen.purseRecord(new Random(seed));
    byte[] b = r.encode();
    assertEquals(PurseRecord.LENGTH, b.length);
    assertEquals(r, PurseRecord.decode(b), "seed " + seed);
    assertArrayEquals(b, PurseRecord.decode(b).encode());
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void damagedRecordsDecodeOrFailCleanly(long seed) {
    Random rnd = new Random(seed);
    byte[] damaged = Seeds.mutate(rnd, PurseGen.purseRecord(rnd).encode());
    try {
      PurseRecord r = PurseRecord.decode(damaged);
      assertEquals(r, PurseRecord.decode(r.encode()));
    } catch (DecodeException expected) {
      assertTrue(expected.offset() >= 0 && expected.offset() <= damaged.length, expected.getMessage());
    }
  }
}
