package cn.unioncard.protocol.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import cn.unioncard.protocol.Hex;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Crc16Test {
  private static final byte[] CHECK_STRING = "123456789".getBytes(StandardCharsets.US_ASCII);

  @ParameterizedTest(name = "{0} = {1}")
  // Check values (CRC of ASCII "123456789"): reveng CRC catalogue, shared/vectors/crypto.md §5.8.
  @CsvSource({
    "IBM_3740, 29B1",
    "KERMIT, 2189",
    "XMODEM, 31C3",
    "MODBUS, 4B37",
    "ISO_14443_A, BF05",
    "ISO_14443_B, 906E"
  })
  void catalogueCheckValues(Crc16 model, String check) {
    assertEquals(Integer.parseInt(check, 16), model.compute(CHECK_STRING));
  }

  @ParameterizedTest(name = "{0}({1}) sent as {2}")
  // ISO/IEC 14443-3 frame CRCs as transmitted (LSB first): shared/vectors/crypto.md §5.8.
  @CsvSource({
    "ISO_14443_A, 0000, A01E",
    "ISO_14443_A, 1234, 26CF",
    "ISO_14443_B, 000000, CCC6",
    "ISO_14443_B, 0FAAFF, FCD1",
    "ISO_14443_B, 0A123456, 2CF6"
  })
  void iso14443FrameExamples(Crc16 model, String data, String wire) {
    assertEquals(wire, Hex.encode(model.wireBytes(model.compute(Hex.of(data)))));
  }

  @Test
  void unreflectedModelsSendTheHighByteFirst() {
    assertEquals("29B1", Hex.encode(Crc16.IBM_3740.wireBytes(0x29B1)));
    assertEquals("31C3", Hex.encode(Crc16.XMODEM.wireBytes(0x31C3)));
    assertEquals("374B", Hex.encode(Crc16.MODBUS.wireBytes(0x4B37)));
  }

  @Test
  void computesOverASliceOnly() {
    byte[] padded = Hex.of("FFFF" + Hex.encode(CHECK_STRING) + "00");
    for (Crc16 model : Crc16.values()) {
      assertEquals(model.compute(CHECK_STRING), model.compute(padded, 2, 9), model.name());
    }
  }

  @Test
  void noBytesGiveTheInitialValueReflectedAsTheOutputThenTheFinalXor() {
    assertEquals(0xFFFF, Crc16.IBM_3740.compute(new byte[0]));
    assertEquals(0x0000, Crc16.XMODEM.compute(new byte[0]));
    // init C6C6 reflected: the 6363 that ISO/IEC 14443-3 gives as CRC_A's initial register value.
    assertEquals(0x6363, Crc16.ISO_14443_A.compute(new byte[0]));
    assertEquals(0x0000, Crc16.ISO_14443_B.compute(new byte[0]));
  }

  @Test
  void appendingTheCrcOfAnUnreflectedModelGivesZero() {
    // A CRC with xorout 0 leaves a zero remainder over data + CRC (MSB first): a property of the division.
    int crc = Crc16.IBM_3740.compute(CHECK_STRING);
    byte[] withCrc = Hex.of(Hex.encode(CHECK_STRING) + Hex.encode(Crc16.IBM_3740.wireBytes(crc)));
    assertEquals(0, Crc16.IBM_3740.compute(withCrc));
  }

  @Test
  void detectsEverySingleBitErrorInTheCheckString() {
    int good = Crc16.IBM_3740.compute(CHECK_STRING);
    for (int bit = 0; bit < CHECK_STRING.length * 8; bit++) {
      byte[] b = CHECK_STRING.clone();
      b[bit / 8] ^= (byte) (1 << (bit % 8));
      assertNotEquals(good, Crc16.IBM_3740.compute(b), "bit " + bit);
    }
  }
}
