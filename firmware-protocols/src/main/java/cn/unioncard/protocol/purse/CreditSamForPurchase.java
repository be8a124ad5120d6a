package cn.unioncard.protocol.purse;

import cn.unioncard.protocol.ByteReader;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.CommandApdu;

/**
 * CREDIT_SAM_FOR_PURCHASE (MAC2 校验), sent to the PSAM: {@code 80 72 00 00 04 <MAC2>}. The PSAM answers
 * {@code 9000} when MAC2 is right, with no data; any other status is a refusal ({@link PurseStatus}).
 * Source: shared/vectors/transit-files.md §3.4 step 6 (ProjectAfcApp {@code CPUMAC2}).
 *
 * @param mac2 8 hex digits, from {@link DebitForPurchaseResponse#mac2()} or
 *     {@link GetTransactionProveResponse#mac2()}
 */
public record CreditSamForPurchase(String mac2) {
  static final String NAME = "CREDIT_SAM_FOR_PURCHASE";
  static final int LC = 0x04;

  public CreditSamForPurchase {
    mac2 = PurseCodec.checkHex(mac2, 4, "MAC2");
  }

  public CommandApdu toApdu() {
    return new CommandApdu(0x80, 0x72, 0x00, 0x00, new PurseCodec.Writer(LC).hex(mac2).done());
  }

  public static CreditSamForPurchase parse(CommandApdu c) throws DecodeException {
    ByteReader r = PurseCodec.command(c, 0x80, 0x72, 0x00, 0x00, LC, NAME);
    String mac2 = PurseCodec.hex(r, 4, "MAC2");
    PurseCodec.ne(c, 0, NAME);
    return new CreditSamForPurchase(mac2);
  }
}
