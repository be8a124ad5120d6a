package cn.unioncard.protocol.crypto;

import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * CMAC (NIST SP 800-38B, = ISO/IEC 9797-1:2011 MAC algorithm 5) with TDEA (64-bit block) or SM4 (128-bit
 * block).
 */
public final class Cmac {
  private Cmac() {}

  /**
   * The CMAC of {@code data}, truncated to its leftmost {@code macLength} bytes.
   *
   * @param cipher {@link BlockAlgorithm#TDEA} or {@link BlockAlgorithm#SM4}
   * @param macLength 4 up to the cipher's block size
   */
  public static byte[] compute(BlockAlgorithm cipher, byte[] key, byte[] data, int macLength) {
    if (cipher == BlockAlgorithm.DES) {
      throw new IllegalArgumentException("CMAC is defined here for TDEA and SM4 only");
    }
    cipher.checkKey(key);
    int n = cipher.blockSize();
    if (macLength < 4 || macLength > n) {
      throw new IllegalArgumentException("MAC length must be 4.." + n + ", not " + macLength);
    }
    CMac mac = new CMac(cipher.newEngine(), n * 8);
    mac.init(new KeyParameter(key));
    mac.update(data, 0, data.length);
    byte[] full = new byte[n];
    mac.doFinal(full, 0);
    return Iso9797Mac.truncate(full, macLength);
  }
}
