package cn.unioncard.protocol.purse;

import cn.unioncard.protocol.ByteReader;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.CommandApdu;
import java.time.LocalDateTime;

/**
 * DEBIT FOR PURCHASE (also for the CAPP purchase): {@code 80 54 01 00 0F <terminal transaction serial 4>
 * <date-time 7 BCD> <MAC1 4> 08}. PBOC e-purse command; bytes from shared/vectors/transit-files.md §3.4
 * step 5 (ProjectAfcApp {@code CPUDealCard_JTB}). The answer is a {@link DebitForPurchaseResponse}, or
 * {@code 9302} ({@link PurseStatus#MAC_INVALID}).
 *
 * @param terminalSerial 终端交易序号 from the PSAM's MAC1 answer
 * @param dateTime the same date and time given to the PSAM for MAC1
 * @param mac1 8 hex digits
 */
public record DebitForPurchase(long terminalSerial, LocalDateTime dateTime, String mac1) {
  static final String NAME = "DEBIT FOR PURCHASE";
  static final int LC = 0x0F;

  public DebitForPurchase {
    PurseCodec.checkUint(terminalSerial, 4, "terminal transaction serial");
    if (dateTime == null) {
      throw new IllegalArgumentException("date and time are required");
    }
    dateTime = PurseCodec.checkDateTime(dateTime, "date and time");
    mac1 = PurseCodec.checkHex(mac1, 4, "MAC1");
  }

  /** The command for the PSAM's MAC1 answer. */
  public static DebitForPurchase of(InitSamForPurchaseResponse mac1, LocalDateTime dateTime) {
    return new DebitForPurchase(mac1.terminalSerial(), dateTime, mac1.mac1());
  }

  public CommandApdu toApdu() {
    byte[] data = new PurseCodec.Writer(LC).uint(terminalSerial, 4).dateTime(dateTime).hex(mac1).done();
    return new CommandApdu(0x80, 0x54, 0x01, 0x00, data, DebitForPurchaseResponse.LENGTH);
  }

  public static DebitForPurchase parse(CommandApdu c) throws DecodeException {
    ByteReader r = PurseCodec.command(c, 0x80, 0x54, 0x01, 0x00, LC, NAME);
    long serial = r.uint(4, "terminal transaction serial");
    int at = r.offset();
    LocalDateTime time = PurseCodec.dateTime(r, "date and time");
    if (time == null) {
      throw new DecodeException(NAME + ": date and time unset", at);
    }
    String mac1 = PurseCodec.hex(r, 4, "MAC1");
    PurseCodec.ne(c, DebitForPurchaseResponse.LENGTH, NAME);
    return new DebitForPurchase(serial, time, mac1);
  }
}
