package cn.unioncard.protocol.crypto;

import java.util.Arrays;
import org.bouncycastle.crypto.BlockCipher;

/**
 * CBC-MACs of ISO/IEC 9797-1:2011.
 *
 * <ul>
 *   <li>{@link #algorithm1}: MAC algorithm 1, the plain CBC-MAC: initial transformation 1, output
 *       transformation 1, with DES, TDEA or SM4. PBOC secure messaging and the e-purse MACs use it with
 *       single DES, an all-zero or a challenge IV and padding method 2.
 *   <li>{@link #algorithm3}: MAC algorithm 3, the "retail MAC": single-DES CBC under K, then the last
 *       block decrypted under K' and encrypted again under K. The EMV/PBOC application cryptogram MAC.
 * </ul>
 */
public final class Iso9797Mac {
  private Iso9797Mac() {}

  /** MAC algorithm 1 with an all-zero IV. */
  public static byte[] algorithm1(
      BlockAlgorithm cipher, byte[] key, byte[] data, MacPadding padding, int macLength) {
    return algorithm1(cipher, key, new byte[cipher.blockSize()], data, padding, macLength);
  }

  /**
   * MAC algorithm 1 (CBC-MAC) with the given initial value (e.g. a card challenge followed by zeros in PBOC
   * secure messaging, JR/T 0025.5 / PBOC 2.0 part 1 "安全报文").
   *
   * @param macLength the leftmost bytes kept, 4 up to the block size
   */
  public static byte[] algorithm1(
      BlockAlgorithm cipher, byte[] key, byte[] iv, byte[] data, MacPadding padding, int macLength) {
    checkMacLength(macLength, cipher.blockSize());
    Keys.requireLength(iv, cipher.blockSize(), "IV");
    byte[] padded = padding.pad(data, cipher.blockSize());
    byte[] h = cbcLastBlock(cipher.keyed(key, true), iv, padded);
    Keys.wipe(padded);
    return truncate(h, macLength);
  }

  /**
   * MAC algorithm 3 (retail MAC) with single DES and the double-length key {@code K‖K'} (16 bytes), zero IV.
   *
   * @param macLength the leftmost bytes kept, 4 to 8
   */
  public static byte[] algorithm3(byte[] key, byte[] data, MacPadding padding, int macLength) {
    Keys.requireLength(key, 16, "retail MAC key (K‖K')");
    checkMacLength(macLength, 8);
    byte[] k = Arrays.copyOfRange(key, 0, 8);
    byte[] k2 = Arrays.copyOfRange(key, 8, 16);
    byte[] padded = padding.pad(data, 8);
    try {
      byte[] h = cbcLastBlock(BlockAlgorithm.DES.keyed(k, true), new byte[8], padded);
      // Output transformation 3: G = e_K(d_K'(H_q)).
      BlockAlgorithm.DES.keyed(k2, false).processBlock(h, 0, h, 0);
      BlockAlgorithm.DES.keyed(k, true).processBlock(h, 0, h, 0);
      return truncate(h, macLength);
    } finally {
      Keys.wipe(k, k2, padded);
    }
  }

  private static byte[] cbcLastBlock(BlockCipher c, byte[] iv, byte[] padded) {
    int n = c.getBlockSize();
    byte[] h = iv.clone();
    for (int off = 0; off < padded.length; off += n) {
      for (int i = 0; i < n; i++) {
        h[i] ^= padded[off + i];
      }
      c.processBlock(h, 0, h, 0);
    }
    return h;
  }

  static byte[] truncate(byte[] block, int length) {
    byte[] out = Arrays.copyOf(block, length);
    Keys.wipe(block);
    return out;
  }

  private static void checkMacLength(int macLength, int max) {
    if (macLength < 4 || macLength > max) {
      throw new IllegalArgumentException("MAC length must be 4.." + max + ", not " + macLength);
    }
  }
}
