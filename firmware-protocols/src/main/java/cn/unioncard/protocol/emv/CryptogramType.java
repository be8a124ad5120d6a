package cn.unioncard.protocol.emv;

/**
 * The kinds of application cryptogram: bits b8-b7 of the Cryptogram Information Data ({@code 9F27}, EMV Book 3
 * clause 6.5.5.4) and of P1 of GENERATE AC (the reference control parameter, EMV Book 3 clause 6.5.5.2).
 */
public enum CryptogramType {
  /** Application Authentication Cryptogram: the transaction is declined. */
  AAC(0x00),
  /** Transaction Certificate: approved offline. */
  TC(0x40),
  /** Authorisation Request Cryptogram: go online. */
  ARQC(0x80),
  /** {@code 11}: RFU since EMV 4.1; the Application Authorisation Referral of earlier versions. */
  AAR(0xC0);

  private final int bits;

  CryptogramType(int bits) {
    this.bits = bits;
  }

  /** The value of bits b8-b7 in place ({@code 00}, {@code 40}, {@code 80}, {@code C0}). */
  public int bits() {
    return bits;
  }

  /** The type named by bits b8-b7 of {@code b}. */
  public static CryptogramType fromBits(int b) {
    switch (b & 0xC0) {
      case 0x00:
        return AAC;
      case 0x40:
        return TC;
      case 0x80:
        return ARQC;
      default:
        return AAR;
    }
  }
}
