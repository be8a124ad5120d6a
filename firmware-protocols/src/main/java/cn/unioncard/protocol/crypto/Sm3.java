package cn.unioncard.protocol.crypto;

import org.bouncycastle.crypto.digests.SM3Digest;

/** SM3 (GB/T 32905-2016, GM/T 0004-2012): the 32-byte digest, and HMAC (RFC 2104) with SM3. */
public final class Sm3 {
  /** Digest length in bytes. */
  public static final int LENGTH = 32;

  private Sm3() {}

  /** SM3 of {@code data}. */
  public static byte[] digest(byte[] data) {
    SM3Digest d = new SM3Digest();
    d.update(data, 0, data.length);
    byte[] out = new byte[LENGTH];
    d.doFinal(out, 0);
    return out;
  }

  /** HMAC-SM3 of {@code data} under {@code key} (any length); the same as {@link HmacSm3#mac}. */
  public static byte[] hmac(byte[] key, byte[] data) {
    return HmacSm3.mac(key, data);
  }
}
