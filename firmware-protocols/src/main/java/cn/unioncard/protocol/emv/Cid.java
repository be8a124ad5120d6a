package cn.unioncard.protocol.emv;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;

/**
 * The Cryptogram Information Data ({@code 9F27}, b 1; EMV Book 3 clause 6.5.5.4): b8-b7 the cryptogram type,
 * b6-b5 payment-system specific, b4 advice required, b3-b1 reason/advice code (000 no information, 001 service
 * not allowed, 010 PIN try limit exceeded, 011 issuer authentication failed, others RFU).
 */
public final class Cid {
  private final int value;

  public Cid(int value) {
    if ((value & ~0xFF) != 0) {
      throw new IllegalArgumentException("CID out of range: " + value);
    }
    this.value = value;
  }

  /** Decodes the 1-byte value of {@code 9F27}. */
  public static Cid decode(byte[] value) throws DecodeException {
    if (value.length != 1) {
      throw new DecodeException("CID: length " + value.length + ", expected 1", 0, "9F27");
    }
    return new Cid(value[0] & 0xFF);
  }

  public int value() {
    return value;
  }

  public CryptogramType type() {
    return CryptogramType.fromBits(value);
  }

  /** Bits b6-b5, whose meaning the payment system defines. */
  public int paymentSystemBits() {
    return (value >>> 4) & 0x03;
  }

  /** b4: advice required. */
  public boolean adviceRequired() {
    return (value & 0x08) != 0;
  }

  /** b3-b1: the reason/advice code, 0 to 7. */
  public int reasonCode() {
    return value & 0x07;
  }

  /** The reason/advice code in words. */
  public String reason() {
    switch (reasonCode()) {
      case 0:
        return "no information given";
      case 1:
        return "service not allowed";
      case 2:
        return "PIN try limit exceeded";
      case 3:
        return "issuer authentication failed";
      default:
        return "RFU";
    }
  }

  public byte[] encode() {
    return new byte[] {(byte) value};
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cid && ((Cid) o).value == value;
  }

  @Override
  public int hashCode() {
    return value;
  }

  @Override
  public String toString() {
    return "CID " + Hex.byteToHex(value) + " " + type() + (adviceRequired() ? " advice" : "");
  }
}
