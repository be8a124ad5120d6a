package cn.unioncard.sim.card.transit;

import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.crypto.ElectronicPurseCrypto;

/**
 * The simulator's documented TEST master keys of the transit purse (16-byte TDEA keys). They are published
 * in {@code docs/card-profile-transit.md} so that the terminal's tests, the PSAM simulator and a back office
 * compute the same MACs and TACs; they protect nothing.
 *
 * <p>A card's own keys are these masters diversified twice, first by the 8-byte issuer id (file 0015 bytes
 * 0-7) and then by the last 8 bytes of the application serial number (file 0015 bytes 12-19), with
 * {@link ElectronicPurseCrypto#diversify(byte[], byte[], byte[])}: the same two diversifiers, in the same
 * order, that a JT/T 978 terminal sends to its PSAM (card serial, then issuer id).
 */
public final class TransitTestKeys {
  /** 消费主密钥 MPK: the purchase master key (MAC1 / MAC2). */
  public static final String PURCHASE_MASTER_KEY = "0123456789ABCDEFFEDCBA9876543210";
  /** TAC 主密钥 MTK: the transaction authentication code master key. */
  public static final String TAC_MASTER_KEY = "00112233445566778899AABBCCDDEEFF";
  /** 应用维护主密钥 MAMK: the application-maintenance master key (APPLICATION BLOCK MAC). */
  public static final String MAINTENANCE_MASTER_KEY = "8899AABBCCDDEEFF0011223344556677";

  private TransitTestKeys() {}

  /**
   * A card key: {@code masterKeyHex} diversified by the issuer id, then by the serial's last 8 bytes.
   *
   * @param issuerId 16 hex digits
   * @param applicationSerial 20 digits
   */
  public static byte[] cardKey(String masterKeyHex, String issuerId, String applicationSerial) {
    return ElectronicPurseCrypto.diversify(
        Hex.of(masterKeyHex), Hex.of(issuerId), Hex.of(applicationSerial.substring(4)));
  }
}
