package cn.unioncard.protocol.crypto;

import cn.unioncard.protocol.DecodeException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * SM4 (GB/T 32907-2016) in Galois/Counter Mode (NIST SP 800-38D; the SM4 suite of RFC 8998): authenticated
 * encryption with a 16-byte key, an IV (12 bytes recommended, SP 800-38D §8.2; any non-empty length is
 * accepted), additional authenticated data, and a 16-byte tag.
 *
 * <p>The output of {@link #encrypt} is {@code ciphertext ‖ tag}; {@link #decrypt} takes the same and throws
 * the checked {@link DecodeException} when the tag does not verify (wrong key, IV, AAD, or altered bytes), so
 * a caller cannot forget that a decryption may fail. Nothing of an unauthenticated plaintext is returned.
 * Never encrypt two messages with the same key and IV.
 */
public final class Sm4Gcm {
  /** Tag length in bytes. */
  public static final int TAG_LENGTH = 16;
  /** The recommended IV length in bytes. */
  public static final int IV_LENGTH = 12;

  private Sm4Gcm() {}

  /**
   * Encrypts and authenticates {@code plaintext} and authenticates {@code aad}.
   *
   * @param aad additional authenticated data, may be empty (null counts as empty)
   * @return ciphertext (as long as the plaintext) followed by the 16-byte tag
   */
  public static byte[] encrypt(byte[] key, byte[] iv, byte[] aad, byte[] plaintext) {
    if (plaintext == null) {
      throw new IllegalArgumentException("SM4-GCM plaintext is null");
    }
    GCMModeCipher gcm = cipher(true, key, iv, aad);
    byte[] out = new byte[gcm.getOutputSize(plaintext.length)];
    int n = gcm.processBytes(plaintext, 0, plaintext.length, out, 0);
    try {
      gcm.doFinal(out, n);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("SM4-GCM encryption failed", e);
    }
    return out;
  }

  /**
   * Checks the tag and decrypts {@code ciphertextAndTag} (ciphertext followed by the 16-byte tag).
   *
   * @throws DecodeException when the input is shorter than a tag or the tag does not verify
   */
  public static byte[] decrypt(byte[] key, byte[] iv, byte[] aad, byte[] ciphertextAndTag)
      throws DecodeException {
    if (ciphertextAndTag == null || ciphertextAndTag.length < TAG_LENGTH) {
      throw new DecodeException(
          "SM4-GCM input is shorter than its 16-byte tag", DecodeException.NO_OFFSET);
    }
    GCMModeCipher gcm = cipher(false, key, iv, aad);
    byte[] out = new byte[gcm.getOutputSize(ciphertextAndTag.length)];
    int n = gcm.processBytes(ciphertextAndTag, 0, ciphertextAndTag.length, out, 0);
    try {
      gcm.doFinal(out, n);
    } catch (InvalidCipherTextException e) {
      Keys.wipe(out);
      throw new DecodeException(
          "SM4-GCM tag does not verify", ciphertextAndTag.length - TAG_LENGTH);
    }
    return out;
  }

  private static GCMModeCipher cipher(boolean encrypt, byte[] key, byte[] iv, byte[] aad) {
    Keys.requireLength(key, 16, "SM4 key");
    if (iv == null || iv.length == 0) {
      throw new IllegalArgumentException("SM4-GCM needs a non-empty IV");
    }
    GCMModeCipher gcm = GCMBlockCipher.newInstance(new SM4Engine());
    gcm.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_LENGTH * 8, iv, aad));
    return gcm;
  }
}
