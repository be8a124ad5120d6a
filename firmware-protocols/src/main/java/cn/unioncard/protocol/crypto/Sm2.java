package cn.unioncard.protocol.crypto;

import cn.unioncard.protocol.DecodeException;
import java.security.SecureRandom;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.crypto.signers.SM2Signer;

/**
 * SM2 on the curve sm2p256v1 with SM3 (GB/T 32918-2016, GM/T 0003-2012): key pairs, signatures with a user ID
 * (part 2), and public-key encryption (part 4) in the C1‖C3‖C2 order of GM/T 0009-2012 / GB/T 35276.
 *
 * <p>Keys: private key 32 big-endian bytes; public key uncompressed {@code 04 ‖ X ‖ Y} (65 bytes). Signatures
 * are the raw 64-byte {@code r ‖ s} ({@link DsaSignature} converts to and from DER). The user ID enters the
 * hash as Z_A (part 2 §5.5); when a protocol names none it is {@link #defaultUserId()} "1234567812345678"
 * (GM/T 0009 §10).
 */
public final class Sm2 {
  private static final byte[] DEFAULT_ID =
      "1234567812345678".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final int C1_LENGTH = 65;

  private Sm2() {}

  /** The default user ID, ASCII "1234567812345678" ({@code 31 32 … 38}). */
  public static byte[] defaultUserId() {
    return DEFAULT_ID.clone();
  }

  /** A new key pair drawn from {@code random}. */
  public static EcKeyPair generateKeyPair(SecureRandom random) {
    return EcCurve.SM2P256V1.generate(random);
  }

  /** The public key {@code 04 ‖ X ‖ Y} of a private key. */
  public static byte[] publicKey(byte[] privateKey) {
    return EcCurve.SM2P256V1.publicKeyOf(privateKey);
  }

  /** Signs with the default user ID; returns raw {@code r ‖ s}. */
  public static byte[] sign(byte[] privateKey, byte[] message, SecureRandom random) {
    return sign(privateKey, DEFAULT_ID, message, random);
  }

  /**
   * Signs {@code message} (GB/T 32918.2 §6.1: e = SM3(Z_A ‖ M)); returns raw {@code r ‖ s} (64 bytes).
   *
   * @param random the source of the per-signature secret k
   */
  public static byte[] sign(byte[] privateKey, byte[] userId, byte[] message, SecureRandom random) {
    ECPrivateKeyParameters key = EcCurve.SM2P256V1.privateKey(privateKey);
    SM2Signer signer = new SM2Signer(PlainDSAEncoding.INSTANCE, new SM3Digest());
    signer.init(true, new ParametersWithID(new ParametersWithRandom(key, random), userId));
    signer.update(message, 0, message.length);
    try {
      return signer.generateSignature();
    } catch (CryptoException e) {
      throw new IllegalStateException("SM2 signing failed", e);
    }
  }

  /** Verifies with the default user ID. */
  public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) throws DecodeException {
    return verify(publicKey, DEFAULT_ID, message, signature);
  }

  /**
   * Verifies a raw {@code r ‖ s} signature (GB/T 32918.2 §7.1).
   *
   * @return false when the signature does not verify (including r or s outside [1, n−1])
   * @throws DecodeException when the public key is not a point of the curve or the signature is not 64 bytes
   */
  public static boolean verify(byte[] publicKey, byte[] userId, byte[] message, byte[] signature)
      throws DecodeException {
    ECPublicKeyParameters key = verifyingKey(publicKey);
    if (signature == null || signature.length != DsaSignature.RAW_LENGTH) {
      throw new DecodeException("an SM2 signature r ‖ s is 64 bytes", DecodeException.NO_OFFSET);
    }
    if (!EcCurve.SM2P256V1.signatureInRange(signature)) {
      return false;
    }
    SM2Signer verifier = new SM2Signer(PlainDSAEncoding.INSTANCE, new SM3Digest());
    verifier.init(false, new ParametersWithID(key, userId));
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }

  /** Public keys verified with lately, decoded: a few (the bank's, a terminal's), each used for every message. */
  private static final java.util.Map<String, ECPublicKeyParameters> VERIFYING_KEYS =
      java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<String, ECPublicKeyParameters>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, ECPublicKeyParameters> eldest) {
          return size() > 32;
        }
      });

  /**
   * The decoded key, the same object for the same bytes: BouncyCastle keeps a point's precomputed multiples with the
   * point, so verifying again under a known key neither decodes it nor precomputes its table again (a verify under
   * a fresh point allocated 346 KB and took about three times as long as one under a kept point, 157 KB).
   */
  private static ECPublicKeyParameters verifyingKey(byte[] publicKey) throws DecodeException {
    String id = publicKey == null ? null : cn.unioncard.protocol.Hex.encode(publicKey);
    ECPublicKeyParameters key = id == null ? null : VERIFYING_KEYS.get(id);
    if (key == null) {
      key = EcCurve.SM2P256V1.publicKey(publicKey);
      VERIFYING_KEYS.put(id, key);
    }
    return key;
  }

  /**
   * Encrypts (GB/T 32918.4 §6.1) and returns {@code C1 ‖ C3 ‖ C2}: C1 the point {@code 04 ‖ x1 ‖ y1} (65
   * bytes), C3 the SM3 hash (32 bytes), C2 the masked message (as long as the message).
   *
   * @param plaintext at least one byte (BouncyCastle, like the standard's KDF, has no empty message)
   * @throws DecodeException when the public key is not a point of the curve
   */
  public static byte[] encrypt(byte[] publicKey, byte[] plaintext, SecureRandom random)
      throws DecodeException {
    if (plaintext.length == 0) {
      throw new IllegalArgumentException("SM2 encrypts at least one byte");
    }
    ECPublicKeyParameters key = EcCurve.SM2P256V1.publicKey(publicKey);
    SM2Engine engine = new SM2Engine(new SM3Digest(), SM2Engine.Mode.C1C3C2);
    engine.init(true, new ParametersWithRandom(key, random));
    try {
      return engine.processBlock(plaintext, 0, plaintext.length);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("SM2 encryption failed", e);
    }
  }

  /**
   * Decrypts {@code C1 ‖ C3 ‖ C2} (GB/T 32918.4 §7.1).
   *
   * @throws DecodeException when C1 is not a point of the curve, the ciphertext is too short, or the hash C3
   *     does not match
   */
  public static byte[] decrypt(byte[] privateKey, byte[] ciphertext) throws DecodeException {
    ECPrivateKeyParameters key = EcCurve.SM2P256V1.privateKey(privateKey);
    if (ciphertext == null || ciphertext.length <= C1_LENGTH + Sm3.LENGTH) {
      throw new DecodeException("an SM2 ciphertext is at least 98 bytes", DecodeException.NO_OFFSET);
    }
    EcCurve.SM2P256V1.decodePoint(java.util.Arrays.copyOf(ciphertext, C1_LENGTH), "C1");
    SM2Engine engine = new SM2Engine(new SM3Digest(), SM2Engine.Mode.C1C3C2);
    engine.init(false, key);
    try {
      return engine.processBlock(ciphertext, 0, ciphertext.length);
    } catch (InvalidCipherTextException e) {
      throw new DecodeException("SM2 ciphertext does not decrypt: " + e.getMessage(), C1_LENGTH);
    }
  }
}
