package cn.unioncard.protocol.emv;

import cn.unioncard.protocol.tlv.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random but valid EMV values for the property tests. */
final class EmvRandom {
  private EmvRandom() {}

  /** A valid BER-TLV tag of one to three bytes, primitive or constructed. */
  static Tag tag(Random rnd) {
    switch (rnd.nextInt(3)) {
      case 0: {
        int b;
        do {
          b = rnd.nextInt(256);
        } while (b == 0 || b == 0xFF || (b & 0x1F) == 0x1F);
        return Tag.of(b);
      }
      case 1:
        return Tag.of((firstOfLong(rnd) << 8) | (1 + rnd.nextInt(0x7F)));
      default:
        return Tag.of((firstOfLong(rnd) << 16) | ((0x81 + rnd.nextInt(0x7F)) << 8) | rnd.nextInt(0x80));
    }
  }

  /** A valid primitive tag. */
  static Tag primitiveTag(Random rnd) {
    Tag t;
    do {
      t = tag(rnd);
    } while (t.isConstructed());
    return t;
  }

  private static int firstOfLong(Random rnd) {
    int b;
    do {
      b = rnd.nextInt(256) | 0x1F;
    } while (b == 0xFF);
    return b;
  }

  static byte[] bytes(Random rnd, int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  static String digits(Random rnd, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append((char) ('0' + rnd.nextInt(10)));
    }
    return sb.toString();
  }

  /** A random valid AFL. */
  static Afl afl(Random rnd) {
    List<Afl.Entry> entries = new ArrayList<>();
    int n = rnd.nextInt(8);
    for (int i = 0; i < n; i++) {
      int first = 1 + rnd.nextInt(255);
      int last = first + rnd.nextInt(256 - first);
      entries.add(new Afl.Entry(1 + rnd.nextInt(30), first, last, rnd.nextInt(last - first + 2)));
    }
    return new Afl(entries);
  }

  /** A random valid DOL of up to {@code max} entries. */
  static Dol dol(Random rnd, int max) {
    List<Dol.Entry> entries = new ArrayList<>();
    int n = rnd.nextInt(max + 1);
    for (int i = 0; i < n; i++) {
      entries.add(new Dol.Entry(tag(rnd), rnd.nextInt(Dol.MAX_ENTRY_LENGTH + 1)));
    }
    return new Dol(entries);
  }
}
