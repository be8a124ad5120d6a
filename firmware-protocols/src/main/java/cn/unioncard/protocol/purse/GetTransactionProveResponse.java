package cn.unioncard.protocol.purse;

import cn.unioncard.protocol.ByteReader;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.ResponseApdu;
import cn.unioncard.protocol.apdu.StatusWord;

/**
 * The answer to {@link GetTransactionProve}: <b>MAC2 4 | TAC 4</b> — the reverse of
 * {@link DebitForPurchaseResponse}. Order from ProjectAfcApp {@code CPUCARJTB.c}: its
 * {@code GET_TRANSACTION_PROVE} is commented "4 MAC+4 tac", and {@code CPUDealCard_JTB} sends the first 4
 * bytes to the PSAM as MAC2 and keeps bytes 4-7 as the TAC; a second public implementation (a Python PBOC
 * reader, find_string id 48332356846) documents the same "MAC + TAC". The standard's text was not found.
 *
 * @param mac2 8 hex digits
 * @param tac 8 hex digits
 */
public record GetTransactionProveResponse(String mac2, String tac) {
  static final String NAME = "GET TRANSACTION PROVE response";
  /** Length of the response data. */
  public static final int LENGTH = 8;

  public GetTransactionProveResponse {
    mac2 = PurseCodec.checkHex(mac2, 4, "MAC2");
    tac = PurseCodec.checkHex(tac, 4, "TAC");
  }

  public ResponseApdu toApdu() {
    return new ResponseApdu(new PurseCodec.Writer(LENGTH).hex(mac2).hex(tac).done(), StatusWord.OK);
  }

  public static GetTransactionProveResponse parse(ResponseApdu r) throws DecodeException {
    ByteReader d = PurseCodec.okData(r, LENGTH, NAME);
    return new GetTransactionProveResponse(PurseCodec.hex(d, 4, "MAC2"), PurseCodec.hex(d, 4, "TAC"));
  }
}
