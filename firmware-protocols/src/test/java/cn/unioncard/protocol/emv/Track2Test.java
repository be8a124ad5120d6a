package cn.unioncard.protocol.emv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.testing.Seeds;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class Track2Test {
  // V5 (shared/vectors/card-captures.md; wcurrie/emv-bertlv-tools DecodeControllerTest): tag 57 of the qVSDC
  // GPO response.
  private static final String V5_TRACK2 = "4761340000000043D171220113183875";

  @Test
  void decodesTheV5TrackTwo() throws DecodeException {
    Track2 t = Track2.decode(Hex.of(V5_TRACK2));
    assertEquals("4761340000000043", t.pan().digits());
    assertEquals(YearMonth.of(2017, 12), t.expiry());
    assertEquals("201", t.serviceCode());
    assertEquals("13183875", t.discretionaryData());
    assertArrayEquals(Hex.of(V5_TRACK2), t.encode());
    assertEquals("Track2{476134******0043 exp 2017-12 svc 201}", t.toString());
  }

  @Test
  void decodesOddLengthWithOnePaddingNibble() throws DecodeException {
    Track2 t = Track2.decode(Hex.of("6217001234567890122D3012220123456F"));
    assertEquals("6217001234567890122", t.pan().digits());
    assertEquals(YearMonth.of(2030, 12), t.expiry());
    assertEquals("220", t.serviceCode());
    assertEquals("123456", t.discretionaryData());
    assertArrayEquals(Hex.of("6217001234567890122D3012220123456F"), t.encode());
  }

  @Test
  void checksAgreementWithPanAndExpiry() throws DecodeException {
    Track2 t = Track2.decode(Hex.of(V5_TRACK2));
    Pan pan = Pan.decode(Hex.of("4761340000000043"));
    LocalDate expiry = EmvValues.expiryDate(Hex.of("171231"));
    assertTrue(t.agreesWith(pan, expiry));
    t.checkAgainst(pan, expiry);
    t.checkAgainst(null, null);

    Pan other = Pan.decode(Hex.of("4761340000000050"));
    assertFalse(t.agreesWith(other, expiry));
    DecodeException e = assertThrows(DecodeException.class, () -> t.checkAgainst(other, expiry));
    assertTrue(e.getMessage().contains("476134******0043") && !e.getMessage().contains("4761340000000043"));
    LocalDate laterMonth = LocalDate.of(2018, 1, 31);
    assertFalse(t.agreesWith(pan, laterMonth));
    assertThrows(DecodeException.class, () -> t.checkAgainst(pan, laterMonth));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "4761340000000043171220113183875F, no field separator",
    "4761340000000043D171220F, expiry and service code missing",
    "4761340000000043D1713201131838, month 13",
    "4761340000000043D17122011318A875, not a digit",
    "4761340000000043D1712201131DD875, not a digit",
    "4761340000000043D171220113183F75, not a digit",
    "1234D1712201, PAN",
    "'', length 0",
  })
  void refusesMalformedTrackTwo(String hex, String why) {
    DecodeException e = assertThrows(DecodeException.class, () -> Track2.decode(Hex.of(hex)));
    assertTrue(e.getMessage().contains(why), e.getMessage());
    assertEquals("57", e.tag());
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void roundTripsRandomTracks(long seed) throws DecodeException {
    Random rnd = new Random(seed);
    Pan pan = Pan.parse(EmvRandom.digits(rnd, 12 + rnd.nextInt(8)));
    YearMonth exp = YearMonth.of(1950 + rnd.nextInt(100), 1 + rnd.nextInt(12));
    int room = 38 - pan.length() - 8;
    Track2 t = new Track2(pan, exp, EmvRandom.digits(rnd, 3), EmvRandom.digits(rnd, rnd.nextInt(room + 1)));
    byte[] enc = t.encode();
    assertTrue(enc.length <= Track2.MAX_BYTES);
    Track2 back = Track2.decode(enc);
    assertEquals(t, back);
    assertArrayEquals(enc, back.encode());
    byte[] damaged = Seeds.mutate(rnd, enc);
    try {
      assertArrayEquals(damaged, Track2.decode(damaged).encode(), "what decodes re-encodes exactly");
    } catch (DecodeException expected) {
      assertEquals("57", expected.tag());
    }
  }
}
