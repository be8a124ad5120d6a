package cn.unioncard.protocol.crypto;

import java.util.Arrays;

/** Small helpers for key material held in byte arrays. */
public final class Keys {
  private Keys() {}

  /** Fills every given array with zeros (null arrays are skipped). Call it when a key is no longer needed. */
  public static void wipe(byte[]... arrays) {
    for (byte[] a : arrays) {
      if (a != null) {
        Arrays.fill(a, (byte) 0);
      }
    }
  }

  /**
   * A copy of a DES/TDEA key with every byte set to odd parity (the least significant bit of each byte is the
   * parity bit; FIPS 46-3 §"Key", EMV Book 2 A1.4 "odd parity").
   */
  public static byte[] withOddParity(byte[] key) {
    byte[] out = key.clone();
    for (int i = 0; i < out.length; i++) {
      int b = out[i] & 0xFE;
      out[i] = (byte) ((Integer.bitCount(b) & 1) == 0 ? b | 1 : b);
    }
    return out;
  }

  /** True when every byte of the key has odd parity. */
  public static boolean hasOddParity(byte[] key) {
    for (byte b : key) {
      if ((Integer.bitCount(b & 0xFF) & 1) == 0) {
        return false;
      }
    }
    return true;
  }

  /** {@code a XOR b}, equal lengths. */
  static byte[] xor(byte[] a, byte[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("xor of " + a.length + " and " + b.length + " bytes");
    }
    byte[] out = new byte[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (byte) (a[i] ^ b[i]);
    }
    return out;
  }

  /** The concatenation of the given arrays. */
  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  static void requireLength(byte[] value, int length, String what) {
    if (value == null || value.length != length) {
      throw new IllegalArgumentException(
          what + " must be " + length + " bytes, not " + (value == null ? "null" : value.length));
    }
  }
}
