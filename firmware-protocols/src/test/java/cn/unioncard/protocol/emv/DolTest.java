package cn.unioncard.protocol.emv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.testing.Seeds;
import cn.unioncard.protocol.tlv.Tag;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class DolTest {
  // V3 (shared/vectors/card-captures.md): the UnionPay debit PDOL from a real SELECT AID response.
  static final String V3_PDOL = "9F66049F02069F03069F1A0295055F2A029A039C019F3704DF6001";
  // V4: the Visa test card's PDOL (binaryfoo/emv-bertlv GetProcessingOptionsCommandAPDUDecoderTest.kt).
  static final String V4_PDOL = "9F66049F02069F03069F1A0295055F2A029A039C019F3704";
  // V6: the Barclays CDOL1 inside the record APP_DATA (russss/python-emv emv/test/fixtures.py).
  static final String V6_CDOL1 = "9F02069F03069F1A0295055F2A029A039C019F3704";

  @Test
  void theUnionPayDebitPdolAsksFor34Bytes() throws DecodeException {
    Dol pdol = Dol.parse(Hex.of(V3_PDOL));
    assertEquals(10, pdol.entries().size());
    assertEquals(new Dol.Entry(Tag.of(0x9F66), 4), pdol.entries().get(0));
    assertEquals(new Dol.Entry(Tag.of(0xDF60), 1), pdol.entries().get(9));
    assertEquals(34, pdol.dataLength());
    assertEquals(34, pdol.build(new HashMap<>()).length);
    assertEquals(V3_PDOL, Hex.encode(pdol.encode()));
  }

  @Test
  void rebuildsTheV4GpoCommandExactly() throws DecodeException {
    Dol pdol = Dol.parse(Hex.of(V4_PDOL));
    Map<Tag, byte[]> terminal = new HashMap<>();
    terminal.put(EmvTags.TERMINAL_TRANSACTION_QUALIFIERS, Hex.of("36000000"));
    terminal.put(EmvTags.AMOUNT_AUTHORISED, EmvValues.encodeAmount(1000));
    terminal.put(EmvTags.AMOUNT_OTHER, EmvValues.encodeAmount(0));
    terminal.put(EmvTags.TERMINAL_COUNTRY_CODE, Hex.of("0036"));
    terminal.put(EmvTags.TVR, Hex.of("0000000000"));
    terminal.put(EmvTags.TRANSACTION_CURRENCY_CODE, Hex.of("0036"));
    terminal.put(EmvTags.TRANSACTION_DATE, Hex.of("120315"));
    terminal.put(EmvTags.TRANSACTION_TYPE, Hex.of("00"));
    terminal.put(EmvTags.UNPREDICTABLE_NUMBER, Hex.of("0008E4C8"));
    byte[] command = EmvCommands.getProcessingOptions(pdol.build(terminal)).encode();
    assertEquals(
        "80A8000023832136000000000000001000000000000000003600000000000036120315000008E4C800",
        Hex.encode(command));
  }

  @Test
  void rebuildsThePythonEmvGenerateAcCommandExactly() throws DecodeException {
    // V6: test_cap.py::test_arqc_req; the terminal knows only TVR and date, the rest is zero-filled.
    Dol cdol1 = Dol.parse(Hex.of(V6_CDOL1));
    assertEquals(29, cdol1.dataLength());
    Map<Tag, byte[]> terminal = new HashMap<>();
    terminal.put(EmvTags.TVR, Hex.of("8000000000"));
    terminal.put(EmvTags.TRANSACTION_DATE, Hex.of("010101"));
    byte[] command = EmvCommands.generateAc(CryptogramType.ARQC, false, cdol1.build(terminal)).encode();
    assertEquals(
        "80AE80001D000000000000000000000000000080000000000000010101000000000000", Hex.encode(command));
  }

  @Test
  void aRepeatedTagParses() throws DecodeException {
    // V6: "DOL with a repeated tag (allowed)"
    Dol dol = Dol.parse(Hex.of("9F66049F02069F03069F1A0295055F2A029A039C019F37049A03"));
    assertEquals(10, dol.entries().size());
    assertEquals(Tag.of(0x9A), dol.entries().get(6).tag());
    assertEquals(Tag.of(0x9A), dol.entries().get(9).tag());
    Map<Tag, byte[]> terminal = new HashMap<>();
    terminal.put(EmvTags.TRANSACTION_DATE, Hex.of("250701"));
    byte[] data = dol.build(terminal);
    assertEquals(36, data.length);
    assertEquals("250701", Hex.encode(data, 25, 3));
    assertEquals("250701", Hex.encode(data, 33, 3));
  }

  @ParameterizedTest(name = "{0} in {1} bytes from {2} -> {3}")
  // EMV Book 3 clause 5.4 rules c and d.
  @CsvSource({
    "9F02, 4, 000000001234, 00001234", // n, longer: keep the rightmost bytes
    "9F02, 8, 000000001234, 0000000000001234", // n, shorter: leading zeros
    "9F02, 6, 1234, 000000001234",
    "5A, 10, 4761340000000043, 4761340000000043FFFF", // cn, shorter: trailing FF
    "5A, 4, 4761340000000043, 47613400", // cn, longer: keep the leftmost bytes
    "9F37, 2, 0008E4C8, 0008", // b, longer: keep the leftmost bytes
    "9F33, 2, E0F8C8, E0F8",
    "95, 7, 8000000000, 80000000000000", // b, shorter: trailing zeros
    "9F4E, 6, 414243, 414243000000", // ans, shorter: trailing zeros
    "DFDF39, 3, 0102030405, 010203", // unknown tag: as b
  })
  void fitsValuesToTheRequestedLength(String tag, int len, String value, String expected) {
    Dol dol = new Dol(java.util.Collections.singletonList(new Dol.Entry(Tag.of(tag), len)));
    Map<Tag, byte[]> terminal = new HashMap<>();
    terminal.put(Tag.of(tag), Hex.of(value));
    assertEquals(expected, Hex.encode(dol.build(terminal)));
  }

  @Test
  void unknownAndConstructedTagsAreZeroFilled() throws DecodeException {
    // 9F7A (not given), 70 (constructed: zeros even though the map has a value), 9F37
    Dol dol = Dol.parse(Hex.of("9F7A017003BF0C029F3704"));
    Map<Tag, byte[]> terminal = new HashMap<>();
    terminal.put(Tag.of(0x70), Hex.of("AABBCC"));
    terminal.put(Tag.of(0xBF0C), Hex.of("AABB"));
    terminal.put(EmvTags.UNPREDICTABLE_NUMBER, Hex.of("11223344"));
    assertEquals("00000000000011223344", Hex.encode(dol.build(terminal)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "9F6604 9F02, DOL entry length for tag 9F02",
    "9F6604 9F, subsequent tag byte",
    "9F660400 02, not a tag",
    "9F6604 9F0281 06, short length",
    "9F66049F808006, leading zero",
  })
  void refusesMalformedLists(String hex, String why) {
    DecodeException e = assertThrows(DecodeException.class, () -> Dol.parse(Hex.of(hex)));
    assertTrue(e.getMessage().contains(why), e.getMessage());
    assertTrue(e.offset() >= 3, "offset past the good first entry: " + e.offset());
  }

  @Test
  void splitsDataBackIntoFields() throws DecodeException {
    Dol cdol1 = Dol.parse(Hex.of(V6_CDOL1));
    byte[] data = Hex.of("000000000000000000000000000080000000000000010101000000000000");
    // python-emv test_serialise: data of 29 bytes, 9A = 010101
    byte[] d29 = java.util.Arrays.copyOf(data, 29);
    List<Dol.Field> fields = cdol1.split(d29);
    assertEquals(8, fields.size());
    assertEquals("9A=010101", fields.get(5).toString());
    assertEquals("95=8000000000", fields.get(3).toString());
    assertThrows(DecodeException.class, () -> cdol1.split(new byte[24]));
    assertThrows(DecodeException.class, () -> cdol1.split(new byte[30]));
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void buildAndParseRoundTrip(long seed) throws DecodeException {
    Random rnd = new Random(seed);
    Dol dol = EmvRandom.dol(rnd, 12);
    byte[] enc = dol.encode();
    Dol back = Dol.parse(enc);
    assertEquals(dol, back);
    assertArrayEquals(enc, back.encode());

    // Values of exactly the requested length come back unchanged from split(build(...)).
    Map<Tag, byte[]> terminal = new HashMap<>();
    for (Dol.Entry e : dol.entries()) {
      if (!terminal.containsKey(e.tag())) {
        terminal.put(e.tag(), EmvRandom.bytes(rnd, e.length()));
      }
    }
    byte[] data = dol.build(terminal);
    assertEquals(dol.dataLength(), data.length);
    List<Dol.Field> fields = dol.split(data);
    for (int i = 0; i < fields.size(); i++) {
      Dol.Entry e = dol.entries().get(i);
      byte[] v = terminal.get(e.tag());
      byte[] expected = e.tag().isConstructed() || v.length != e.length() ? null : v;
      if (expected != null) {
        assertArrayEquals(expected, fields.get(i).value(), "entry " + i + " " + e);
      }
      assertEquals(e.length(), fields.get(i).value().length);
    }

    byte[] damaged = Seeds.mutate(rnd, enc);
    try {
      Dol d = Dol.parse(damaged);
      assertArrayEquals(damaged, d.encode(), "a valid DOL re-encodes exactly");
    } catch (DecodeException e) {
      assertTrue(e.offset() >= 0 && e.offset() <= damaged.length, e.getMessage());
    }
  }
}
