package cn.unioncard.agent.gate;

import java.util.Arrays;

/**
 * The blocked transit cards a gate refuses, in memory: two parallel sorted arrays searched by binary search, so a
 * check is exact (no false positive ever reaches a member) and takes about 20 comparisons for a million cards.
 * Immutable: an update makes a new list, which the gate swaps in at once.
 */
public final class Hotlist {
  private static final Hotlist EMPTY = new Hotlist(0, new long[0], new long[0]);

  private final long version;
  private final long[] hi;
  private final long[] lo;

  private Hotlist(long version, long[] hi, long[] lo) {
    this.version = version;
    this.hi = hi;
    this.lo = lo;
  }

  /** No card blocked; version 0. */
  public static Hotlist empty() {
    return EMPTY;
  }

  /** The version it is at (0 when empty). */
  public long version() {
    return version;
  }

  public int size() {
    return hi.length;
  }

  /** Whether the card with this 20-digit application serial number (file 0015) is blocked. */
  public boolean contains(String applicationSerial) {
    return contains(HotlistFile.hi(applicationSerial), HotlistFile.lo(applicationSerial));
  }

  boolean contains(long h, long l) {
    int low = 0;
    int high = hi.length - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      int c = hi[mid] != h ? Long.compare(hi[mid], h) : Long.compare(lo[mid], l);
      if (c < 0) {
        low = mid + 1;
      } else if (c > 0) {
        high = mid - 1;
      } else {
        return true;
      }
    }
    return false;
  }

  /**
   * The list after {@code file}: a full list replaces this one; a delta applies only to the version it names.
   *
   * @throws IllegalArgumentException when a delta's base is not this version, or a document is older than this
   *     list (the caller then asks for a full list)
   */
  public Hotlist apply(HotlistFile file) {
    if (file.version() <= version && version != 0) {
      throw new IllegalArgumentException(
          "hotlist version " + file.version() + " is not newer than the version in force, " + version);
    }
    if (!file.isDelta()) {
      return new Hotlist(file.version(), file.addHi(), file.addLo());
    }
    if (file.baseVersion() != version) {
      throw new IllegalArgumentException(
          "the hotlist delta applies to version " + file.baseVersion() + ", the version in force is " + version);
    }
    // a merge of three sorted lists: (this ∪ added) \ removed
    long[] ah = file.addHi();
    long[] al = file.addLo();
    long[] rh = file.removeHi();
    long[] rl = file.removeLo();
    long[] nh = new long[hi.length + ah.length];
    long[] nl = new long[hi.length + ah.length];
    int i = 0;
    int j = 0;
    int k = 0;
    int n = 0;
    while (i < hi.length || j < ah.length) {
      long h;
      long l;
      if (j == ah.length || (i < hi.length && compare(hi[i], lo[i], ah[j], al[j]) <= 0)) {
        h = hi[i];
        l = lo[i];
        if (j < ah.length && compare(h, l, ah[j], al[j]) == 0) {
          j++;
        }
        i++;
      } else {
        h = ah[j];
        l = al[j];
        j++;
      }
      while (k < rh.length && compare(rh[k], rl[k], h, l) < 0) {
        k++;
      }
      if (k < rh.length && compare(rh[k], rl[k], h, l) == 0) {
        continue;
      }
      nh[n] = h;
      nl[n] = l;
      n++;
    }
    return new Hotlist(file.version(), Arrays.copyOf(nh, n), Arrays.copyOf(nl, n));
  }

  private static int compare(long h1, long l1, long h2, long l2) {
    return h1 != h2 ? Long.compare(h1, h2) : Long.compare(l1, l2);
  }
}
