package cn.unioncard.protocol.purse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.tlv.BerTlv;
import cn.unioncard.protocol.tlv.Tag;
import cn.unioncard.protocol.tlv.Tlv;
import cn.unioncard.protocol.testing.Seeds;
import java.time.LocalDate;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PublicInfoTest {
  // V7, shared/vectors/card-captures.md: a Beijing T-Union card emulated by domosekai/cardemulator
  // HCEService.kt; READ BINARY 0015 answer (status word removed).
  static final String V7_0015 = "01011000FFFFFFFF02010310517001017090798420190806204012310000";
  // V7: the SELECT A000000632010105 response (status word 9000 removed).
  static final String V7_FCI = "6F318408A000000632010105A5259F0801029F0C1E" + V7_0015;

  @Test
  void decodesTheV7File() throws DecodeException {
    PublicInfo p = PublicInfo.decode(Hex.of(V7_0015));
    assertEquals("01011000FFFFFFFF", p.issuerId());
    assertEquals(0x02, p.appType());
    assertEquals(0x01, p.appVersion());
    assertTrue(p.enabled());
    assertEquals("03105170010170907984", p.applicationSerial());
    assertEquals("3105170010170907984", p.cardNumber());
    assertEquals("5170010170907984", p.serialLast8Bytes());
    assertEquals("1000", p.issuerCityCode());
    assertEquals(LocalDate.of(2019, 8, 6), p.startDate());
    assertEquals(LocalDate.of(2040, 12, 31), p.endDate());
    assertEquals("0000", p.issuerFciData());
    assertEquals(V7_0015, Hex.encode(p.encode()));
  }

  @Test
  void theV7FciCarriesTheSameFileIn9F0C() throws DecodeException {
    Tlv fci = BerTlv.decodeOne(Hex.of(V7_FCI));
    assertEquals("A000000632010105", Hex.encode(fci.find(Tag.of(0x84)).value()));
    assertEquals("02", Hex.encode(fci.find(Tag.of(0x9F08)).value()));
    assertEquals(V7_0015, Hex.encode(fci.find(Tag.of(0x9F0C)).value()));
    assertEquals(PublicInfo.decode(Hex.of(V7_0015)), PublicInfo.fromFci(Hex.of(V7_FCI)));
  }

  @Test
  void anFciWithout9F0CIsRefused() {
    DecodeException e = assertThrows(DecodeException.class,
        () -> PublicInfo.fromFci(Hex.of("6F0A8408A000000632010105")));
    assertTrue(e.getMessage().contains("9F0C"), e.getMessage());
  }

  @Test
  void aBroken9F0CNamesTheTag() {
    String fci = "6F308408A000000632010105A5249F0801029F0C1D" + V7_0015.substring(0, 58);
    DecodeException e = assertThrows(DecodeException.class, () -> PublicInfo.fromFci(Hex.of(fci)));
    assertEquals("9F0C", e.tag());
  }

  @Test
  void zeroAndFfDatesAreUnsetAndReencodeAsZeros() throws DecodeException {
    String hex = V7_0015.substring(0, 40) + "00000000" + "FFFFFFFF" + "0000";
    PublicInfo p = PublicInfo.decode(Hex.of(hex));
    assertNull(p.startDate());
    assertNull(p.endDate());
    assertEquals(V7_0015.substring(0, 40) + "0000000000000000" + "0000", Hex.encode(p.encode()));
  }

  @ParameterizedTest(name = "{2}")
  @CsvSource({
    "22, 1A, start date, not BCD",
    "20, 20190230, start date, not a date",
    "24, 20401301, end date, not a date",
    "12, A5, application serial number, not BCD",
  })
  void badFieldsFailAtTheirOffset(int at, String bytes, String field, String why) {
    byte[] b = Hex.of(V7_0015);
    byte[] patch = Hex.of(bytes);
    System.arraycopy(patch, 0, b, at, patch.length);
    DecodeException e = assertThrows(DecodeException.class, () -> PublicInfo.decode(b));
    assertEquals(at, e.offset(), e.getMessage());
    assertTrue(e.getMessage().contains(field) && e.getMessage().contains(why), e.getMessage());
  }

  @Test
  void refusesWrongLengths() {
    assertEquals(28, assertThrows(DecodeException.class,
        () -> PublicInfo.decode(Hex.of(V7_0015.substring(0, 58)))).offset());
    assertEquals(30, assertThrows(DecodeException.class,
        () -> PublicInfo.decode(Hex.of(V7_0015 + "00"))).offset());
  }

  @Test
  void toStringMasksTheCardNumber() throws DecodeException {
    String s = PublicInfo.decode(Hex.of(V7_0015)).toString();
    assertFalse(s.contains("3105170010170907984"), s);
    assertTrue(s.contains("310517*********7984"), s);
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void roundTrips(long seed) throws DecodeException {
    PublicInfo p = PurseGen.publicInfo(new Random(seed));
    byte[] b = p.encode();
    assertEquals(PublicInfo.LENGTH, b.length);
    assertEquals(p, PublicInfo.decode(b), "seed " + seed);
    assertArrayEquals(b, PublicInfo.decode(b).encode());
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void damagedFilesDecodeOrFailCleanly(long seed) {
    Random rnd = new Random(seed);
    byte[] damaged = Seeds.mutate(rnd, PurseGen.publicInfo(rnd).encode());
    try {
      PublicInfo p = PublicInfo.decode(damaged);
      assertEquals(p, PublicInfo.decode(p.encode()));
    } catch (DecodeException expected) {
      assertTrue(expected.offset() >= 0 && expected.offset() <= damaged.length, expected.getMessage());
    }
  }
}
