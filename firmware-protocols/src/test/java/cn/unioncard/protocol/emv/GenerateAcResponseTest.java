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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class GenerateAcResponseTest {
  // V6 (shared/vectors/card-captures.md), real Barclays responses from russss/python-emv:
  // test_structures.py::test_tlv (format 2, no SW), test_cap.py::test_real_response_rmtf1 (format 1 + SW),
  // test_cap.py::test_real_response_rmtf2 (format 2, no SW).
  static final String V6_FORMAT2 = "771E9F2701809F360200059F26086ECF9347C1A924719F1007060B0A03A49000";
  static final String V6_FORMAT1_SW = "801280095F0F9D3798E93F129A060A0A03A490009000";
  static final String V6_FORMAT2_2018 = "771E9F2701809F360200169F2608299CC8F10B9BC8309F1007060B0A03A49000";

  @Test
  void v6Format2() throws DecodeException {
    GenerateAcResponse r = GenerateAcResponse.decode(Hex.of(V6_FORMAT2));
    assertEquals(2, r.format());
    assertEquals(CryptogramType.ARQC, r.cid().type());
    assertEquals(0x80, r.cid().value());
    assertEquals(5, r.atc());
    assertEquals("6ECF9347C1A92471", Hex.encode(r.applicationCryptogram()));
    assertEquals("060B0A03A49000", Hex.encode(r.issuerApplicationData()));
    assertNull(r.signedDynamicApplicationData());
    assertArrayEquals(Hex.of(V6_FORMAT2), r.encode());
  }

  @Test
  void v6Format1WithStatusWord() throws DecodeException {
    ResponseApdu apdu = ResponseApdu.parse(Hex.of(V6_FORMAT1_SW));
    assertEquals(0x9000, apdu.sw());
    GenerateAcResponse r = GenerateAcResponse.decode(apdu.data());
    assertEquals(1, r.format());
    assertEquals(CryptogramType.ARQC, r.cid().type());
    assertEquals(0x095F, r.atc());
    assertEquals("0F9D3798E93F129A", Hex.encode(r.applicationCryptogram()));
    assertEquals("060A0A03A49000", Hex.encode(r.issuerApplicationData()));
    assertEquals(
        r,
        GenerateAcResponse.format1(
            new Cid(0x80), 0x095F, Hex.of("0F9D3798E93F129A"), Hex.of("060A0A03A49000")));
  }

  @Test
  void v6Format2From2018() throws DecodeException {
    GenerateAcResponse r = GenerateAcResponse.decode(Hex.of(V6_FORMAT2_2018));
    assertEquals(CryptogramType.ARQC, r.cid().type());
    assertEquals(0x16, r.atc());
    assertEquals("299CC8F10B9BC830", Hex.encode(r.applicationCryptogram()));
    assertEquals("060B0A03A49000", Hex.encode(r.issuerApplicationData()));
  }

  @Test
  void cdaResponseCarriesSignedDataInsteadOfTheCryptogram() throws DecodeException {
    Tlv t =
        Tlv.constructed(
            EmvTags.RESPONSE_FORMAT_2,
            Tlv.of("9F27", "40"),
            Tlv.of("9F36", "0007"),
            Tlv.of("9F4B", "6A0102BC"));
    GenerateAcResponse r = GenerateAcResponse.decode(t.encode());
    assertNull(r.applicationCryptogram());
    assertEquals(CryptogramType.TC, r.cid().type());
    assertEquals("6A0102BC", Hex.encode(r.signedDynamicApplicationData()));
    assertEquals(0, r.issuerApplicationData().length);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "800A80095F0F9D3798E93F12, need 11",
    "770A9F36020005 9F2601AA 00, without Cryptogram Information Data",
    "77089F2701809F2701 80, without Application Transaction Counter",
    "77099F2701809F36020005, without cryptogram (9F26) or signed dynamic data",
    "770F9F2701809F360200059F2603010203, length 3 outside 8..8",
    "770A9F2702 8000 9F36020005, expected 1",
    "77089F2701809F360105, expected 2",
    "9F2701 80, expected 80 or 77",
  })
  void refusesMalformedResponses(String hex, String why) {
    DecodeException e = assertThrows(DecodeException.class, () -> GenerateAcResponse.decode(Hex.of(hex)));
    assertTrue(e.getMessage().contains(why), e.getMessage());
  }

  @Test
  void format1RefusesOver32BytesOfIad() {
    byte[] v = new byte[2 + 11 + 33];
    v[0] = (byte) 0x80;
    v[1] = (byte) (11 + 33);
    DecodeException e = assertThrows(DecodeException.class, () -> GenerateAcResponse.decode(v));
    assertEquals(11, e.offset());
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void roundTripsBothFormats(long seed) throws DecodeException {
    Random rnd = new Random(seed);
    Cid cid = new Cid(rnd.nextInt(256));
    int atc = rnd.nextInt(65536);
    byte[] ac = EmvRandom.bytes(rnd, 8);
    byte[] iad = EmvRandom.bytes(rnd, rnd.nextInt(33));
    GenerateAcResponse f1 = GenerateAcResponse.format1(cid, atc, ac, iad);
    GenerateAcResponse back = GenerateAcResponse.decode(f1.encode());
    assertEquals(cid, back.cid());
    assertEquals(atc, back.atc());
    assertArrayEquals(ac, back.applicationCryptogram());
    assertArrayEquals(iad, back.issuerApplicationData());

    List<Tlv> objects = new ArrayList<>();
    objects.add(Tlv.of(EmvTags.CID, cid.encode()));
    objects.add(Tlv.of(EmvTags.ATC, new byte[] {(byte) (atc >>> 8), (byte) atc}));
    objects.add(Tlv.of(EmvTags.APPLICATION_CRYPTOGRAM, ac));
    if (iad.length > 0) {
      objects.add(Tlv.of(EmvTags.ISSUER_APPLICATION_DATA, iad));
    }
    for (int i = rnd.nextInt(3); i > 0; i--) {
      Tag tag = EmvRandom.primitiveTag(rnd);
      if (EmvTags.definition(tag) == null) {
        objects.add(Tlv.of(tag, EmvRandom.bytes(rnd, rnd.nextInt(20))));
      }
    }
    java.util.Collections.shuffle(objects, rnd);
    GenerateAcResponse f2 =
        GenerateAcResponse.decode(Tlv.constructed(EmvTags.RESPONSE_FORMAT_2, objects).encode());
    assertEquals(cid, f2.cid());
    assertEquals(atc, f2.atc());
    assertArrayEquals(ac, f2.applicationCryptogram());
    assertArrayEquals(iad, f2.issuerApplicationData());
    assertEquals(f2, GenerateAcResponse.decode(f2.encode()));

    byte[] damaged = Seeds.mutate(rnd, rnd.nextBoolean() ? f1.encode() : f2.encode());
    try {
      GenerateAcResponse r = GenerateAcResponse.decode(damaged);
      assertEquals(r, GenerateAcResponse.decode(r.encode()));
    } catch (DecodeException expected) {
      assertTrue(expected.offset() >= -1 && expected.offset() <= damaged.length);
    }
  }
}
