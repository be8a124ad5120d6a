package cn.unioncard.protocol.purse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.testing.Seeds;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HolderInfoTest {
  // Layout of shared/vectors/transit-files.md §3.2 (0016, 55 bytes); values made up, not a capture:
  // card type 01, staff 00, name "张三" in GBK (D5C5 C8FD) padded with 00, id "11010519491231002X" padded
  // with 20 (spaces), id type 00.
  static final String FILE = "0100" + "D5C5C8FD" + zeros(16)
      + "3131303130353139343931323331303032" + "58" + spaces(14) + "00";

  @Test
  void decodesGbkNameAndSpacePaddedId() throws DecodeException {
    HolderInfo h = HolderInfo.decode(Hex.of(FILE));
    assertEquals(1, h.cardType());
    assertEquals(0, h.staffFlag());
    assertEquals("张三", h.name());
    assertEquals("11010519491231002X", h.idNumber());
    assertEquals(0, h.idType());
  }

  @Test
  void encodesWithZeroPadding() throws DecodeException {
    HolderInfo h = HolderInfo.decode(Hex.of(FILE));
    assertEquals("0100" + "D5C5C8FD" + zeros(16) + "3131303130353139343931323331303032" + "58" + zeros(14)
        + "00", Hex.encode(h.encode()));
  }

  @Test
  void trimsFfPaddingAndReadsAsciiNames() throws DecodeException {
    String file = "0201" + "5A48414E472053414E" + ff(11) + ff(32) + "05";
    HolderInfo h = HolderInfo.decode(Hex.of(file));
    assertEquals("ZHANG SAN", h.name());
    assertEquals("", h.idNumber());
    assertEquals(5, h.idType());
  }

  @Test
  void malformedGbkFailsAtTheNameField() {
    String file = "0100" + "D5" + "7F" + zeros(18) + zeros(32) + "00"; // D5 7F is not a GBK character
    DecodeException e = assertThrows(DecodeException.class, () -> HolderInfo.decode(Hex.of(file)));
    assertEquals(2, e.offset());
    assertTrue(e.getMessage().contains("name"), e.getMessage());
  }

  @Test
  void refusesWrongLength() {
    assertThrows(DecodeException.class, () -> HolderInfo.decode(Hex.of(FILE + "00")));
    assertThrows(DecodeException.class, () -> HolderInfo.decode(Hex.of(FILE.substring(2))));
  }

  @Test
  void refusesValuesThatCannotBeEncoded() {
    assertThrows(IllegalArgumentException.class, () -> new HolderInfo(0, 0, "张三李四王五赵六刘七陈八", "", 0));
    assertThrows(IllegalArgumentException.class, () -> new HolderInfo(0, 0, "A ", "", 0));
    assertThrows(IllegalArgumentException.class, () -> new HolderInfo(0, 0, "\uD83D\uDE00", "", 0));
  }

  @Test
  void toStringMasksNameAndId() throws DecodeException {
    String s = HolderInfo.decode(Hex.of(FILE)).toString();
    assertFalse(s.contains("张三") || s.contains("11010519491231002X"), s);
    assertTrue(s.contains("张*") && s.contains("110105********002X"), s);
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void roundTrips(long seed) throws DecodeException {
    HolderInfo h = PurseGen.holderInfo(new Random(seed));
    byte[] b = h.encode();
    assertEquals(HolderInfo.LENGTH, b.length);
    assertEquals(h, HolderInfo.decode(b), "seed " + seed);
    assertArrayEquals(b, HolderInfo.decode(b).encode());
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void damagedFilesDecodeOrFailCleanly(long seed) {
    Random rnd = new Random(seed);
    byte[] damaged = Seeds.mutate(rnd, PurseGen.holderInfo(rnd).encode());
    try {
      HolderInfo h = HolderInfo.decode(damaged);
      assertEquals(h, HolderInfo.decode(h.encode()));
    } catch (DecodeException expected) {
      assertTrue(expected.offset() >= 0 && expected.offset() <= damaged.length, expected.getMessage());
    }
  }

  static String zeros(int bytes) {
    return fill("00", bytes);
  }

  static String spaces(int bytes) {
    return fill("20", bytes);
  }

  static String ff(int bytes) {
    return fill("FF", bytes);
  }

  private static String fill(String b, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(b);
    }
    return sb.toString();
  }
}
