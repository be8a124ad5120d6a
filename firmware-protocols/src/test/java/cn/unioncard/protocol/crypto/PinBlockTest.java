package cn.unioncard.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PinBlockTest {
  private static final String PAN = "5555555551234567";

  @ParameterizedTest(name = "{0}")
  // shared/vectors/crypto.md §5.5, psec tests/test_pinblock.py [V]
  @CsvSource({"1234, 041261AAAAEDCBA9", "123456789012, 0C1261032D8226A9"})
  void encodesFormat0(String pin, String block) throws DecodeException {
    assertEquals(block, Hex.encode(PinBlock.format0(pin, PAN)));
    assertEquals(pin, PinBlock.decodeFormat0(Hex.of(block), PAN));
  }

  @Test
  void decodingLeavesTheCallersBlockAlone() throws DecodeException {
    // regression: the Jazzer finding PinBlockFuzzTestInputs/decodeFormat0/crash-a8755b03…
    byte[] block = Hex.of("041261AAAAEDCBA9");
    PinBlock.decodeFormat0(block, PAN);
    assertEquals("041261AAAAEDCBA9", Hex.encode(block));
  }

  @ParameterizedTest(name = "{1}")
  // shared/vectors/crypto.md §5.5, psec decode cases (9 and 10 digits) [V]
  @CsvSource({"091261032D8DCBA9, 123456789", "0A1261032D82CBA9, 1234567890"})
  void decodesFormat0(String block, String pin) throws DecodeException {
    assertEquals(pin, PinBlock.decodeFormat0(Hex.of(block), PAN));
  }

  @ParameterizedTest(name = "{0}")
  // shared/vectors/crypto.md §5.5, psec format 2 [V]
  @CsvSource({"1234, 241234FFFFFFFFFF", "123456789, 29123456789FFFFF"})
  void encodesFormat2(String pin, String block) throws DecodeException {
    assertEquals(block, Hex.encode(PinBlock.format2(pin)));
    assertEquals(pin, PinBlock.decodeFormat2(Hex.of(block)));
  }

  @Test
  void widenedFormat0ForSm4() throws DecodeException {
    // blog.csdn.net M_Kerry/104625499 "SM4 ECB模式+ANSI X9.8": PIN 123654, PAN 6230606601007726888 [P]
    byte[] block = PinBlock.format0ForSm4("123654", "6230606601007726888");
    assertEquals("06123654FFFFFFFFFFFF99FEFF88D977", Hex.encode(block));
    assertEquals("123654", PinBlock.decodeFormat0ForSm4(block, "6230606601007726888"));
  }

  @Test
  void encryptsUnderTdeaAndSm4PinKeys() {
    // [C] computed here, cross-checked with OpenSSL (Python cryptography 48): regression vectors, not an authority
    byte[] key = Hex.of("0123456789ABCDEFFEDCBA9876543210");
    byte[] tdea = PinBlock.encrypt(BlockAlgorithm.TDEA, key, Hex.of("041261AAAAEDCBA9"));
    assertEquals("230B4C43B8BA2C5C", Hex.encode(tdea));
    assertEquals("041261AAAAEDCBA9", Hex.encode(PinBlock.decrypt(BlockAlgorithm.TDEA, key, tdea)));
    byte[] sm4 = PinBlock.encrypt(BlockAlgorithm.SM4, key, Hex.of("06123654FFFFFFFFFFFF99FEFF88D977"));
    assertEquals("3000E5E85869B7793F6C1FB2E4394BC4", Hex.encode(sm4));
    assertEquals("06123654FFFFFFFFFFFF99FEFF88D977", Hex.encode(PinBlock.decrypt(BlockAlgorithm.SM4, key, sm4)));
    assertThrows(IllegalArgumentException.class, () -> PinBlock.encrypt(BlockAlgorithm.SM4, key, new byte[8]));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource({
    "141261AAAAEDCBA9, control field 1",
    "031261AAAAEDCBA9, length 3",
    "0D1261AAAAEDCBA9, length 13",
    "04A261AAAAEDCBA9, non-decimal PIN digit",
    "041261AAAAEDCBA8, fill digit not F",
    "041261AAAAEDCB, 7 bytes",
    "041261AAAAEDCBA9A9, 9 bytes"
  })
  void rejectsMalformedFormat0(String block, String why) {
    assertThrows(DecodeException.class, () -> PinBlock.decodeFormat0(Hex.of(block), PAN), why);
  }

  @Test
  void rejectsMalformedFormat2AndBadPans() {
    assertThrows(DecodeException.class, () -> PinBlock.decodeFormat2(Hex.of("041234FFFFFFFFFF")));
    assertThrows(DecodeException.class, () -> PinBlock.decodeFormat2(Hex.of("241234FFFFFFFF0F")));
    assertThrows(DecodeException.class, () -> PinBlock.decodeFormat2(null));
    assertThrows(DecodeException.class, () -> PinBlock.decodeFormat0(Hex.of("041261AAAAEDCBA9"), "1234567"));
    assertThrows(DecodeException.class, () -> PinBlock.decodeFormat0(Hex.of("041261AAAAEDCBA9"), "55555555512345X7"));
    assertThrows(DecodeException.class, () -> PinBlock.decodeFormat0(Hex.of("041261AAAAEDCBA9"), null));
    assertThrows(DecodeException.class, () -> PinBlock.decodeFormat0ForSm4(Hex.of("041261AAAAEDCBA9"), PAN));
  }

  @Test
  void rejectsBadPinsWhenEncoding() {
    assertThrows(IllegalArgumentException.class, () -> PinBlock.format0("123", PAN));
    assertThrows(IllegalArgumentException.class, () -> PinBlock.format0("1234567890123", PAN));
    assertThrows(IllegalArgumentException.class, () -> PinBlock.format0("12a4", PAN));
    assertThrows(IllegalArgumentException.class, () -> PinBlock.format0("1234", "123"));
    assertThrows(IllegalArgumentException.class, () -> PinBlock.format2(null));
  }

  @Test
  void shortPanIsLeftPaddedWithZeros() throws DecodeException {
    // ISO 9564-1 format 0: fewer than 12 digits before the check digit are right-justified
    byte[] block = PinBlock.format0("1234", "123456789");
    assertArrayEquals(Keys.xor(Hex.of("041234FFFFFFFFFF"), Hex.of("0000000012345678")), block);
    assertEquals("1234", PinBlock.decodeFormat0(block, "123456789"));
  }
}
