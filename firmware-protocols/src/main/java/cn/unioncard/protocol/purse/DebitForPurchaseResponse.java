package cn.unioncard.protocol.purse;

import cn.unioncard.protocol.ByteReader;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.ResponseApdu;
import cn.unioncard.protocol.apdu.StatusWord;

/**
 * The answer to {@link DebitForPurchase}: <b>TAC 4 | MAC2 4</b>. PBOC e-purse; order from
 * shared/vectors/transit-files.md §3.4 step 5 and ProjectAfcApp {@code CPUDealCard_JTB} (TAC from
 * {@code revbuf+1}, MAC2 from {@code revbuf+1+4}). Note the order is the reverse of
 * {@link GetTransactionProveResponse}.
 *
 * @param tac 8 hex digits, the transaction authentication code kept with the trip record
 * @param mac2 8 hex digits, checked by the PSAM ({@link CreditSamForPurchase})
 */
public record DebitForPurchaseResponse(String tac, String mac2) {
  static final String NAME = "DEBIT FOR PURCHASE response";
  /** Length of the response data. */
  public static final int LENGTH = 8;

  public DebitForPurchaseResponse {
    tac = PurseCodec.checkHex(tac, 4, "TAC");
    mac2 = PurseCodec.checkHex(mac2, 4, "MAC2");
  }

  public ResponseApdu toApdu() {
    return new ResponseApdu(new PurseCodec.Writer(LENGTH).hex(tac).hex(mac2).done(), StatusWord.OK);
  }

  public static DebitForPurchaseResponse parse(ResponseApdu r) throws DecodeException {
    ByteReader d = PurseCodec.okData(r, LENGTH, NAME);
    return new DebitForPurchaseResponse(PurseCodec.hex(d, 4, "TAC"), PurseCodec.hex(d, 4, "MAC2"));
  }
}
