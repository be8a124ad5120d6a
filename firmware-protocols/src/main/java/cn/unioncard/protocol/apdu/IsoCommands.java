package cn.unioncard.protocol.apdu;

/**
 * The inter-industry commands of ISO/IEC 7816-4 that EMV, PBOC and JT/T 978 applications share. Commands
 * proprietary to one application (GET PROCESSING OPTIONS, INITIALIZE FOR PURCHASE, ...) live with that
 * application's codec.
 */
public final class IsoCommands {
  /** Ne for "as many bytes as the card has" in a short APDU (Le {@code 00}). */
  public static final int ANY = 256;

  private IsoCommands() {}

  /** SELECT by DF name (AID), first or only occurrence (7816-4 clause 11.2.2; EMV Book 1 clause 11.3). */
  public static CommandApdu selectByName(byte[] dfName) {
    return new CommandApdu(0x00, 0xA4, 0x04, 0x00, dfName, ANY);
  }

  /** SELECT by DF name, next occurrence (P2 = {@code 02}), for partial-AID selection (EMV Book 1 12.3.3). */
  public static CommandApdu selectNextByName(byte[] dfName) {
    return new CommandApdu(0x00, 0xA4, 0x04, 0x02, dfName, ANY);
  }

  /** SELECT by file identifier (7816-4 clause 11.2.2, P1 = {@code 00}), for example {@code 3F00}. */
  public static CommandApdu selectFile(int fileId) {
    return new CommandApdu(
        0x00, 0xA4, 0x00, 0x00, new byte[] {(byte) (fileId >>> 8), (byte) fileId}, ANY);
  }

  /** READ RECORD {@code record} of the EF with short identifier {@code sfi} (7816-4 clause 11.3.3, P2 b3 = 1). */
  public static CommandApdu readRecord(int record, int sfi) {
    checkSfi(sfi);
    checkByte(record, "record");
    return new CommandApdu(0x00, 0xB2, record, (sfi << 3) | 0x04, ANY);
  }

  /** READ BINARY from the EF with short identifier {@code sfi} at {@code offset} (7816-4 clause 11.3.3, P1 b8 = 1). */
  public static CommandApdu readBinary(int sfi, int offset, int ne) {
    checkSfi(sfi);
    checkByte(offset, "offset");
    return new CommandApdu(0x00, 0xB0, 0x80 | sfi, offset, ne);
  }

  /** GET RESPONSE for {@code ne} bytes (7816-4 clause 11.7.1), answering a {@code 61xx}. */
  public static CommandApdu getResponse(int ne) {
    return new CommandApdu(0x00, 0xC0, 0x00, 0x00, ne);
  }

  /** GET CHALLENGE of {@code length} bytes (7816-4 clause 11.5.3). */
  public static CommandApdu getChallenge(int length) {
    return new CommandApdu(0x00, 0x84, 0x00, 0x00, length);
  }

  private static void checkSfi(int sfi) {
    if (sfi < 1 || sfi > 30) {
      throw new IllegalArgumentException("SFI out of range 1..30: " + sfi);
    }
  }

  private static void checkByte(int v, String what) {
    if (v < 0 || v > 0xFF) {
      throw new IllegalArgumentException(what + " out of range: " + v);
    }
  }
}
