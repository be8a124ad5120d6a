package cn.unioncard.protocol.crypto;

/**
 * EMV/PBOC application cryptograms (ARQC, TC, AAC) and the issuer's answer (ARPC), EMV 4.x Book 2 Annex A1.2
 * and §8.2. The session key comes from {@link EmvKeyDerivation}.
 */
public final class ApplicationCryptogram {
  private ApplicationCryptogram() {}

  /**
   * An application cryptogram (Book 2 §8.1.2 / A1.2.1): ISO/IEC 9797-1 MAC algorithm 3 with padding method 2
   * ({@code 80 00…}) over the CDOL data, 8 bytes. This is the EMV and PBOC (CVN 01) rule.
   */
  public static byte[] generate(byte[] sessionKey, byte[] data) {
    return generate(sessionKey, data, MacPadding.METHOD_2);
  }

  /**
   * An application cryptogram with an explicit padding: {@link MacPadding#METHOD_1} is Visa's zero padding
   * (CVN 10, where the key is the ICC master key itself).
   */
  public static byte[] generate(byte[] key, byte[] data, MacPadding padding) {
    return Iso9797Mac.algorithm3(key, data, padding, 8);
  }

  /**
   * ARPC method 1 (Book 2 §8.2.1): {@code TDEA(key, ARQC ⊕ (ARC ‖ 00 00 00 00 00 00))}, 8 bytes.
   *
   * @param arc the 2-byte authorisation response code
   */
  public static byte[] arpcMethod1(byte[] key, byte[] arqc, byte[] arc) {
    Keys.requireLength(arqc, 8, "ARQC");
    Keys.requireLength(arc, 2, "ARC");
    byte[] x = arqc.clone();
    x[0] ^= arc[0];
    x[1] ^= arc[1];
    return BlockAlgorithm.TDEA.encryptEcb(key, x);
  }

  /**
   * ARPC method 2 (Book 2 §8.2.2): ISO/IEC 9797-1 MAC algorithm 3, padding method 2, over {@code ARQC ‖ CSU ‖
   * Proprietary Authentication Data}, the leftmost 4 bytes.
   *
   * @param csu the 4-byte card status update
   * @param proprietaryAuthData 0 to 8 bytes
   */
  public static byte[] arpcMethod2(
      byte[] sessionKey, byte[] arqc, byte[] csu, byte[] proprietaryAuthData) {
    Keys.requireLength(arqc, 8, "ARQC");
    Keys.requireLength(csu, 4, "CSU");
    if (proprietaryAuthData.length > 8) {
      throw new IllegalArgumentException("proprietary authentication data is at most 8 bytes");
    }
    return Iso9797Mac.algorithm3(
        sessionKey, Keys.concat(arqc, csu, proprietaryAuthData), MacPadding.METHOD_2, 4);
  }
}
