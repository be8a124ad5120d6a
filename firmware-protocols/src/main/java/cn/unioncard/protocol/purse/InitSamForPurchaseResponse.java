package cn.unioncard.protocol.purse;

import cn.unioncard.protocol.ByteReader;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.ResponseApdu;
import cn.unioncard.protocol.apdu.StatusWord;

/**
 * The PSAM's answer to {@link InitSamForPurchase}: terminal transaction serial 4 | MAC1 4. Source:
 * shared/vectors/transit-files.md §3.4 step 3 (ProjectAfcApp: "终端序列号+MAC").
 *
 * @param terminalSerial 终端交易序号, sent on in {@link DebitForPurchase}
 * @param mac1 8 hex digits
 */
public record InitSamForPurchaseResponse(long terminalSerial, String mac1) {
  static final String NAME = "INIT_SAM_FOR_PURCHASE response";
  /** Length of the response data. */
  public static final int LENGTH = 8;

  public InitSamForPurchaseResponse {
    PurseCodec.checkUint(terminalSerial, 4, "terminal transaction serial");
    mac1 = PurseCodec.checkHex(mac1, 4, "MAC1");
  }

  public ResponseApdu toApdu() {
    return new ResponseApdu(
        new PurseCodec.Writer(LENGTH).uint(terminalSerial, 4).hex(mac1).done(), StatusWord.OK);
  }

  public static InitSamForPurchaseResponse parse(ResponseApdu r) throws DecodeException {
    ByteReader d = PurseCodec.okData(r, LENGTH, NAME);
    return new InitSamForPurchaseResponse(d.uint(4, "terminal transaction serial"), PurseCodec.hex(d, 4, "MAC1"));
  }
}
