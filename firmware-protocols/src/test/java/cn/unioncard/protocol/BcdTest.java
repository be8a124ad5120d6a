package cn.unioncard.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cn.unioncard.protocol.apdu.IsoCommands;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BcdTest {
  @Test
  void amountsAreTwelveDigits() throws DecodeException {
    // 9F02 amount 10.00 as in the Visa GPO vector (shared/vectors/card-captures.md V4)
    assertEquals("000000001000", Hex.encode(Bcd.encode(1000, 6)));
    assertEquals(1000, Bcd.decode(Hex.of("000000001000"), "amount"));
    assertEquals("20190806", Bcd.digits(Hex.of("20190806"), "date"));
  }

  @Test
  void refusesNonDecimalNibblesAndOverflow() {
    DecodeException e = assertThrows(DecodeException.class, () -> Bcd.decode(Hex.of("00001A"), "amount"));
    assertEquals(2, e.offset());
    assertThrows(IllegalArgumentException.class, () -> Bcd.encode(1000, 1));
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void roundTrips(long seed) throws DecodeException {
    long v = Math.floorMod(new Random(seed).nextLong(), 1_000_000_000_000L);
    assertEquals(v, Bcd.decode(Bcd.encode(v, 6), "amount"));
  }

  @Test
  void isoCommandsEncodeAsTheStandardsShowThem() {
    assertEquals("00A404000E325041592E5359532E444446303100",
        IsoCommands.selectByName("2PAY.SYS.DDF01".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).toString());
    assertEquals("00B2010C00", IsoCommands.readRecord(1, 1).toString());
    assertEquals("00B2011C00", IsoCommands.readRecord(1, 3).toString());
    assertEquals("00B0950000", IsoCommands.readBinary(0x15, 0, 256).toString());
    assertEquals("00B097003C", IsoCommands.readBinary(0x17, 0, 60).toString()); // transit-files.md §3.2
    assertEquals("0084000008", IsoCommands.getChallenge(8).toString()); // transit-files.md §3.3
    assertEquals("00C0000020", IsoCommands.getResponse(0x20).toString());
  }
}
