package cn.unioncard.protocol.purse;

import cn.unioncard.protocol.ByteReader;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.CommandApdu;

/**
 * INITIALIZE FOR PURCHASE of the electronic purse: {@code 80 50 <P1> 02 0B <key index 1> <amount 4>
 * <terminal number 6> 0F}, P1 {@code 01} simple purchase, {@code 03} compound (CAPP) purchase; P2
 * {@code 02} = EP. PBOC e-purse command; bytes from shared/vectors/transit-files.md §3.4 step 2
 * (ProjectAfcApp {@code CPUDealCard_JTB}). The answer is an {@link InitializeForPurchaseResponse}, or
 * {@code 9401} ({@link PurseStatus#INSUFFICIENT_BALANCE}).
 *
 * @param keyIndex 密钥索引, from the PSAM's file 0017 ({@link PsamApplicationInfo#keyIndex()})
 * @param amount fen
 * @param terminalNumber 12 digits, the PSAM's terminal number ({@link PsamTerminalInfo})
 */
public record InitializeForPurchase(Kind kind, int keyIndex, long amount, String terminalNumber) {
  static final String NAME = "INITIALIZE FOR PURCHASE";
  static final int LC = 0x0B;

  /** P1: which purchase the card prepares. */
  public enum Kind {
    /** {@code 01}: simple purchase (消费). */
    PURCHASE(0x01),
    /** {@code 03}: compound purchase (复合消费), the CAPP purchase of transit gates. */
    CAPP_PURCHASE(0x03);

    private final int p1;

    Kind(int p1) {
      this.p1 = p1;
    }

    public int p1() {
      return p1;
    }

    /** The MAC1 transaction type of this purchase ({@code 06} or {@code 09}). */
    public PurseTransactionType transactionType() {
      return this == PURCHASE ? PurseTransactionType.PURCHASE : PurseTransactionType.COMPOUND_PURCHASE;
    }
  }

  public InitializeForPurchase {
    if (kind == null) {
      throw new IllegalArgumentException("kind is required");
    }
    PurseCodec.checkUint(keyIndex, 1, "key index");
    PurseCodec.checkUint(amount, 4, "amount");
    PurseCodec.checkDigits(terminalNumber, 12, "terminal number");
  }

  public CommandApdu toApdu() {
    byte[] data = new PurseCodec.Writer(LC).u8(keyIndex).uint(amount, 4).hex(terminalNumber).done();
    return new CommandApdu(0x80, 0x50, kind.p1, GetBalance.P2_PURSE, data,
        InitializeForPurchaseResponse.LENGTH);
  }

  public static InitializeForPurchase parse(CommandApdu c) throws DecodeException {
    PurseCodec.header(c, 0x80, 0x50, NAME);
    Kind kind;
    if (c.p1() == Kind.PURCHASE.p1) {
      kind = Kind.PURCHASE;
    } else if (c.p1() == Kind.CAPP_PURCHASE.p1) {
      kind = Kind.CAPP_PURCHASE;
    } else {
      throw new DecodeException(NAME + ": P1 " + Hex.byteToHex(c.p1()) + " is neither 01 nor 03", 2);
    }
    ByteReader r = PurseCodec.command(c, 0x80, 0x50, kind.p1, GetBalance.P2_PURSE, LC, NAME);
    int keyIndex = r.u8("key index");
    long amount = r.uint(4, "amount");
    String terminal = PurseCodec.digits(r, 6, "terminal number");
    PurseCodec.ne(c, InitializeForPurchaseResponse.LENGTH, NAME);
    return new InitializeForPurchase(kind, keyIndex, amount, terminal);
  }
}
