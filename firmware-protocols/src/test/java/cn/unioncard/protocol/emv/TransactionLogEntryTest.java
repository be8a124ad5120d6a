package cn.unioncard.protocol.emv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.testing.Seeds;
import cn.unioncard.protocol.tlv.Tag;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TransactionLogEntryTest {
  // A PBOC-style log format written for this test: date, time, amount, other amount, country, currency,
  // merchant name (20 bytes), transaction type, ATC, and a proprietary DF71 the terminal does not know.
  static final String LOG_FORMAT = "9A039F21039F02069F03069F1A025F2A029F4E149C019F3602DF7102";

  @Test
  void decodesARecordByItsLogFormat() throws DecodeException {
    Dol format = Dol.parse(Hex.of(LOG_FORMAT));
    assertEquals(47, format.dataLength());
    // "北京市西城区" in GBK (12 bytes) padded with 00 to 20
    String merchant = "B1B1BEA9CAD0CEF7B3C7C7F8" + "0000000000000000";
    byte[] record =
        Hex.of("250701" + "143015" + "000000001250" + "000000000000" + "0156" + "0156" + merchant + "00"
            + "0012" + "ABCD");
    TransactionLogEntry e = TransactionLogEntry.decode(format, record);
    assertEquals(LocalDate.of(2025, 7, 1), e.date());
    assertEquals(LocalTime.of(14, 30, 15), e.time());
    assertEquals(1250L, e.amount());
    assertEquals(0L, e.otherAmount());
    assertEquals("CN", e.country().alpha2());
    assertEquals("CNY", e.currency().alpha());
    assertEquals("北京市西城区", e.merchantName());
    assertEquals(0, e.transactionType());
    assertEquals(0x12, e.atc());
    assertArrayEquals(Hex.of("ABCD"), e.value(Tag.of(0xDF71)));
    assertEquals(10, e.fields().size());
  }

  @Test
  void fieldsTheFormatDoesNotListAreNull() throws DecodeException {
    Dol format = Dol.parse(Hex.of("9F02069F4E08"));
    TransactionLogEntry e = TransactionLogEntry.decode(format, Hex.of("000000000100" + "53484F5020202020"));
    assertEquals(100L, e.amount());
    assertEquals("SHOP", e.merchantName());
    assertNull(e.date());
    assertNull(e.time());
    assertNull(e.atc());
    assertNull(e.country());
  }

  @Test
  void aMalformedFieldFailsAlone() throws DecodeException {
    // amount listed with 4 bytes, date 2025-02-30, merchant with a control byte
    Dol format = Dol.parse(Hex.of("9F02049A039F4E02"));
    TransactionLogEntry e = TransactionLogEntry.decode(format, Hex.of("00001000" + "250230" + "4101"));
    assertEquals("9F02", assertThrows(DecodeException.class, e::amount).tag());
    assertEquals("9A", assertThrows(DecodeException.class, e::date).tag());
    assertEquals("9F4E", assertThrows(DecodeException.class, e::merchantName).tag());
    assertThrows(DecodeException.class, () -> TransactionLogEntry.decode(format, Hex.of("0000100025023041")));
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void randomRecordsSplitByTheirFormat(long seed) throws DecodeException {
    Random rnd = new Random(seed);
    Dol format = EmvRandom.dol(rnd, 10);
    Map<Tag, byte[]> values = new HashMap<>();
    byte[] record = new byte[format.dataLength()];
    rnd.nextBytes(record);
    TransactionLogEntry e = TransactionLogEntry.decode(format, record);
    int at = 0;
    for (int i = 0; i < format.entries().size(); i++) {
      Dol.Entry d = format.entries().get(i);
      assertArrayEquals(
          java.util.Arrays.copyOfRange(record, at, at + d.length()), e.fields().get(i).value());
      at += d.length();
      values.putIfAbsent(d.tag(), e.fields().get(i).value());
    }
    TransactionLogFuzzTest.exercise(e);
    byte[] damaged = Seeds.mutate(rnd, record);
    if (damaged.length != record.length) {
      assertThrows(DecodeException.class, () -> TransactionLogEntry.decode(format, damaged));
    }
    assertTrue(values.size() <= format.entries().size());
  }
}
