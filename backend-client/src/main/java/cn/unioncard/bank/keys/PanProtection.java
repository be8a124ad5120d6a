package cn.unioncard.bank.keys;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.crypto.HmacSm3;
import cn.unioncard.protocol.crypto.Keys;
import cn.unioncard.protocol.crypto.Sm4Gcm;
import cn.unioncard.protocol.emv.Pan;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * How the PAN travels (docs/bank-api.md, "Card data"): {@code pan_hash} = upper-case hex HMAC-SM3 of the PAN's
 * ASCII digits under the PAN hash key; {@code pan_encrypted} = upper-case hex of {@code IV (12) ‖ ciphertext ‖
 * tag (16)}, SM4-GCM of the PAN's ASCII digits under the data key with the transaction id's ASCII bytes as
 * additional data (so a ciphertext cannot be moved to another transaction).
 */
public final class PanProtection {
  private final byte[] panHashKey;
  private final byte[] dataKey;
  private final SecureRandom random;

  /** With a fresh {@link SecureRandom} for the IVs. */
  public PanProtection(byte[] panHashKey, byte[] dataKey) {
    this(panHashKey, dataKey, new SecureRandom());
  }

  /** With the given source of IVs (tests). */
  public PanProtection(byte[] panHashKey, byte[] dataKey, SecureRandom random) {
    KeyBlocks.requireLength(panHashKey, KeyBlocks.KEY_LENGTH, "PAN hash key");
    KeyBlocks.requireLength(dataKey, KeyBlocks.KEY_LENGTH, "data key");
    this.panHashKey = panHashKey.clone();
    this.dataKey = dataKey.clone();
    this.random = random;
  }

  /** The {@code pan_hash} of a PAN (64 upper-case hex digits). */
  public String panHash(Pan pan) {
    return Hex.encode(HmacSm3.mac(panHashKey, ascii(pan.digits())));
  }

  /** The {@code pan_encrypted} of a PAN for one transaction. */
  public String encryptPan(Pan pan, String transactionId) {
    byte[] iv = new byte[Sm4Gcm.IV_LENGTH];
    synchronized (random) {
      random.nextBytes(iv);
    }
    byte[] sealed = Sm4Gcm.encrypt(dataKey, iv, ascii(transactionId), ascii(pan.digits()));
    byte[] out = new byte[iv.length + sealed.length];
    System.arraycopy(iv, 0, out, 0, iv.length);
    System.arraycopy(sealed, 0, out, iv.length, sealed.length);
    return Hex.encode(out);
  }

  /**
   * The PAN of a {@code pan_encrypted} (the bank's side).
   *
   * @throws DecodeException when it is not hex, too short, does not authenticate under this key and
   *     transaction id, or does not hold a PAN
   */
  public Pan decryptPan(String panEncrypted, String transactionId) throws DecodeException {
    if (panEncrypted == null || transactionId == null) {
      throw new DecodeException("pan_encrypted and its transaction id are required", DecodeException.NO_OFFSET);
    }
    byte[] all = Hex.parse(panEncrypted);
    if (all.length < Sm4Gcm.IV_LENGTH + Sm4Gcm.TAG_LENGTH + Pan.MIN_DIGITS) {
      throw new DecodeException("pan_encrypted is too short", DecodeException.NO_OFFSET);
    }
    byte[] iv = Arrays.copyOf(all, Sm4Gcm.IV_LENGTH);
    byte[] sealed = Arrays.copyOfRange(all, Sm4Gcm.IV_LENGTH, all.length);
    byte[] digits = Sm4Gcm.decrypt(dataKey, iv, ascii(transactionId), sealed);
    try {
      return Pan.parse(new String(digits, StandardCharsets.US_ASCII));
    } finally {
      Keys.wipe(digits);
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    return "PanProtection[keys hidden]";
  }
}
