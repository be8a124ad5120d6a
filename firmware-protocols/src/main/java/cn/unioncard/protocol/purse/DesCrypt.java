package cn.unioncard.protocol.purse;

import cn.unioncard.protocol.ByteReader;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.apdu.IsoCommands;

/**
 * DES_CRYPT (通用DES计算), sent to the PSAM after {@link InitSamForDesCrypt}: {@code 80 FA <mode> 00 <Lc>
 * <data> 00}. In the MAC modes with an initial value the data starts with the 8-byte initial value. The
 * APPLICATION BLOCK MAC is mode {@code 05} over {@code <card challenge 4> 00000000 | 84 1E 00 00 04 80 00 00}
 * (ProjectAfcApp {@code operat_Black} / {@code CpuBlackMac}; shared/vectors/transit-files.md §3.3); the
 * PSAM answers a {@link DesCryptResponse}. Mode values as public PSAM drivers document them (毅能达 COS 6.0 /
 * 中国金融 PSAM: 00 encrypt, 01 last MAC block, 02 encrypt with more blocks, 03 next MAC block, 05 only MAC
 * block, 07 first MAC block).
 *
 * @param mode P1
 * @param data hex, 1 to 255 bytes
 */
public record DesCrypt(int mode, String data) {
  static final String NAME = "DES_CRYPT";
  /** P1: encrypt, no block follows. */
  public static final int ENCRYPT = 0x00;
  /** P1: MAC, last block. */
  public static final int MAC_LAST_BLOCK = 0x01;
  /** P1: encrypt, more blocks follow. */
  public static final int ENCRYPT_MORE = 0x02;
  /** P1: MAC, next block. */
  public static final int MAC_NEXT_BLOCK = 0x03;
  /** P1: MAC with initial value, the only block. */
  public static final int MAC_ONLY_BLOCK = 0x05;
  /** P1: MAC with initial value, first block. */
  public static final int MAC_FIRST_BLOCK = 0x07;

  public DesCrypt {
    PurseCodec.checkUint(mode, 1, "mode");
    if (data == null || data.length() < 2 || data.length() > 510) {
      throw new IllegalArgumentException("data of 1 to 255 bytes required");
    }
    data = PurseCodec.checkHex(data, data.length() / 2, "data");
  }

  /**
   * The MAC for APPLICATION BLOCK: mode {@code 05}, initial value = the card's 4-byte challenge (GET
   * CHALLENGE) and 4 zero bytes, message = {@code 84 1E 00 00 04} padded with {@code 80 00 00}.
   *
   * @param cardChallenge 8 hex digits
   */
  public static DesCrypt applicationBlockMac(String cardChallenge) {
    String challenge = PurseCodec.checkHex(cardChallenge, 4, "card challenge");
    return new DesCrypt(MAC_ONLY_BLOCK, challenge + "00000000" + ApplicationBlock.HEADER_HEX + "800000");
  }

  /** A copy of the data bytes. */
  public byte[] dataBytes() {
    return Hex.of(data);
  }

  /** The command, with Le {@code 00}. */
  public CommandApdu toApdu() {
    return new CommandApdu(0x80, 0xFA, mode, 0x00, dataBytes(), IsoCommands.ANY);
  }

  /** Decodes the command; Le is not checked (its answer's length depends on the mode). */
  public static DesCrypt parse(CommandApdu c) throws DecodeException {
    PurseCodec.header(c, 0x80, 0xFA, NAME);
    if (c.nc() < 1 || c.nc() > 255) {
      throw new DecodeException(NAME + ": Lc " + c.nc() + " out of 1..255", 4);
    }
    ByteReader r = PurseCodec.command(c, 0x80, 0xFA, c.p1(), 0x00, c.nc(), NAME);
    return new DesCrypt(c.p1(), Hex.encode(r.rest()));
  }
}
