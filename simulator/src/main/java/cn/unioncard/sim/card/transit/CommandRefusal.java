package cn.unioncard.sim.card.transit;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.apdu.ResponseApdu;

/**
 * The status word a card gives for a command the codecs refuse, from where the first wrong byte is (the
 * purse parsers report offsets in the short encoding: CLA 0, INS 1, P1 2, P2 3, Lc 4, data from 5).
 */
public final class CommandRefusal {
  /** {@code 6700} wrong length. */
  public static final int WRONG_LENGTH = 0x6700;
  /** {@code 6A86} incorrect P1-P2. */
  public static final int WRONG_P1P2 = 0x6A86;
  /** {@code 6A80} incorrect data. */
  public static final int WRONG_DATA = 0x6A80;
  /** {@code 6D00} instruction not supported. */
  public static final int UNKNOWN_INS = 0x6D00;
  /** {@code 6E00} class not supported. */
  public static final int UNKNOWN_CLA = 0x6E00;
  /** {@code 6985} conditions of use not satisfied (a command out of sequence). */
  public static final int CONDITIONS_NOT_SATISFIED = 0x6985;

  private CommandRefusal() {}

  /** {@code 6E00} for CLA, {@code 6A86} for P1/P2, {@code 6700} for Lc/Le, {@code 6A80} for the data. */
  public static ResponseApdu of(DecodeException e, CommandApdu c) {
    int at = e.offset();
    if (at == 0) {
      return ResponseApdu.of(UNKNOWN_CLA);
    }
    if (at == 2 || at == 3) {
      return ResponseApdu.of(WRONG_P1P2);
    }
    if (at == 4 || at < 0 || at >= 5 + c.nc()) {
      return ResponseApdu.of(WRONG_LENGTH);
    }
    return ResponseApdu.of(WRONG_DATA);
  }

  /**
   * The answer to READ BINARY of {@code file} from {@code offset} for {@code length} bytes (256: all there is):
   * {@code 6B00} past the end; fewer bytes than asked with {@code 6282} (ISO/IEC 7816-4, end of file reached).
   */
  public static ResponseApdu binary(byte[] file, int offset, int length) {
    if (offset >= file.length) {
      return ResponseApdu.of(0x6B00);
    }
    int available = file.length - offset;
    if (length == 256 || length <= available) {
      int n = Math.min(length, available);
      return new ResponseApdu(java.util.Arrays.copyOfRange(file, offset, offset + n), 0x9000);
    }
    return new ResponseApdu(java.util.Arrays.copyOfRange(file, offset, file.length), 0x6282);
  }
}
