package cn.unioncard.protocol.crypto;

import cn.unioncard.protocol.DecodeException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.util.BigIntegers;

/**
 * ECDSA on NIST P-256 with SHA-256 (FIPS 186-4 §6, ANSI X9.62), for a bank API that signs with it (e.g. JWS
 * ES256). The per-signature k is deterministic (RFC 6979 with HMAC-SHA-256), so signing needs no random
 * source. Keys as in {@link EcKeyPair}; signatures are the raw 64-byte {@code r ‖ s} ({@link DsaSignature}
 * for DER).
 */
public final class EcdsaP256 {
  private EcdsaP256() {}

  /** A new key pair drawn from {@code random}. */
  public static EcKeyPair generateKeyPair(SecureRandom random) {
    return EcCurve.P256.generate(random);
  }

  /** The public key {@code 04 ‖ X ‖ Y} of a private key. */
  public static byte[] publicKey(byte[] privateKey) {
    return EcCurve.P256.publicKeyOf(privateKey);
  }

  /** Signs SHA-256({@code message}); returns raw {@code r ‖ s} (64 bytes). */
  public static byte[] sign(byte[] privateKey, byte[] message) {
    ECPrivateKeyParameters key = EcCurve.P256.privateKey(privateKey);
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, key);
    BigInteger[] rs = signer.generateSignature(sha256(message));
    byte[] out = new byte[DsaSignature.RAW_LENGTH];
    BigIntegers.asUnsignedByteArray(rs[0], out, 0, 32);
    BigIntegers.asUnsignedByteArray(rs[1], out, 32, 32);
    return out;
  }

  /**
   * Verifies a raw {@code r ‖ s} signature of SHA-256({@code message}).
   *
   * @return false when the signature does not verify (including r or s outside [1, n−1])
   * @throws DecodeException when the public key is not a point of P-256 or the signature is not 64 bytes
   */
  public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) throws DecodeException {
    ECPublicKeyParameters key = EcCurve.P256.publicKey(publicKey);
    if (signature == null || signature.length != DsaSignature.RAW_LENGTH) {
      throw new DecodeException("an ECDSA P-256 signature r ‖ s is 64 bytes", DecodeException.NO_OFFSET);
    }
    if (!EcCurve.P256.signatureInRange(signature)) {
      return false;
    }
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, key);
    return verifier.verifySignature(
        sha256(message),
        new BigInteger(1, Arrays.copyOfRange(signature, 0, 32)),
        new BigInteger(1, Arrays.copyOfRange(signature, 32, 64)));
  }

  private static byte[] sha256(byte[] message) {
    SHA256Digest d = new SHA256Digest();
    d.update(message, 0, message.length);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }
}
