package cn.unioncard.protocol.purse;

import cn.unioncard.protocol.ByteReader;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.CommandApdu;

/**
 * APPLICATION BLOCK (应用锁定) of a hotlisted card: {@code 84 1E 00 00 04 <MAC 4>}, CLA {@code 84}
 * (secure messaging). The MAC is computed by the PSAM over a card challenge: see
 * {@link InitSamForDesCrypt#forApplicationBlock} and {@link DesCrypt#applicationBlockMac}. Bytes from
 * shared/vectors/transit-files.md §3.3 (ProjectAfcApp {@code operat_Black}).
 *
 * @param mac 8 hex digits
 */
public record ApplicationBlock(String mac) {
  static final String NAME = "APPLICATION BLOCK";
  static final int LC = 0x04;
  /** The command header and Lc, the data the MAC is computed over ({@code 84 1E 00 00 04}). */
  static final String HEADER_HEX = "841E000004";

  public ApplicationBlock {
    mac = PurseCodec.checkHex(mac, 4, "MAC");
  }

  public CommandApdu toApdu() {
    return new CommandApdu(0x84, 0x1E, 0x00, 0x00, new PurseCodec.Writer(LC).hex(mac).done());
  }

  public static ApplicationBlock parse(CommandApdu c) throws DecodeException {
    ByteReader r = PurseCodec.command(c, 0x84, 0x1E, 0x00, 0x00, LC, NAME);
    String mac = PurseCodec.hex(r, 4, "MAC");
    PurseCodec.ne(c, 0, NAME);
    return new ApplicationBlock(mac);
  }
}
