package cn.unioncard.protocol.purse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.apdu.ResponseApdu;

/**
 * Runs every purse parser on one input: each either refuses it with a DecodeException or returns a value
 * that re-encodes and parses again to the same value. Shared by the property tests and the fuzz targets.
 */
final class PurseParsers {
  private PurseParsers() {}

  interface Parser<A, T> {
    T parse(A input) throws DecodeException;
  }

  interface Encoder<A, T> {
    A encode(T value);
  }

  /** 1 if {@code parser} accepted {@code input} (and the value round-trips), 0 if it refused it cleanly. */
  static <A, T> int check(A input, int length, Parser<A, T> parser, Encoder<A, T> encoder) {
    T value;
    try {
      value = parser.parse(input);
    } catch (DecodeException refused) {
      if (refused.offset() < DecodeException.NO_OFFSET || refused.offset() > length + 8) {
        throw new AssertionError("offset out of range: " + refused.getMessage(), refused);
      }
      return 0;
    }
    A again = encoder.encode(value);
    try {
      assertEquals(value, parser.parse(again), "re-encoded value parses back equal");
    } catch (DecodeException e) {
      throw new AssertionError("re-encoded " + value + " does not parse: " + e.getMessage(), e);
    }
    return 1;
  }

  /** The card-side command parsers (what a simulated card decodes); returns how many accepted. */
  static int cardCommands(CommandApdu c) {
    int n = c.nc() + 5;
    return check(c, n, GetBalance::parse, GetBalance::toApdu)
        + check(c, n, InitializeForPurchase::parse, InitializeForPurchase::toApdu)
        + check(c, n, UpdateCappDataCache::parse, UpdateCappDataCache::toApdu)
        + check(c, n, DebitForPurchase::parse, DebitForPurchase::toApdu)
        + check(c, n, GetTransactionProve::parse, GetTransactionProve::toApdu)
        + check(c, n, ApplicationBlock::parse, ApplicationBlock::toApdu)
        + check(c, n, ReadBinary::parse, ReadBinary::toApdu)
        + check(c, n, ReadRecord::parse, ReadRecord::toApdu)
        + checkRecordsIn(c);
  }

  /** The records carried by an UPDATE CAPP DATA CACHE decode or fail cleanly too. */
  private static int checkRecordsIn(CommandApdu c) {
    UpdateCappDataCache u;
    try {
      u = UpdateCappDataCache.parse(c);
    } catch (DecodeException notOne) {
      return 0;
    }
    check(u, 300, UpdateCappDataCache::cappRecord, UpdateCappDataCache::of);
    check(u, 300, UpdateCappDataCache::tripRecord, UpdateCappDataCache::of);
    return 0;
  }

  /** The PSAM-side command parsers (what a simulated PSAM decodes); returns how many accepted. */
  static int psamCommands(CommandApdu c) {
    int n = c.nc() + 5;
    return check(c, n, ReadBinary::parse, ReadBinary::toApdu)
        + check(c, n, InitSamForPurchase::parse, InitSamForPurchase::toApdu)
        + check(c, n, CreditSamForPurchase::parse, CreditSamForPurchase::toApdu)
        + check(c, n, InitSamForDesCrypt::parse, InitSamForDesCrypt::toApdu)
        + check(c, n, DesCrypt::parse, DesCrypt::toApdu);
  }

  /** The card's response parsers (what the terminal decodes). */
  static int cardResponses(ResponseApdu r) {
    int n = r.dataLength() + 2;
    return check(r, n, GetBalanceResponse::parse, GetBalanceResponse::toApdu)
        + check(r, n, InitializeForPurchaseResponse::parse, InitializeForPurchaseResponse::toApdu)
        + check(r, n, DebitForPurchaseResponse::parse, DebitForPurchaseResponse::toApdu)
        + check(r, n, GetTransactionProveResponse::parse, GetTransactionProveResponse::toApdu);
  }

  /** The PSAM's response parsers. */
  static int psamResponses(ResponseApdu r) {
    int n = r.dataLength() + 2;
    return check(r, n, InitSamForPurchaseResponse::parse, InitSamForPurchaseResponse::toApdu)
        + check(r, n, DesCryptResponse::parse, DesCryptResponse::toApdu);
  }

  /** The PSAM's files 0016 and 0017. */
  static int psamFiles(byte[] b) {
    return check(b, b.length, PsamTerminalInfo::decode, PsamTerminalInfo::encode)
        + check(b, b.length, PsamApplicationInfo::decode, PsamApplicationInfo::encode);
  }
}
