package cn.unioncard.bank.keys;

import cn.unioncard.bank.model.KeyAlgorithm;
import cn.unioncard.bank.model.KeyBlock;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.crypto.Keys;
import org.bouncycastle.util.Arrays;

/**
 * Wrapping and unwrapping one working key under the terminal master key (TMK): ECB encryption with the TMK,
 * and the key check value, the first 3 bytes of the clear key's encryption of a zero block ({@link
 * cn.unioncard.protocol.crypto.BlockAlgorithm#checkValue}).
 */
public final class KeyBlocks {
  /** Length of every working key and of the TMK: 16 bytes (SM4, or double-length TDEA). */
  public static final int KEY_LENGTH = 16;

  private KeyBlocks() {}

  static void requireLength(byte[] key, int length, String what) {
    if (key == null || key.length != length) {
      throw new IllegalArgumentException(
          what + " must be " + length + " bytes, not " + (key == null ? "null" : key.length));
    }
  }

  /** The key block of {@code clearKey} under {@code tmk} (the bank's side). */
  public static KeyBlock wrap(KeyAlgorithm algorithm, byte[] tmk, byte[] clearKey) {
    requireLength(clearKey, KEY_LENGTH, "working key");
    requireLength(tmk, KEY_LENGTH, "terminal master key");
    return new KeyBlock(
        Hex.encode(algorithm.cipher().encryptEcb(tmk, clearKey)),
        Hex.encode(algorithm.cipher().checkValue(clearKey)));
  }

  /**
   * The clear key of {@code block}, its check value verified (compared in constant time).
   *
   * @param name the key's name for the message ({@code pin_key})
   * @throws DecodeException when the block is not one 16-byte key or the check value does not match
   */
  public static byte[] unwrap(KeyAlgorithm algorithm, byte[] tmk, KeyBlock block, String name)
      throws DecodeException {
    requireLength(tmk, KEY_LENGTH, "terminal master key");
    byte[] encrypted = Hex.parse(block.encrypted());
    if (encrypted.length != KEY_LENGTH) {
      throw new DecodeException(name + ": an encrypted key is " + KEY_LENGTH + " bytes", DecodeException.NO_OFFSET);
    }
    byte[] clear = algorithm.cipher().decryptEcb(tmk, encrypted);
    byte[] kcv = algorithm.cipher().checkValue(clear);
    if (!Arrays.constantTimeAreEqual(kcv, Hex.parse(block.kcv()))) {
      Keys.wipe(clear);
      throw new DecodeException(name + ": the key check value does not match", DecodeException.NO_OFFSET);
    }
    return clear;
  }
}
