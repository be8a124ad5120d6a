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

class ManagementInfoTest {
  // Layout of shared/vectors/transit-files.md §3.2 (0017, 60 bytes); values made up: country 00000156,
  // province 1100, city 1000, interoperable 0001, card kind 03, reserved: 01 then 48 zero bytes.
  static final String FILE = "00000156" + "1100" + "1000" + "0001" + "03" + "01" + HolderInfoTest.zeros(48);

  @Test
  void decodesTheLayout() throws DecodeException {
    ManagementInfo m = ManagementInfo.decode(Hex.of(FILE));
    assertEquals("00000156", m.countryCode());
    assertEquals("1100", m.provinceCode());
    assertEquals("1000", m.cityCode());
    assertEquals(1, m.interoperableCardType());
    assertTrue(m.interoperable());
    assertEquals(3, m.cardKind());
    assertEquals("01" + HolderInfoTest.zeros(48), m.reserved());
    assertEquals(FILE, Hex.encode(m.encode()));
  }

  @Test
  void notInteroperable() throws DecodeException {
    String file = FILE.substring(0, 16) + "0000" + FILE.substring(20);
    assertFalse(ManagementInfo.decode(Hex.of(file)).interoperable());
  }

  @Test
  void ofZeroesTheReservedBytes() {
    ManagementInfo m = ManagementInfo.of("00000156", "1100", "1000", 1, 3);
    assertEquals("0000015611001000000103" + HolderInfoTest.zeros(49), Hex.encode(m.encode()));
  }

  @Test
  void refusesWrongLength() {
    // 59 bytes: the 49 reserved bytes at offset 11 are one short
    assertEquals(11, assertThrows(DecodeException.class,
        () -> ManagementInfo.decode(Hex.of(FILE.substring(2)))).offset());
    assertEquals(60, assertThrows(DecodeException.class,
        () -> ManagementInfo.decode(Hex.of(FILE + "00"))).offset());
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void roundTrips(long seed) throws DecodeException {
    ManagementInfo m = PurseGen.managementInfo(new Random(seed));
    byte[] b = m.encode();
    assertEquals(ManagementInfo.LENGTH, b.length);
    assertEquals(m, ManagementInfo.decode(b), "seed " + seed);
    assertArrayEquals(b, ManagementInfo.decode(b).encode());
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void damagedFilesDecodeOrFailCleanly(long seed) {
    Random rnd = new Random(seed);
    byte[] damaged = Seeds.mutate(rnd, PurseGen.managementInfo(rnd).encode());
    try {
      ManagementInfo m = ManagementInfo.decode(damaged);
      assertArrayEquals(damaged, m.encode(), "every byte of 0017 is kept");
    } catch (DecodeException expected) {
      assertTrue(expected.offset() >= 0 && expected.offset() <= damaged.length, expected.getMessage());
    }
  }
}
