package cn.unioncard.bank.signing;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.crypto.DsaSignature;
import cn.unioncard.protocol.crypto.EcdsaP256;
import cn.unioncard.protocol.crypto.Sm2;
import java.util.Base64;

/**
 * Verifies base64 DER signatures with one public key ({@code 04 ‖ X ‖ Y}): the bank's response or
 * reference-data key in the terminal, a terminal's key in the bank.
 */
public final class Verifier {
  private final SignatureAlgorithm algorithm;
  private final byte[] publicKey;

  private Verifier(SignatureAlgorithm algorithm, byte[] publicKey) {
    this.algorithm = algorithm;
    this.publicKey = publicKey.clone();
  }

  /**
   * A verifier for {@code algorithm} and {@code publicKey}.
   *
   * @throws IllegalArgumentException when the key is not a point of the algorithm's curve
   */
  public static Verifier of(SignatureAlgorithm algorithm, byte[] publicKey) {
    if (algorithm == null) {
      throw new IllegalArgumentException("no signature algorithm");
    }
    byte[] probe = new byte[DsaSignature.RAW_LENGTH];
    try {
      if (algorithm == SignatureAlgorithm.SM2_SM3) {
        Sm2.verify(publicKey, new byte[0], probe);
      } else {
        EcdsaP256.verify(publicKey, new byte[0], probe);
      }
    } catch (DecodeException e) {
      throw new IllegalArgumentException("not a " + algorithm.headerValue() + " public key: " + e.getMessage());
    }
    return new Verifier(algorithm, publicKey);
  }

  public SignatureAlgorithm algorithm() {
    return algorithm;
  }

  /** A copy of the public key. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /**
   * Whether {@code base64Der} is a valid signature of {@code message} by this key. Anything malformed (not
   * base64, not strict DER, r or s out of range) is simply false.
   */
  public boolean verify(byte[] message, String base64Der) {
    if (message == null || base64Der == null) {
      return false;
    }
    try {
      byte[] raw = DsaSignature.fromDer(Base64.getDecoder().decode(base64Der));
      return algorithm == SignatureAlgorithm.SM2_SM3
          ? Sm2.verify(publicKey, message, raw)
          : EcdsaP256.verify(publicKey, message, raw);
    } catch (IllegalArgumentException | DecodeException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "Verifier[" + algorithm.headerValue() + "]";
  }
}
