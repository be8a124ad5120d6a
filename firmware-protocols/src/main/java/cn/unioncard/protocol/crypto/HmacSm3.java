package cn.unioncard.protocol.crypto;

import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.util.Arrays;

/**
 * HMAC with SM3 (RFC 2104 construction over GB/T 32905; named in GM/T 0042-2015 Appendix D): a 32-byte MAC
 * under a key of any length (a key longer than SM3's 64-byte block is first hashed).
 */
public final class HmacSm3 {
  /** MAC length in bytes. */
  public static final int LENGTH = Sm3.LENGTH;

  private HmacSm3() {}

  /** HMAC-SM3 of {@code data} under {@code key}. */
  public static byte[] mac(byte[] key, byte[] data) {
    if (key == null || data == null) {
      throw new IllegalArgumentException("HMAC-SM3 needs a key and data");
    }
    HMac mac = new HMac(new SM3Digest());
    mac.init(new KeyParameter(key));
    mac.update(data, 0, data.length);
    byte[] out = new byte[LENGTH];
    mac.doFinal(out, 0);
    return out;
  }

  /** Whether {@code expected} is the HMAC-SM3 of {@code data} under {@code key}, compared in constant time. */
  public static boolean verify(byte[] key, byte[] data, byte[] expected) {
    return expected != null && Arrays.constantTimeAreEqual(mac(key, data), expected);
  }
}
