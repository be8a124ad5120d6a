package cn.unioncard.protocol.check;

/**
 * The longitudinal redundancy check byte used by many serial terminal protocols: the XOR of all bytes.
 * Cheap and weak: two errors in the same bit position of two bytes cancel out.
 */
public final class Lrc {
  private Lrc() {}

  /** The XOR of all of {@code data}, 0..0xFF (0 for no bytes). */
  public static int xor(byte[] data) {
    return xor(data, 0, data.length);
  }

  /** The XOR of {@code length} bytes of {@code data} from {@code offset}, 0..0xFF. */
  public static int xor(byte[] data, int offset, int length) {
    int lrc = 0;
    for (int i = offset; i < offset + length; i++) {
      lrc ^= data[i];
    }
    return lrc & 0xFF;
  }
}
