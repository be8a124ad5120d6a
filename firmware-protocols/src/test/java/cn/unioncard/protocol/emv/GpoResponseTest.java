package cn.unioncard.protocol.emv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.ResponseApdu;
import cn.unioncard.protocol.testing.Seeds;
import cn.unioncard.protocol.tlv.Tag;
import cn.unioncard.protocol.tlv.Tlv;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class GpoResponseTest {
  // V5 (shared/vectors/card-captures.md): qVSDC GPO response format 2 of the Visa test card 4761340000000043,
  // wcurrie/emv-bertlv-tools DecodeControllerTest (commit 1715819a), with SW 9000.
  static final String V5 =
      "773E9F100706010A03A000005F2002202F57104761340000000043D1712201131838755F340111820200009F360200E2"
          + "9F2608271A23709BDE117E9F6C0200009000";

  @Test
  void v5Format2EveryField() throws DecodeException {
    ResponseApdu r = ResponseApdu.parse(Hex.of(V5));
    assertTrue(r.isOk());
    GpoResponse g = GpoResponse.decode(r.data());
    assertEquals(2, g.format());
    assertEquals(new Aip(0x00, 0x00), g.aip());
    assertTrue(g.afl().isEmpty(), "qVSDC response without 94");
    assertEquals("06010A03A00000", Hex.encode(g.issuerApplicationData()));
    assertEquals(" /", g.cardholderName().text());
    Track2 t2 = g.track2();
    assertEquals("4761340000000043", t2.pan().digits());
    assertEquals(YearMonth.of(2017, 12), t2.expiry());
    assertEquals(11, g.panSequenceNumber());
    assertEquals(0x00E2, g.atc());
    assertEquals("271A23709BDE117E", Hex.encode(g.applicationCryptogram()));
    assertEquals("0000", Hex.encode(g.cardTransactionQualifiers()));
    assertNull(g.cid());
    assertNull(g.signedDynamicApplicationData());
    assertNull(g.availableOfflineSpendingAmount());
    assertEquals(8, g.dataObjects().size());
    assertEquals(Tag.of(0x9F10), g.dataObjects().get(0).tag());
    assertArrayEquals(r.data(), g.encode());
  }

  @Test
  void format1Constructed() throws DecodeException {
    // AIP 7C00 (SDA, DDA, CV, TRM, IA); AFL SFI 1 rec 1 (ODA 1), SFI 2 recs 1-3, SFI 3 recs 1-2 (ODA 1)
    byte[] data = Hex.of("800E7C00080101011001030018010201");
    GpoResponse g = GpoResponse.decode(data);
    assertEquals(1, g.format());
    assertTrue(g.aip().sdaSupported() && g.aip().ddaSupported() && g.aip().issuerAuthenticationSupported());
    assertEquals(3, g.afl().entries().size());
    assertEquals(new Afl.Entry(2, 1, 3, 0), g.afl().entries().get(1));
    assertTrue(g.dataObjects().isEmpty());
    assertNull(g.atc());
    assertArrayEquals(data, g.encode());
    assertEquals(g, GpoResponse.format1(g.aip(), g.afl()));
    Afl afl = Afl.decode(Hex.of("080101011001030018010201"));
    assertArrayEquals(data, GpoResponse.format1(new Aip(0x7C, 0), afl).encode());
  }

  @Test
  void qpbocFormat2WithOfflineAmountAndTc() throws DecodeException {
    Tlv t =
        Tlv.constructed(
            EmvTags.RESPONSE_FORMAT_2,
            Tlv.of("82", "7C00"),
            Tlv.of("94", "08010100"),
            Tlv.of("9F36", "0102"),
            Tlv.of("9F27", "40"),
            Tlv.of("9F5D", "000000012345"),
            Tlv.of("9F4B", "0102030405"));
    GpoResponse g = GpoResponse.decode(t.encode());
    assertEquals(CryptogramType.TC, g.cid().type());
    assertEquals(12345L, g.availableOfflineSpendingAmount());
    assertEquals(1, g.afl().recordCount());
    assertEquals("0102030405", Hex.encode(g.signedDynamicApplicationData()));
    assertEquals("0102030405", Hex.encode(g.find(EmvTags.SIGNED_DYNAMIC_APPLICATION_DATA).value()));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "80017C, AIP needs 2",
    "80057C00080101, multiple of 4",
    "80067C0000010100, SFI 0",
    "7703940100, without AIP",
    "770382027C, length 2 runs past",
    "770582037C0000, expected 2",
    "6F03820100, expected 80 or 77",
    "'', expected one TLV",
  })
  void refusesMalformedResponses(String hex, String why) {
    DecodeException e = assertThrows(DecodeException.class, () -> GpoResponse.decode(Hex.of(hex)));
    assertTrue(e.getMessage().contains(why), e.getMessage());
  }

  @Test
  void optionalFieldsFailAlone() throws DecodeException {
    Tlv t =
        Tlv.constructed(
            EmvTags.RESPONSE_FORMAT_2,
            Tlv.of("82", "0000"),
            Tlv.of("9F36", "01"),
            Tlv.of("9F26", "0102"),
            Tlv.of("57", "1234"),
            Tlv.of("9F5D", "00000000001A"),
            Tlv.of("9F27", "8000"));
    GpoResponse g = GpoResponse.decode(t.encode());
    assertEquals("9F36", assertThrows(DecodeException.class, g::atc).tag());
    assertEquals("9F26", assertThrows(DecodeException.class, g::applicationCryptogram).tag());
    assertEquals("57", assertThrows(DecodeException.class, g::track2).tag());
    assertEquals("9F5D", assertThrows(DecodeException.class, g::availableOfflineSpendingAmount).tag());
    assertEquals("9F27", assertThrows(DecodeException.class, g::cid).tag());
    assertNull(g.issuerApplicationData());
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void roundTripsBothFormats(long seed) throws DecodeException {
    Random rnd = new Random(seed);
    Aip aip = new Aip(rnd.nextInt(256), rnd.nextInt(256));
    Afl afl = EmvRandom.afl(rnd);
    GpoResponse f1 = GpoResponse.format1(aip, afl);
    GpoResponse back1 = GpoResponse.decode(f1.encode());
    assertEquals(aip, back1.aip());
    assertEquals(afl, back1.afl());

    List<Tlv> objects = new ArrayList<>();
    objects.add(Tlv.of(EmvTags.AIP, aip.encode()));
    if (rnd.nextBoolean()) {
      objects.add(Tlv.of(EmvTags.AFL, afl.encode()));
    }
    for (int i = rnd.nextInt(6); i > 0; i--) {
      Tag tag = EmvRandom.primitiveTag(rnd);
      if (!tag.equals(EmvTags.AIP) && !tag.equals(EmvTags.AFL)) {
        objects.add(Tlv.of(tag, EmvRandom.bytes(rnd, rnd.nextInt(40))));
      }
    }
    java.util.Collections.shuffle(objects, rnd);
    GpoResponse f2 = GpoResponse.decode(Tlv.constructed(EmvTags.RESPONSE_FORMAT_2, objects).encode());
    assertEquals(aip, f2.aip());
    assertEquals(objects.size(), f2.dataObjects().size());
    assertEquals(f2, GpoResponse.decode(f2.encode()));

    byte[] damaged = Seeds.mutate(rnd, rnd.nextBoolean() ? f1.encode() : f2.encode());
    try {
      GpoResponse g = GpoResponse.decode(damaged);
      assertEquals(g, GpoResponse.decode(g.encode()));
      GpoResponseFuzzTest.exercise(g);
    } catch (DecodeException expected) {
      assertTrue(expected.offset() >= -1 && expected.offset() <= damaged.length);
    }
  }
}
