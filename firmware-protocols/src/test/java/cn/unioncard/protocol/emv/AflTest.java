package cn.unioncard.protocol.emv;

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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class AflTest {

  @Test
  void decodesEntries() throws DecodeException {
    // SFI 1 records 1-1 (1 for ODA), SFI 2 records 1-3 (none), SFI 3 records 1-2 (1)
    Afl afl = Afl.decode(Hex.of("080101001001030018010201"));
    assertEquals(3, afl.entries().size());
    assertEquals(new Afl.Entry(1, 1, 1, 0), afl.entries().get(0));
    assertEquals(new Afl.Entry(2, 1, 3, 0), afl.entries().get(1));
    Afl.Entry third = afl.entries().get(2);
    assertEquals(3, third.sfi());
    assertEquals(2, third.recordCount());
    assertTrue(third.isOdaRecord(1));
    assertFalse(third.isOdaRecord(2));
    assertEquals(6, afl.recordCount());
    assertEquals("080101001001030018010201", Hex.encode(afl.encode()));
    assertTrue(Afl.decode(new byte[0]).isEmpty());
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "0801010010010300180102, 8, multiple of 4",
    "08010100F8010100, 4, SFI 31",
    "0801010000010100, 4, SFI 0",
    "0801010009010100, 4, b3-b1",
    "0801010010000100, 4, first record 0",
    "0801010010030200, 4, last record 2 before first 3",
    "0801010010010203, 4, 3 ODA records but only 2",
  })
  void namesTheOffsetOfTheBadEntry(String hex, int offset, String why) {
    DecodeException e = assertThrows(DecodeException.class, () -> Afl.decode(Hex.of(hex)));
    assertEquals(offset, e.offset());
    assertEquals("94", e.tag());
    assertTrue(e.getMessage().contains(why), e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void roundTripsAndRefusesDamage(long seed) throws DecodeException {
    Random rnd = new Random(seed);
    Afl afl = EmvRandom.afl(rnd);
    byte[] enc = afl.encode();
    assertEquals(afl, Afl.decode(enc));
    byte[] damaged = Seeds.mutate(rnd, enc);
    try {
      assertArrayEquals(damaged, Afl.decode(damaged).encode(), "a valid AFL re-encodes exactly");
    } catch (DecodeException e) {
      assertTrue(e.offset() >= 0 && e.offset() <= damaged.length);
    }
  }
}
