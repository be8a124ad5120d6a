package cn.unioncard.protocol.purse;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.apdu.IsoCommands;

/**
 * READ BINARY with a short file identifier ({@code 00 B0 <80|SFI> <offset> <Le>}, ISO/IEC 7816-4 clause
 * 11.3.3), as the terminal reads the card's files 0015-0017 and the PSAM's files 0016-0017
 * (shared/vectors/transit-files.md §3.1, §3.4 "PSAM side"). The builder is {@link IsoCommands#readBinary};
 * this type adds the parser a simulated card or PSAM needs.
 *
 * @param length Ne, 1 to 256
 */
public record ReadBinary(int sfi, int offset, int length) {
  static final String NAME = "READ BINARY";

  public ReadBinary {
    if (sfi < 1 || sfi > 30) {
      throw new IllegalArgumentException("SFI out of range 1..30: " + sfi);
    }
    PurseCodec.checkUint(offset, 1, "offset");
    if (length < 1 || length > 256) {
      throw new IllegalArgumentException("length out of range 1..256: " + length);
    }
  }

  public CommandApdu toApdu() {
    return IsoCommands.readBinary(sfi, offset, length);
  }

  /** Decodes a READ BINARY that names its file by SFI (P1 {@code 100xxxxx}) and asks for 1 to 256 bytes. */
  public static ReadBinary parse(CommandApdu c) throws DecodeException {
    PurseCodec.header(c, 0x00, 0xB0, NAME);
    int p1 = c.p1();
    int sfi = p1 & 0x1F;
    if ((p1 & 0xE0) != 0x80 || sfi < 1 || sfi > 30) {
      throw new DecodeException(NAME + ": P1 " + Hex.byteToHex(p1) + " does not name a short file identifier", 2);
    }
    if (c.nc() != 0) {
      throw new DecodeException(NAME + ": unexpected command data (Lc " + c.nc() + ")", 4);
    }
    if (c.ne() < 1 || c.ne() > 256) {
      throw new DecodeException(NAME + ": Le missing or extended (Ne " + c.ne() + ")", 4);
    }
    return new ReadBinary(sfi, c.p2(), c.ne());
  }
}
