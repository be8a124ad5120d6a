package cn.unioncard.protocol.purse;

import cn.unioncard.protocol.ByteReader;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.CommandApdu;

/**
 * GET TRANSACTION PROVE (取交易认证): {@code 80 5A 00 <transaction type 06|09> 02 <EP serial 2> 08}, asked
 * after a torn DEBIT FOR PURCHASE to learn whether the card did the debit; the answer is the MAC2 and TAC
 * of that debit ({@link GetTransactionProveResponse}) or {@code 9406} ({@link PurseStatus#MAC_UNAVAILABLE}).
 * PBOC e-purse command; bytes from shared/vectors/transit-files.md §3.4 step 7 (ProjectAfcApp
 * {@code GET_TRANSACTION_PROVE}).
 *
 * @param type {@link PurseTransactionType#PURCHASE} or {@link PurseTransactionType#COMPOUND_PURCHASE}
 * @param epSerial the EP transaction serial of the debit in question: the offline ATC its INITIALIZE FOR
 *     PURCHASE returned, plus 1 (ProjectAfcApp)
 */
public record GetTransactionProve(PurseTransactionType type, int epSerial) {
  static final String NAME = "GET TRANSACTION PROVE";
  static final int LC = 0x02;

  public GetTransactionProve {
    if (type != PurseTransactionType.PURCHASE && type != PurseTransactionType.COMPOUND_PURCHASE) {
      throw new IllegalArgumentException("type must be PURCHASE (06) or COMPOUND_PURCHASE (09): " + type);
    }
    PurseCodec.checkUint(epSerial, 2, "EP transaction serial");
  }

  /** The prove of the debit that followed {@code init}: serial = its offline ATC + 1 (mod 2^16). */
  public static GetTransactionProve after(InitializeForPurchase.Kind kind, InitializeForPurchaseResponse init) {
    return new GetTransactionProve(kind.transactionType(), (init.offlineAtc() + 1) & 0xFFFF);
  }

  public CommandApdu toApdu() {
    return new CommandApdu(0x80, 0x5A, 0x00, type.code(), new PurseCodec.Writer(LC).u16(epSerial).done(),
        GetTransactionProveResponse.LENGTH);
  }

  public static GetTransactionProve parse(CommandApdu c) throws DecodeException {
    PurseCodec.header(c, 0x80, 0x5A, NAME);
    PurseCodec.expect(c.p1(), 0x00, 2, NAME + " P1");
    PurseTransactionType type = PurseTransactionType.of(c.p2());
    if (type != PurseTransactionType.PURCHASE && type != PurseTransactionType.COMPOUND_PURCHASE) {
      throw new DecodeException(NAME + ": P2 " + Hex.byteToHex(c.p2()) + " is neither 06 nor 09", 3);
    }
    ByteReader r = PurseCodec.command(c, 0x80, 0x5A, 0x00, type.code(), LC, NAME);
    int serial = r.u16("EP transaction serial");
    PurseCodec.ne(c, GetTransactionProveResponse.LENGTH, NAME);
    return new GetTransactionProve(type, serial);
  }
}
