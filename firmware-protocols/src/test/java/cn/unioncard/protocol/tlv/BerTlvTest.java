package cn.unioncard.protocol.tlv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.testing.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class BerTlvTest {

  @ParameterizedTest(name = "{0}")
  // Long-form lengths and a 3-byte tag: russss/python-emv emv/protocol/test/test_structures.py
  // (shared/vectors/card-captures.md V6, "TLV edge cases").
  @CsvSource({"42810107, 42, 07", "4282000107, 42, 07", "428300000107, 42, 07", "DFDF390107, DFDF39, 07", "9F170103, 9F17, 03"})
  void decodesLengthFormsAndLongTags(String hex, String tag, String value) throws DecodeException {
    Tlv t = BerTlv.decodeOne(Hex.of(hex));
    assertEquals(tag, t.tag().hex());
    assertEquals(value, Hex.encode(t.value()));
  }

  @Test
  void reencodesWithTheShortestLength() throws DecodeException {
    assertEquals("420107", Hex.encode(BerTlv.decodeOne(Hex.of("4282000107")).encode()));
    Tlv big = Tlv.of(Tag.of(0x9F4B), new byte[200]);
    assertEquals("9F4B81C8", Hex.encode(big.encode()).substring(0, 8));
    Tlv bigger = Tlv.of(Tag.of(0x5F50), new byte[300]);
    assertEquals("5F5082012C", Hex.encode(bigger.encode()).substring(0, 10));
  }

  @Test
  void decodesTheUnionPayDebitFci() throws DecodeException {
    // V3: a UnionPay debit SELECT AID response, shared/vectors/card-captures.md (status word removed).
    byte[] fci = Hex.of("6F608408A000000333010101A554500A50424F432044454249548701019F381B9F66049F02069F03069F1A0295055F2A029A039C019F3704DF60015F2D027A689F1101019F120A50424F43204445424954BF0C0E9F4D020B0ADF4D020C0ADF610102");
    Tlv t = BerTlv.decodeOne(fci);
    assertEquals("A000000333010101", Hex.encode(t.find(Tag.of(0x84)).value()));
    assertEquals("PBOC DEBIT", new String(t.find(Tag.of(0x50)).value(), java.nio.charset.StandardCharsets.US_ASCII));
    assertEquals(27, t.find(Tag.of(0x9F38)).length());
    assertEquals("0B0A", Hex.encode(t.find(Tag.of(0x9F4D)).value()));
    assertEquals("02", Hex.encode(t.find(Tag.of(0xDF61)).value()));
    assertArrayEquals(fci, t.encode(), "round trip");
  }

  @Test
  void keepsRepeatedTagsInOrder() throws DecodeException {
    // A PPSE directory with two 61 entries (V8, shared/vectors/card-captures.md)
    Tlv a5 = BerTlv.decodeOne(Hex.of("A537BF0C3461194F08A000000632010106500A4D4F545F545F434153488701016117" + "4F08A00000063201010550084D4F545F545F4550870102"));
    List<Tlv> entries = a5.findAll(Tag.of(0x61));
    assertEquals(2, entries.size());
    assertEquals("A000000632010106", Hex.encode(entries.get(0).child(Tag.of(0x4F)).value()));
    assertEquals("A000000632010105", Hex.encode(entries.get(1).child(Tag.of(0x4F)).value()));
  }

  @Test
  void skipsPaddingBetweenObjects() throws DecodeException {
    List<Tlv> l = BerTlv.decode(Hex.of("00009F170103FFFF5A021234000070045F200100FF"));
    assertEquals(3, l.size());
    assertEquals("9F17", l.get(0).tag().hex());
    assertEquals("70", l.get(2).tag().hex());
    assertNotNull(l.get(2).child(Tag.of(0x5F20)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "61, length", // lone 61 (V6: invalid)
    "9F, subsequent tag byte",
    "5A0512, runs past the end",
    "5A80, indefinite length",
    "5A85000000000101, not supported",
    "9F818101, longer than 3 bytes",
    "9F0001, leading zero",
    "9F808001, leading zero",
    "7003500201, runs past the end",
    "70035A0512, runs past the end",
    "5A84FFFFFFFF01, too large",
  })
  void refusesMalformedInput(String hex, String why) {
    DecodeException e = assertThrows(DecodeException.class, () -> BerTlv.decode(Hex.of(hex)));
    assertTrue(e.getMessage().contains(why), e.getMessage());
    assertTrue(e.offset() >= 0);
  }

  @Test
  void namesTheTagAndOffsetOfTheFault() {
    // 6F { 84 08 ..., A5 03 { 50 05 (truncated) } }
    DecodeException e = assertThrows(DecodeException.class,
        () -> BerTlv.decode(Hex.of("6F0F8408A000000333010101A503500541")));
    assertEquals("50", e.tag());
    assertEquals(15, e.offset(), "the length field of 50 that runs past the end");
  }

  @Test
  void refusesNestingDeeperThanTheLimit() {
    byte[] deep = new byte[2 * (BerTlv.MAX_DEPTH + 2)];
    for (int i = 0; i < BerTlv.MAX_DEPTH + 2; i++) {
      deep[2 * i] = 0x70;
      deep[2 * i + 1] = (byte) (deep.length - 2 * i - 2);
    }
    DecodeException e = assertThrows(DecodeException.class, () -> BerTlv.decode(deep));
    assertTrue(e.getMessage().contains("nested deeper"), e.getMessage());
  }

  @Test
  void tagsKnowClassAndForm() {
    assertTrue(Tag.of(0x6F).isConstructed());
    assertTrue(Tag.of(0xBF0C).isConstructed());
    assertFalse(Tag.of(0x9F38).isConstructed());
    assertEquals(2, Tag.of(0x9F38).tagClass());
    assertEquals(1, Tag.of(0x5F2D).tagClass());
    assertEquals(3, Tag.of(0xDF4D).tagClass());
    assertEquals(3, Tag.of(0xDFDF39).byteLength());
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void roundTripsRandomTrees(long seed) throws DecodeException {
    Random rnd = new Random(seed);
    List<Tlv> objects = new ArrayList<>();
    int n = 1 + rnd.nextInt(5);
    for (int i = 0; i < n; i++) {
      objects.add(randomTlv(rnd, 0));
    }
    byte[] enc = BerTlv.encode(objects);
    List<Tlv> back = BerTlv.decode(enc);
    assertEquals(objects, back, "seed " + seed);
    assertArrayEquals(enc, BerTlv.encode(back));
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void damagedTreesDecodeOrFailCleanly(long seed) {
    Random rnd = new Random(seed);
    byte[] valid = BerTlv.encode(List.of(randomTlv(rnd, 0), randomTlv(rnd, 0)));
    byte[] damaged = Seeds.mutate(rnd, valid);
    try {
      BerTlv.decode(damaged);
    } catch (DecodeException expected) {
      assertTrue(expected.offset() >= 0 && expected.offset() <= damaged.length, expected.getMessage());
    }
  }

  private static final int[] PRIMITIVE = {0x4F, 0x50, 0x57, 0x5A, 0x82, 0x87, 0x94, 0x5F20, 0x5F2D, 0x9F38, 0x9F4D, 0xDF61, 0xDFDF39, 0x9F7F};
  private static final int[] CONSTRUCTED = {0x61, 0x6F, 0x70, 0x77, 0xA5, 0xBF0C, 0xE1};

  static Tlv randomTlv(Random rnd, int depth) {
    if (depth < 4 && rnd.nextInt(3) == 0) {
      List<Tlv> kids = new ArrayList<>();
      int n = rnd.nextInt(4);
      for (int i = 0; i < n; i++) {
        kids.add(randomTlv(rnd, depth + 1));
      }
      return Tlv.constructed(Tag.of(CONSTRUCTED[rnd.nextInt(CONSTRUCTED.length)]), kids);
    }
    byte[] v = new byte[rnd.nextInt(8) == 0 ? 128 + rnd.nextInt(300) : rnd.nextInt(20)];
    rnd.nextBytes(v);
    return Tlv.of(Tag.of(PRIMITIVE[rnd.nextInt(PRIMITIVE.length)]), v);
  }
}
