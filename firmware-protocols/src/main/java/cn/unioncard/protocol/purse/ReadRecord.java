package cn.unioncard.protocol.purse;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.apdu.IsoCommands;

/**
 * READ RECORD with a short file identifier (ISO/IEC 7816-4 clause 11.3.3): by record number
 * ({@code 00 B2 <n> <SFI<<3|4> 00}, files 0018 and 001E) or by record identifier, first occurrence
 * ({@code 00 B2 <id> <SFI<<3> 00}, file 001A, for example {@code 00 B2 27 D0 00}). Source:
 * shared/vectors/transit-files.md §3.2.
 *
 * @param record the record number (P1), or the record identifier when {@code byIdentifier}
 */
public record ReadRecord(int sfi, int record, boolean byIdentifier) {
  static final String NAME = "READ RECORD";

  public ReadRecord {
    if (sfi < 1 || sfi > 30) {
      throw new IllegalArgumentException("SFI out of range 1..30: " + sfi);
    }
    PurseCodec.checkUint(record, 1, "record");
  }

  /** Record number {@code n} (1 = the most recent record of a cyclic file). */
  public static ReadRecord byNumber(int sfi, int n) {
    return new ReadRecord(sfi, n, false);
  }

  /** The first record whose identifier is {@code id}. */
  public static ReadRecord byIdentifier(int sfi, int id) {
    return new ReadRecord(sfi, id, true);
  }

  /** The command, with Le {@code 00}. */
  public CommandApdu toApdu() {
    if (!byIdentifier) {
      return IsoCommands.readRecord(record, sfi);
    }
    return new CommandApdu(0x00, 0xB2, record, sfi << 3, IsoCommands.ANY);
  }

  /** Decodes a READ RECORD by number or by identifier (first occurrence); Le is not checked. */
  public static ReadRecord parse(CommandApdu c) throws DecodeException {
    PurseCodec.header(c, 0x00, 0xB2, NAME);
    int p2 = c.p2();
    int sfi = p2 >>> 3;
    int mode = p2 & 0x07;
    if (sfi < 1 || sfi > 30 || (mode != 0x04 && mode != 0x00)) {
      throw new DecodeException(NAME + ": P2 " + Hex.byteToHex(p2)
          + " is neither SFI + record number nor SFI + first record with identifier", 3);
    }
    if (c.nc() != 0) {
      throw new DecodeException(NAME + ": unexpected command data (Lc " + c.nc() + ")", 4);
    }
    return new ReadRecord(sfi, c.p1(), mode == 0x00);
  }
}
