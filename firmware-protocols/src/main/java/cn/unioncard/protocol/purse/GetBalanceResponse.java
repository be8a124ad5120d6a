package cn.unioncard.protocol.purse;

import cn.unioncard.protocol.ByteReader;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.ResponseApdu;
import cn.unioncard.protocol.apdu.StatusWord;

/**
 * The answer to {@link GetBalance}: 4 bytes, big-endian, in fen (for example {@code 00000AC3} = 27.55
 * CNY). Source: shared/vectors/transit-files.md §3.1.
 *
 * <p><b>The top bit.</b> Public readers do not trust bit 32: metrodroid ({@code ChinaTransitData},
 * "upper bit is some garbage") drops it and reads the remaining 31 bits as a signed number, so that an
 * overdrawn purse shows a negative balance. This type keeps the 4 bytes as read ({@link #raw()}) and
 * gives that reading as {@link #balance()}; {@link #of(long)} writes the top bit as 0.
 *
 * @param raw the 4 bytes as an unsigned number
 */
public record GetBalanceResponse(long raw) {
  static final String NAME = "GET BALANCE response";
  /** Length of the response data. */
  public static final int LENGTH = 4;
  /** Smallest balance {@link #of(long)} can write: -2^30 fen. */
  public static final long MIN_BALANCE = -(1L << 30);
  /** Largest balance {@link #of(long)} can write: 2^30 - 1 fen. */
  public static final long MAX_BALANCE = (1L << 30) - 1;

  public GetBalanceResponse {
    PurseCodec.checkUint(raw, 4, "raw balance");
  }

  /** The response a card with {@code balance} fen gives (top bit 0). */
  public static GetBalanceResponse of(long balance) {
    if (balance < MIN_BALANCE || balance > MAX_BALANCE) {
      throw new IllegalArgumentException("balance out of the 31-bit range: " + balance);
    }
    return new GetBalanceResponse(balance & 0x7FFFFFFFL);
  }

  /** The balance in fen: bits 31-1 as a signed 31-bit number, the top bit ignored. */
  public long balance() {
    long v = raw & 0x7FFFFFFFL;
    return (v & 0x40000000L) != 0 ? v - (1L << 31) : v;
  }

  /** Whether the top bit (ignored by {@link #balance()}) is set. */
  public boolean topBitSet() {
    return (raw & 0x80000000L) != 0;
  }

  public ResponseApdu toApdu() {
    return new ResponseApdu(new PurseCodec.Writer(LENGTH).uint(raw, 4).done(), StatusWord.OK);
  }

  public static GetBalanceResponse parse(ResponseApdu r) throws DecodeException {
    ByteReader d = PurseCodec.okData(r, LENGTH, NAME);
    return new GetBalanceResponse(d.uint(4, "balance"));
  }
}
