package cn.unioncard.sim.bank;

import cn.unioncard.bank.signing.SignatureAlgorithm;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.crypto.EcdsaP256;
import cn.unioncard.protocol.crypto.Sm2;
import cn.unioncard.protocol.crypto.Sm3;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bank simulator's fixed TEST keys, each derived from a published seed text so that the simulator, the
 * tests, the demo and an integrator compute the same values (docs/bank-api.md, "Test keys"). No production key
 * is ever derived from them.
 *
 * <p>Rule: a 16-byte symmetric key is the first 16 bytes of SM3(seed text in UTF-8); a private key is the whole
 * SM3(seed text), used as the 32-byte big-endian scalar.
 */
public final class TestKeys {

  /** The issuer master key for application cryptograms (IMK-AC) of every simulated card (TDEA, 16 bytes). */
  public static final String IMK_AC_HEX = "0123456789ABCDEFFEDCBA9876543210";

  static final String TMK_SEED = "UnionCard test terminal master key ";
  static final String TERMINAL_SIGNING_SEED = "UnionCard test terminal signing key ";
  static final String RESPONSE_KEY_SEED = "UnionCard test bank response key";
  static final String REFERENCE_KEY_SEED = "UnionCard test bank reference-data key";
  static final String PAN_HASH_KEY_SEED = "UnionCard test PAN hash key";

  private TestKeys() {}

  /** The issuer master key for application cryptograms of the simulated cards. */
  public static byte[] imkAc() {
    return Hex.of(IMK_AC_HEX);
  }

  /** A terminal's test master key (SM4): SM3("UnionCard test terminal master key " + terminal id), 16 bytes. */
  public static byte[] terminalMasterKey(String terminalId) {
    return symmetric(TMK_SEED + terminalId);
  }

  /**
   * A terminal's test signing key, a private key for SM2 or ECDSA P-256: SM3("UnionCard test terminal signing
   * key " + terminal id).
   */
  public static byte[] terminalSigningKey(String terminalId) {
    return scalar(TERMINAL_SIGNING_SEED + terminalId);
  }

  /** The public key of {@link #terminalSigningKey} for the algorithm ({@code SM2-SM3} or {@code ECDSA-P256-SHA256}). */
  public static byte[] terminalPublicKey(String terminalId, String algorithm) {
    byte[] d = terminalSigningKey(terminalId);
    SignatureAlgorithm a = SignatureAlgorithm.fromHeader(algorithm);
    if (a == null) {
      throw new IllegalArgumentException("unknown signature algorithm " + algorithm);
    }
    return a == SignatureAlgorithm.SM2_SM3 ? Sm2.publicKey(d) : EcdsaP256.publicKey(d);
  }

  /** The bank's response-signing private key (SM2): SM3("UnionCard test bank response key"). */
  public static byte[] responsePrivateKey() {
    return scalar(RESPONSE_KEY_SEED);
  }

  /** The bank's response-signing public key (SM2, {@code 04 ‖ X ‖ Y}). */
  public static byte[] responsePublicKey() {
    return Sm2.publicKey(responsePrivateKey());
  }

  /** The bank's reference-data private key (SM2): SM3("UnionCard test bank reference-data key"). */
  public static byte[] referencePrivateKey() {
    return scalar(REFERENCE_KEY_SEED);
  }

  /** The bank's reference-data public key (SM2, {@code 04 ‖ X ‖ Y}). */
  public static byte[] referencePublicKey() {
    return Sm2.publicKey(referencePrivateKey());
  }

  /** The PAN hash key shared by every terminal (HMAC-SM3 key, 16 bytes): SM3("UnionCard test PAN hash key"). */
  public static byte[] panHashKey() {
    return symmetric(PAN_HASH_KEY_SEED);
  }

  static byte[] symmetric(String seed) {
    return Arrays.copyOf(Sm3.digest(seed.getBytes(StandardCharsets.UTF_8)), 16);
  }

  static byte[] scalar(String seed) {
    return Sm3.digest(seed.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A client of the simulated bank for terminal {@code terminalId}: its base URL, trust in the bank's test CA only,
   * the terminal's test signing key and the bank's test verification keys. The caller adds attempts and timeouts.
   */
  public static cn.unioncard.bank.BankClientConfig.Builder clientConfig(String baseUrl, String caPem,
      String terminalId) {
    return cn.unioncard.bank.BankClientConfig.builder()
        .baseUrl(baseUrl)
        .terminalId(terminalId)
        .trustedCertificatesPem(caPem)
        .signer(cn.unioncard.bank.signing.Signer.sm2(terminalSigningKey(terminalId), new java.security.SecureRandom()))
        .responseVerifier(cn.unioncard.bank.signing.Verifier.of(SignatureAlgorithm.SM2_SM3, responsePublicKey()))
        .referenceVerifier(cn.unioncard.bank.signing.Verifier.of(SignatureAlgorithm.SM2_SM3, referencePublicKey()));
  }
}
