package cn.unioncard.protocol.purse;

import cn.unioncard.protocol.ByteReader;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.CommandApdu;

/**
 * The PSAM's file 0016 (终端信息): the 6-byte terminal number (终端机编号) the terminal puts in INITIALIZE
 * FOR PURCHASE and the card writes into its purse log. Read before selecting the PSAM application:
 * {@code 00 B0 96 00 06}. Source: shared/vectors/transit-files.md §3.4 "PSAM side" (ProjectAfcApp
 * {@code CPUPsamInitJTB}).
 *
 * @param terminalNumber 12 digits (BCD on the PSAM)
 */
public record PsamTerminalInfo(String terminalNumber) {
  /** The file's short identifier. */
  public static final int SFI = 0x16;
  /** The file's length. */
  public static final int LENGTH = 6;

  public PsamTerminalInfo {
    PurseCodec.checkDigits(terminalNumber, 12, "terminal number");
  }

  /** {@code 00 B0 96 00 06}. */
  public static CommandApdu readCommand() {
    return new ReadBinary(SFI, 0, LENGTH).toApdu();
  }

  public static PsamTerminalInfo decode(byte[] file) throws DecodeException {
    ByteReader r = new ByteReader(file);
    String number = PurseCodec.digits(r, LENGTH, "terminal number");
    r.expectEnd("PSAM file 0016");
    return new PsamTerminalInfo(number);
  }

  public byte[] encode() {
    return new PurseCodec.Writer(LENGTH).hex(terminalNumber).done();
  }
}
