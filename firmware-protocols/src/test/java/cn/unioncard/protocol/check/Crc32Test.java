package cn.unioncard.protocol.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.unioncard.protocol.Hex;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Crc32Test {
  @Test
  void catalogueCheckValue() {
    // CRC-32/ISO-HDLC check value: reveng CRC catalogue, shared/vectors/crypto.md §5.8.
    assertEquals(0xCBF43926L, Crc32.isoHdlc("123456789".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void computesOverASliceOnly() {
    assertEquals(0xCBF43926L, Crc32.isoHdlc(Hex.of("00313233343536373839FF"), 1, 9));
    assertEquals(0L, Crc32.isoHdlc(new byte[0]));
  }
}
