package cn.unioncard.bank.signing;

import cn.unioncard.protocol.crypto.DsaSignature;
import cn.unioncard.protocol.crypto.EcdsaP256;
import cn.unioncard.protocol.crypto.Keys;
import cn.unioncard.protocol.crypto.Sm2;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Signs with one private key: the terminal's request key, or (in the bank) the response and reference-data
 * keys. The signature is base64 (RFC 4648 §4, padded) of the DER {@code SEQUENCE {r, s}}. The key never appears
 * in {@link #toString()}.
 */
public final class Signer {
  private final SignatureAlgorithm algorithm;
  private final byte[] privateKey;
  private final byte[] publicKey;
  private final SecureRandom random;

  private Signer(SignatureAlgorithm algorithm, byte[] privateKey, SecureRandom random) {
    this.algorithm = algorithm;
    this.privateKey = privateKey.clone();
    this.publicKey =
        algorithm == SignatureAlgorithm.SM2_SM3 ? Sm2.publicKey(privateKey) : EcdsaP256.publicKey(privateKey);
    this.random = random;
  }

  /** An SM2-SM3 signer (default signer ID); {@code random} supplies each signature's k. */
  public static Signer sm2(byte[] privateKey, SecureRandom random) {
    if (random == null) {
      throw new IllegalArgumentException("SM2 signing needs a random source");
    }
    return new Signer(SignatureAlgorithm.SM2_SM3, privateKey, random);
  }

  /** An ECDSA-P256-SHA256 signer (deterministic k, RFC 6979). */
  public static Signer ecdsaP256(byte[] privateKey) {
    return new Signer(SignatureAlgorithm.ECDSA_P256_SHA256, privateKey, null);
  }

  /** A signer of {@code algorithm}; {@code random} is used by SM2 only (may be null for ECDSA). */
  public static Signer of(SignatureAlgorithm algorithm, byte[] privateKey, SecureRandom random) {
    return algorithm == SignatureAlgorithm.SM2_SM3 ? sm2(privateKey, random) : ecdsaP256(privateKey);
  }

  public SignatureAlgorithm algorithm() {
    return algorithm;
  }

  /** The matching public key {@code 04 ‖ X ‖ Y}. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The matching verifier. */
  public Verifier verifier() {
    return Verifier.of(algorithm, publicKey);
  }

  /** base64 of the DER signature of {@code message}. */
  public String sign(byte[] message) {
    byte[] raw;
    synchronized (this) {
      raw =
          algorithm == SignatureAlgorithm.SM2_SM3
              ? Sm2.sign(privateKey, message, random)
              : EcdsaP256.sign(privateKey, message);
    }
    return Base64.getEncoder().encodeToString(DsaSignature.toDer(raw));
  }

  /** Overwrites the private key; the signer is unusable afterwards. */
  public synchronized void wipe() {
    Keys.wipe(privateKey);
  }

  @Override
  public String toString() {
    return "Signer[" + algorithm.headerValue() + "]";
  }
}
