package cn.unioncard.protocol.emv;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import java.util.ArrayList;
import java.util.List;

/**
 * The Application Interchange Profile ({@code 82}, b 2): the functions the card supports for this transaction
 * (EMV Book 3 Annex C1).
 *
 * <p>Byte 1: b8 RFU, b7 SDA, b6 DDA, b5 cardholder verification, b4 terminal risk management to be performed,
 * b3 issuer authentication, b2 reserved for the EMV contactless specifications, b1 CDA. Byte 2: b8 reserved
 * for the EMV contactless specifications (Book C-2 Annex A.1.16: "EMV mode is supported"; Book C-3 Annex A.2:
 * "MSD is supported"), b7-b1 RFU in Book 3.
 */
public final class Aip {
  private final int byte1;
  private final int byte2;

  public Aip(int byte1, int byte2) {
    if ((byte1 & ~0xFF) != 0 || (byte2 & ~0xFF) != 0) {
      throw new IllegalArgumentException("AIP bytes out of range");
    }
    this.byte1 = byte1;
    this.byte2 = byte2;
  }

  /** Decodes the 2-byte value of {@code 82}. */
  public static Aip decode(byte[] value) throws DecodeException {
    if (value.length != 2) {
      throw new DecodeException("AIP: length " + value.length + ", expected 2", 0, "82");
    }
    return new Aip(value[0] & 0xFF, value[1] & 0xFF);
  }

  public byte[] encode() {
    return new byte[] {(byte) byte1, (byte) byte2};
  }

  /** Byte 1 b7: static data authentication is supported. */
  public boolean sdaSupported() {
    return (byte1 & 0x40) != 0;
  }

  /** Byte 1 b6: dynamic data authentication is supported. */
  public boolean ddaSupported() {
    return (byte1 & 0x20) != 0;
  }

  /** Byte 1 b5: cardholder verification is supported. */
  public boolean cardholderVerificationSupported() {
    return (byte1 & 0x10) != 0;
  }

  /** Byte 1 b4: terminal risk management is to be performed. */
  public boolean terminalRiskManagementRequired() {
    return (byte1 & 0x08) != 0;
  }

  /** Byte 1 b3: issuer authentication is supported. */
  public boolean issuerAuthenticationSupported() {
    return (byte1 & 0x04) != 0;
  }

  /** Byte 1 b2, reserved for the contactless specifications; Book C-2: on-device cardholder verification. */
  public boolean onDeviceCardholderVerificationSupported() {
    return (byte1 & 0x02) != 0;
  }

  /** Byte 1 b1: combined DDA / application cryptogram generation (CDA) is supported. */
  public boolean cdaSupported() {
    return (byte1 & 0x01) != 0;
  }

  /** Byte 2 b8 as EMV Book C-2 (kernel 2) names it: EMV mode is supported (else mag-stripe mode). */
  public boolean emvModeSupported() {
    return (byte2 & 0x80) != 0;
  }

  /** Byte 2 b8 as EMV Book C-3 (kernel 3, qVSDC) names it: MSD (magnetic stripe data) is supported. */
  public boolean msdSupported() {
    return (byte2 & 0x80) != 0;
  }

  public int byte1() {
    return byte1;
  }

  public int byte2() {
    return byte2;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Aip && ((Aip) o).byte1 == byte1 && ((Aip) o).byte2 == byte2;
  }

  @Override
  public int hashCode() {
    return byte1 * 256 + byte2;
  }

  @Override
  public String toString() {
    List<String> names = new ArrayList<>();
    if (sdaSupported()) {
      names.add("SDA");
    }
    if (ddaSupported()) {
      names.add("DDA");
    }
    if (cardholderVerificationSupported()) {
      names.add("CV");
    }
    if (terminalRiskManagementRequired()) {
      names.add("TRM");
    }
    if (issuerAuthenticationSupported()) {
      names.add("IA");
    }
    if (cdaSupported()) {
      names.add("CDA");
    }
    return "AIP " + Hex.encode(encode()) + " " + names;
  }
}
