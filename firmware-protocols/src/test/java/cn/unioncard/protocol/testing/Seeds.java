package cn.unioncard.protocol.testing;

import java.util.Random;
import java.util.stream.LongStream;

/**
 * Seeds for property tests: a fixed list, so every run checks the same cases and a failure names the seed
 * that reproduces it ({@code @ParameterizedTest @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")}).
 */
public final class Seeds {
  private Seeds() {}

  /** 200 fixed seeds. */
  public static LongStream seeds() {
    return LongStream.range(0, 200).map(i -> 0x5EED_0000L + i * 7919);
  }

  /** Random bytes of a length in [0, maxLength]. */
  public static byte[] bytes(Random rnd, int maxLength) {
    byte[] b = new byte[rnd.nextInt(maxLength + 1)];
    rnd.nextBytes(b);
    return b;
  }

  /**
   * A copy of {@code valid} damaged the way a noisy line or a hostile card would: truncated, extended, a byte
   * flipped, or a run of bytes replaced.
   */
  public static byte[] mutate(Random rnd, byte[] valid) {
    byte[] b = valid.clone();
    switch (rnd.nextInt(4)) {
      case 0:
        return java.util.Arrays.copyOf(b, b.length == 0 ? 0 : rnd.nextInt(b.length));
      case 1: {
        byte[] extra = bytes(rnd, 8);
        byte[] out = java.util.Arrays.copyOf(b, b.length + extra.length);
        System.arraycopy(extra, 0, out, b.length, extra.length);
        return out;
      }
      case 2:
        if (b.length > 0) {
          b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
        }
        return b;
      default:
        if (b.length > 0) {
          int at = rnd.nextInt(b.length);
          int n = 1 + rnd.nextInt(Math.min(4, b.length - at));
          for (int i = 0; i < n; i++) {
            b[at + i] = (byte) rnd.nextInt(256);
          }
        }
        return b;
    }
  }
}
