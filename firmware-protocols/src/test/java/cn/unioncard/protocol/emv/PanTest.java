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

class PanTest {

  @Test
  void decodesCompressedNumericWithFPadding() throws DecodeException {
    // A 19-digit UnionPay-style PAN: one trailing F.
    Pan p = Pan.decode(Hex.of("6217001234567890122F"));
    assertEquals("6217001234567890122", p.digits());
    assertTrue(p.luhnValid());
    assertEquals("621700*********0122", p.masked());
    assertEquals("621700*********0122", p.toString(), "toString never shows the full PAN");
    assertArrayEquals(Hex.of("6217001234567890122F"), p.encode());
    // 16 digits, no padding (V5's Visa test PAN 4761340000000043)
    Pan visa = Pan.decode(Hex.of("4761340000000043"));
    assertTrue(visa.luhnValid());
    assertEquals("476134******0043", visa.masked());
    // 16 digits padded to 10 bytes with FF: still the same PAN
    assertEquals(visa, Pan.decode(Hex.of("4761340000000043FFFF")));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "62170012345A, not a digit",
    "6217F0123456, after the F padding",
    "621700FF, digits, expected",
    "621700F1, after the F padding",
    "FFFFFFFF, digits, expected",
    "6217001234567890123456, at most 10",
  })
  void refusesMalformedValues(String hex, String why) {
    DecodeException e = assertThrows(DecodeException.class, () -> Pan.decode(Hex.of(hex)));
    assertTrue(e.getMessage().contains(why), e.getMessage());
  }

  @Test
  void luhnCatchesASingleWrongDigit() throws DecodeException {
    Pan good = Pan.parse("6217009876543213");
    assertTrue(good.luhnValid());
    assertEquals(good, good.requireLuhnValid());
    Pan bad = Pan.parse("6217009876543214");
    assertFalse(bad.luhnValid());
    DecodeException e = assertThrows(DecodeException.class, bad::requireLuhnValid);
    assertTrue(e.getMessage().contains("621700******3214"), e.getMessage());
    assertFalse(Pan.luhnValid(""));
    assertFalse(Pan.luhnValid("12a4"));
  }

  @Test
  void shortPansShowOnlyTheLastFour() throws DecodeException {
    assertEquals("********9012", Pan.parse("123456789012").masked());
    assertEquals("123456***0123", Pan.parse("1234567890123").masked());
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void roundTripsAndMasks(long seed) throws DecodeException {
    Random rnd = new Random(seed);
    String digits = EmvRandom.digits(rnd, Pan.MIN_DIGITS + rnd.nextInt(12));
    Pan p = Pan.parse(digits);
    assertEquals(p, Pan.decode(p.encode()));
    String m = p.masked();
    assertEquals(digits.length(), m.length());
    assertTrue(m.endsWith(digits.substring(digits.length() - 4)));
    int hidden = 0;
    for (char c : m.toCharArray()) {
      hidden += c == '*' ? 1 : 0;
    }
    assertTrue(hidden >= 3, m);
    // a changed digit breaks the Luhn check unless it is the check digit's own fix
    if (p.luhnValid()) {
      int i = rnd.nextInt(digits.length());
      char c = digits.charAt(i);
      String changed = digits.substring(0, i) + (char) ('0' + (c - '0' + 1) % 10) + digits.substring(i + 1);
      assertFalse(Pan.luhnValid(changed), changed);
    }
    try {
      Pan.decode(Seeds.mutate(rnd, p.encode()));
    } catch (DecodeException expected) {
      // fine
    }
  }
}
