package cn.unioncard.agent.gate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The hotlist: its document, full lists and deltas, checked against a plain sorted set. */
class HotlistTest {
  static final String BLOCKED = "03105170010170907984";

  static List<Long> seeds() {
    List<Long> s = new ArrayList<>();
    for (long i = 1; i <= 50; i++) {
      s.add(i);
    }
    return s;
  }

  static String serial(Random r) {
    // few issuers, many cards: collisions in hi, spread in lo
    return String.format(Locale.ROOT, "%04d%016d", r.nextInt(4) * 1000 + 310, Math.floorMod(r.nextLong(), 10_000_000_000_000_000L));
  }

  @Test
  void theDocumentIsTheFormatDocumented() throws DecodeException {
    HotlistFile f = HotlistFile.full(7, BLOCKED);
    assertEquals(
        "5543484C" + "01" + "00000007" + "00000000" + "00000001" + "00000000" + "03105170010170907984",
        Hex.encode(f.encode()));
    Hotlist h = Hotlist.empty().apply(HotlistFile.parse(f.encode()));
    assertTrue(h.contains(BLOCKED));
    assertFalse(h.contains("03105170010170907985"));
    assertEquals(7, h.version());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void fullListsAndDeltasAgreeWithASortedSet(long seed) throws DecodeException {
    Random r = new Random(seed);
    TreeSet<String> model = new TreeSet<>();
    String[] first = new String[r.nextInt(300)];
    for (int i = 0; i < first.length; i++) {
      first[i] = serial(r);
      model.add(first[i]);
    }
    Hotlist h = Hotlist.empty().apply(HotlistFile.parse(HotlistFile.full(1, first).encode()));
    for (int version = 2; version < 6; version++) {
      String[] added = new String[r.nextInt(50)];
      for (int i = 0; i < added.length; i++) {
        added[i] = r.nextBoolean() || model.isEmpty() ? serial(r) : new ArrayList<>(model).get(r.nextInt(model.size()));
      }
      String[] removed = new String[r.nextInt(50)];
      for (int i = 0; i < removed.length; i++) {
        removed[i] = r.nextBoolean() || model.isEmpty() ? serial(r) : new ArrayList<>(model).get(r.nextInt(model.size()));
      }
      for (String a : added) {
        model.add(a);
      }
      for (String d : removed) {
        model.remove(d);
      }
      byte[] doc = HotlistFile.delta(version, version - 1, added, removed).encode();
      h = h.apply(HotlistFile.parse(doc));
      assertEquals(version, h.version());
      assertEquals(model.size(), h.size());
      for (String s : model) {
        assertTrue(h.contains(s), s);
      }
      for (int i = 0; i < 200; i++) {
        String probe = serial(r);
        assertEquals(model.contains(probe), h.contains(probe), probe);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void documentsRoundTrip(long seed) throws DecodeException {
    Random r = new Random(seed);
    String[] a = new String[r.nextInt(100)];
    for (int i = 0; i < a.length; i++) {
      a[i] = serial(r);
    }
    String[] d = new String[r.nextInt(100)];
    for (int i = 0; i < d.length; i++) {
      d[i] = serial(r);
    }
    byte[] bytes = HotlistFile.delta(10 + r.nextInt(1000), 9, a, d).encode();
    assertArrayEquals(bytes, HotlistFile.parse(bytes).encode());
  }

  @Test
  void aDeltaAppliesOnlyToItsBaseVersion() {
    Hotlist v3 = Hotlist.empty().apply(HotlistFile.full(3, BLOCKED));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> v3.apply(HotlistFile.delta(5, 4, new String[0], new String[] {BLOCKED})));
    assertEquals("the hotlist delta applies to version 4, the version in force is 3", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> v3.apply(HotlistFile.full(2)));
    assertTrue(v3.contains(BLOCKED), "the list in force stays");
    assertFalse(v3.apply(HotlistFile.delta(4, 3, new String[0], new String[] {BLOCKED})).contains(BLOCKED));
  }

  @Test
  void malformedDocumentsSayWhatAndWhere() {
    byte[] good = HotlistFile.full(2, BLOCKED, "03105170010170907999").encode();
    assertMalformed(Hex.of("00"), "magic");
    byte[] magic = good.clone();
    magic[0] = 'X';
    assertMalformed(magic, "no UCHL magic");
    byte[] format = good.clone();
    format[4] = 2;
    assertMalformed(format, "format 2");
    assertMalformed(java.util.Arrays.copyOf(good, good.length - 1), "need 20 bytes, the document has 19");
    byte[] nibble = good.clone();
    nibble[21] = (byte) 0xA3;
    assertMalformed(nibble, "nibble a");
    byte[] order = HotlistFile.full(2, BLOCKED, "03105170010170907999").encode();
    System.arraycopy(Hex.of("03105170010170907999"), 0, order, 21, 10);
    assertMalformed(order, "ascending");
    byte[] count = good.clone();
    count[16] = (byte) 0xFF; // 255 cards claimed: the length disagrees before anything is allocated
    assertMalformed(count, "cards need");
    byte[] removals = good.clone();
    removals[20] = 1;
    assertMalformed(removals, "a full list removes nothing");
  }

  static void assertMalformed(byte[] bytes, String says) {
    DecodeException e = assertThrows(DecodeException.class, () -> HotlistFile.parse(bytes));
    assertTrue(e.getMessage().contains(says), e.getMessage());
  }
}
