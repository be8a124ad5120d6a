package cn.unioncard.protocol.member;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.testing.Seeds;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class MemberDataTest {
  // 南京市总工会 in GBK: C4CF BEA9 CAD0 D7DC B9A4 BBE1
  static final String NANJING_GBK = "C4CFBEA9CAD0D7DCB9A4BBE1";

  @Test
  void encodesTheDocumentedLayout() {
    MemberData m = new MemberData("南京市总工会", "3201001234", MemberCategory.MODEL_WORKER);
    String expected = "BF51" + "24" + "DF510101" + "DF520C" + NANJING_GBK + "DF530A" + "33323031303031323334"
        + "DF540101";
    assertEquals(expected, Hex.encode(m.encode()));
  }

  @Test
  void parsesWhatItEncodes() throws DecodeException {
    MemberData m = new MemberData("南京市总工会", "3201001234", MemberCategory.IN_HARDSHIP);
    assertEquals(m, MemberData.parse(m.encode()));
    assertEquals("南京市总工会", MemberData.parse(m.encode()).unionName());
  }

  @Test
  void skipsUnknownInnerObjects() throws DecodeException {
    byte[] b = Hex.of("BF5117" + "DF510101" + "DF5F0199" + "DF5204" + "B9A4BBE1" + "DF530131" + "DF540102");
    MemberData m = MemberData.parse(b);
    assertEquals("工会", m.unionName());
    assertEquals(MemberCategory.MIGRANT_WORKER, m.category());
  }

  @ParameterizedTest
  @CsvSource({
    "DF520131 DF530131 DF540100, DF51",
    "DF510102 DF520131 DF530131 DF540100, DF51",
    "DF510101 DF530131 DF540100, DF52",
    "DF510101 DF520181 DF530131 DF540100, DF52",
    "DF510101 DF520131 DF530141 DF540100, DF53",
    "DF510101 DF520131 DF5300 DF540100, DF53",
    "DF510101 DF520131 DF530131 DF540104, DF54",
    "DF510101 DF520131 DF520131 DF530131 DF540100, DF52",
    "DF510101 DF520131 DF530131, DF54",
  })
  void refusesMalformedObjectsNamingTheTag(String inner, String tag) {
    byte[] contents = Hex.of(inner.replace(" ", ""));
    byte[] object = new byte[contents.length + 3];
    object[0] = (byte) 0xBF;
    object[1] = 0x51;
    object[2] = (byte) contents.length;
    System.arraycopy(contents, 0, object, 3, contents.length);
    DecodeException e = assertThrows(DecodeException.class, () -> MemberData.parse(object));
    assertTrue(e.getMessage().contains(tag), e.getMessage());
  }

  @Test
  void refusesAnotherOuterTag() {
    DecodeException e = assertThrows(DecodeException.class, () -> MemberData.parse(Hex.of("DF510101")));
    assertTrue(e.getMessage().contains("BF51"), e.getMessage());
  }

  @Test
  void refusesBadValuesAtConstruction() {
    assertThrows(IllegalArgumentException.class, () -> new MemberData("", "1", MemberCategory.ORDINARY));
    assertThrows(IllegalArgumentException.class, () -> new MemberData("工会", "12a", MemberCategory.ORDINARY));
    assertThrows(IllegalArgumentException.class,
        () -> new MemberData("工会", "123456789012345678901", MemberCategory.ORDINARY));
    assertThrows(IllegalArgumentException.class, () -> new MemberData("\u263A", "1", MemberCategory.ORDINARY));
  }

  private static final String HAN = "工会总市县区省北京上海南广州深圳联合会职员";

  /** Random valid member data round-trips; damaged encodings parse to a value or fail with DecodeException. */
  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void roundTripsAndSurvivesDamage(long seed) {
    Random rnd = new Random(seed);
    StringBuilder name = new StringBuilder();
    int n = 1 + rnd.nextInt(30);
    for (int i = 0; i < n; i++) {
      name.append(rnd.nextInt(4) == 0 ? (char) ('A' + rnd.nextInt(26)) : HAN.charAt(rnd.nextInt(HAN.length())));
    }
    StringBuilder number = new StringBuilder();
    int digits = 1 + rnd.nextInt(20);
    for (int i = 0; i < digits; i++) {
      number.append((char) ('0' + rnd.nextInt(10)));
    }
    MemberCategory cat = MemberCategory.values()[rnd.nextInt(4)];
    MemberData m = new MemberData(name.toString(), number.toString(), cat);
    try {
      assertEquals(m, MemberData.parse(m.encode()));
    } catch (DecodeException e) {
      fail("seed " + seed + ": " + e.getMessage());
    }
    byte[] damaged = Seeds.mutate(rnd, m.encode());
    try {
      MemberData d = MemberData.parse(damaged);
      assertEquals(d, MemberData.parse(d.encode()));
    } catch (DecodeException expected) {
      // refused with the checked exception: fine
    }
  }
}
