package cn.unioncard.protocol.purse;

import cn.unioncard.protocol.ByteReader;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.ResponseApdu;
import cn.unioncard.protocol.apdu.StatusWord;

/**
 * The answer to {@link InitializeForPurchase}, 15 bytes: balance 4 | EP offline transaction serial 2 |
 * overdraft limit 3 | key version 1 | algorithm id 1 | pseudo-random number 4. PBOC e-purse; layout from
 * shared/vectors/transit-files.md §3.4 step 2 (ProjectAfcApp {@code stuInitPurchaseRet}).
 *
 * @param balance fen, the 4 bytes unsigned (GET BALANCE's top-bit caveat is not applied here)
 * @param offlineAtc 电子钱包脱机交易序号, the serial the coming debit will use in MAC1
 * @param overdraftLimit fen
 * @param pseudoRandom 8 hex digits, the card's challenge for MAC1
 */
public record InitializeForPurchaseResponse(
    long balance,
    int offlineAtc,
    long overdraftLimit,
    int keyVersion,
    int algorithmId,
    String pseudoRandom) {
  static final String NAME = "INITIALIZE FOR PURCHASE response";
  /** Length of the response data. */
  public static final int LENGTH = 15;

  public InitializeForPurchaseResponse {
    PurseCodec.checkUint(balance, 4, "balance");
    PurseCodec.checkUint(offlineAtc, 2, "offline ATC");
    PurseCodec.checkUint(overdraftLimit, 3, "overdraft limit");
    PurseCodec.checkUint(keyVersion, 1, "key version");
    PurseCodec.checkUint(algorithmId, 1, "algorithm id");
    pseudoRandom = PurseCodec.checkHex(pseudoRandom, 4, "pseudo-random number");
  }

  public ResponseApdu toApdu() {
    byte[] data = new PurseCodec.Writer(LENGTH)
        .uint(balance, 4)
        .u16(offlineAtc)
        .uint(overdraftLimit, 3)
        .u8(keyVersion)
        .u8(algorithmId)
        .hex(pseudoRandom)
        .done();
    return new ResponseApdu(data, StatusWord.OK);
  }

  public static InitializeForPurchaseResponse parse(ResponseApdu r) throws DecodeException {
    ByteReader d = PurseCodec.okData(r, LENGTH, NAME);
    return new InitializeForPurchaseResponse(
        d.uint(4, "balance"),
        d.u16("offline ATC"),
        d.uint(3, "overdraft limit"),
        d.u8("key version"),
        d.u8("algorithm id"),
        PurseCodec.hex(d, 4, "pseudo-random number"));
  }
}
