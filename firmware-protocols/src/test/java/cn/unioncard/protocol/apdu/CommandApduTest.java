package cn.unioncard.protocol.apdu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.testing.Seeds;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class CommandApduTest {

  @Test
  void selectPpseIsCaseFourShort() throws DecodeException {
    // SELECT PPSE as every contactless terminal sends it (shared/vectors/card-captures.md §2.1 step 2).
    byte[] wire = Hex.of("00A404000E325041592E5359532E444446303100");
    CommandApdu c = CommandApdu.parse(wire);
    assertEquals(4, c.isoCase());
    assertEquals(0xA4, c.ins());
    assertEquals(14, c.nc());
    assertEquals(256, c.ne());
    assertArrayEquals(wire, c.encode());
  }

  @ParameterizedTest(name = "{0}: case {1}, Nc {2}, Ne {3}")
  @CsvSource({
    "80CA9F7900, 2, 0, 256", // GET DATA 9F79 (EC balance), card-captures.md §2.1 step 8
    "00B2010C00, 2, 0, 256", // READ RECORD 1, SFI 1
    "805C000204, 2, 0, 4", // GET BALANCE, transit-files.md §3.1
    "0084000008, 2, 0, 8", // GET CHALLENGE
    "00A40000, 1, 0, 0",
    "80DC00F030010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748, 3, 48, 0",
    "00B00000000000, 2, 0, 65536", // extended Le 0000
    "00B0000000FFFF, 2, 0, 65535",
    "80E2000000000301020300FF, 4, 3, 255", // extended Lc and Le
    "80E20000000003010203, 3, 3, 0",
  })
  void parsesEveryForm(String hex, int isoCase, int nc, int ne) throws DecodeException {
    CommandApdu c = CommandApdu.parse(Hex.of(hex));
    assertEquals(isoCase, c.isoCase());
    assertEquals(nc, c.nc());
    assertEquals(ne, c.ne());
  }

  @Test
  void extendedFormOnRequest() {
    assertEquals("00B0000000000A", Hex.encode(new CommandApdu(0, 0xB0, 0, 0, 10).inExtendedForm().encode()));
    assertEquals("00B000000A", Hex.encode(new CommandApdu(0, 0xB0, 0, 0, 10).encode()));
  }

  @Test
  void extendedFormIsChosenOnlyWhenNeeded() {
    assertEquals("00B0000000", Hex.encode(new CommandApdu(0, 0xB0, 0, 0, 256).encode()));
    assertEquals("00B00000000101", Hex.encode(new CommandApdu(0, 0xB0, 0, 0, 257).encode()));
    assertEquals("00B00000000000", Hex.encode(new CommandApdu(0, 0xB0, 0, 0, 65536).encode()));
    CommandApdu big = new CommandApdu(0x80, 0xE2, 0, 0, new byte[300], 256);
    byte[] enc = big.encode();
    assertEquals(4 + 3 + 300 + 2, enc.length);
    assertTrue(big.isExtended());
  }

  @ParameterizedTest(name = "{0}")
  // Extended lengths are allowed for any value; the form is kept. 0E0A00000000FA was found by CommandApduFuzzTest.
  @CsvSource({"0E0A00000000FA", "00B0000000000A", "80E200000000030102030005", "80E20000000003010203"})
  void keepsTheExtendedFormOfSmallLengths(String hex) throws DecodeException {
    CommandApdu c = CommandApdu.parse(Hex.of(hex));
    assertTrue(c.isExtended());
    assertEquals(hex, Hex.encode(c.encode()));
    assertEquals(c, CommandApdu.parse(c.encode()));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "'', CLA",
    "00A404, P2",
    "00A404000E3250, command data",
    "00A4040002AABB0000, trailing",
    "00B000000001, extended Lc",
    "0000000000000001, extended",
    "00E200000000, extended Lc",
  })
  void refusesMalformedWithOffset(String hex, String message) {
    DecodeException e = assertThrows(DecodeException.class, () -> CommandApdu.parse(Hex.of(hex)));
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertTrue(e.offset() >= 0, "offset known");
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void roundTripsRandomCommands(long seed) throws DecodeException {
    Random rnd = new Random(seed);
    int nc = rnd.nextInt(4) == 0 ? rnd.nextInt(600) : rnd.nextInt(40);
    if (rnd.nextInt(5) == 0) {
      nc = 0;
    }
    byte[] data = new byte[nc];
    rnd.nextBytes(data);
    int ne = rnd.nextInt(3) == 0 ? 0 : 1 + rnd.nextInt(rnd.nextBoolean() ? 256 : 65536);
    CommandApdu c =
        new CommandApdu(rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256), data, ne);
    CommandApdu back = CommandApdu.parse(c.encode());
    assertEquals(c, back, "seed " + seed);
    assertArrayEquals(c.encode(), back.encode());
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void arbitraryBytesParseOrFailCleanly(long seed) {
    Random rnd = new Random(seed);
    byte[] junk = Seeds.bytes(rnd, 300);
    try {
      CommandApdu c = CommandApdu.parse(junk);
      assertArrayEquals(junk, c.encode(), "a parsed command re-encodes to the same bytes");
    } catch (DecodeException expected) {
      assertTrue(expected.offset() >= 0);
    }
  }
}
