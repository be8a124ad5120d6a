package cn.unioncard.protocol.purse;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.CommandApdu;
import java.util.Arrays;

/**
 * UPDATE CAPP DATA CACHE: {@code 80 DC <P1> <SFI<<3> <Lc> <record>}, sent between INITIALIZE FOR CAPP
 * PURCHASE and DEBIT FOR CAPP PURCHASE; the card commits the record with the debit. For file 001A P1 is
 * the record identifier ({@code 80 DC 27 D0 80 <128 bytes>}); for the cyclic file 001E the record is
 * appended ({@code 80 DC 00 F0 30 <48 bytes>}). PBOC CAPP command; bytes from
 * shared/vectors/transit-files.md §3.2 and §3.4 step 4 (ProjectAfcApp {@code CPUDealCard_JTB}). Other
 * SFIs are accepted as they come (ETC cards use 0019: {@code 80 DC AA C8 2B ...}).
 *
 * @param p1 the record identifier (001A) or {@code 00} (001E)
 */
public record UpdateCappDataCache(int p1, int sfi, byte[] record) {
  static final String NAME = "UPDATE CAPP DATA CACHE";

  public UpdateCappDataCache {
    PurseCodec.checkUint(p1, 1, "P1");
    if (sfi < 1 || sfi > 30) {
      throw new IllegalArgumentException("SFI out of range 1..30: " + sfi);
    }
    if (record == null || record.length < 1 || record.length > 255) {
      throw new IllegalArgumentException("record of 1 to 255 bytes required");
    }
    record = record.clone();
    if (sfi == CappRecord.SFI && record.length != CappRecord.LENGTH) {
      throw new IllegalArgumentException("a 001A record is " + CappRecord.LENGTH + " bytes");
    }
    if (sfi == TripRecord.SFI && (record.length != TripRecord.LENGTH || p1 != 0)) {
      throw new IllegalArgumentException("a 001E record is " + TripRecord.LENGTH + " bytes, P1 00");
    }
  }

  /** Writes a compound-application record into 001A under its identifier. */
  public static UpdateCappDataCache of(CappRecord r) {
    return new UpdateCappDataCache(r.p1RecordIdentifier(), CappRecord.SFI, r.encode());
  }

  /** Appends a trip record to 001E. */
  public static UpdateCappDataCache of(TripRecord r) {
    return new UpdateCappDataCache(0x00, TripRecord.SFI, r.encode());
  }

  /** A copy of the record bytes. */
  @Override
  public byte[] record() {
    return record.clone();
  }

  /** The record as a 001A compound-application record. */
  public CappRecord cappRecord() throws DecodeException {
    if (sfi != CappRecord.SFI) {
      throw new DecodeException(NAME + ": SFI " + Hex.byteToHex(sfi) + " is not 001A", 3);
    }
    try {
      return CappRecord.decode(record);
    } catch (DecodeException e) {
      throw e.shifted(PurseCodec.DATA_OFFSET);
    }
  }

  /** The record as a 001E trip record. */
  public TripRecord tripRecord() throws DecodeException {
    if (sfi != TripRecord.SFI) {
      throw new DecodeException(NAME + ": SFI " + Hex.byteToHex(sfi) + " is not 001E", 3);
    }
    try {
      return TripRecord.decode(record);
    } catch (DecodeException e) {
      throw e.shifted(PurseCodec.DATA_OFFSET);
    }
  }

  public CommandApdu toApdu() {
    return new CommandApdu(0x80, 0xDC, p1, sfi << 3, record);
  }

  public static UpdateCappDataCache parse(CommandApdu c) throws DecodeException {
    PurseCodec.header(c, 0x80, 0xDC, NAME);
    int sfi = c.p2() >>> 3;
    if ((c.p2() & 0x07) != 0 || sfi < 1 || sfi > 30) {
      throw new DecodeException(NAME + ": P2 " + Hex.byteToHex(c.p2()) + " is not SFI<<3", 3);
    }
    int expected = sfi == CappRecord.SFI ? CappRecord.LENGTH
        : sfi == TripRecord.SFI ? TripRecord.LENGTH : -1;
    if (c.nc() == 0 || c.nc() > 255 || (expected >= 0 && c.nc() != expected)) {
      throw new DecodeException(NAME + ": Lc " + c.nc() + " for SFI " + Hex.byteToHex(sfi)
          + (expected >= 0 ? ", expected " + expected : ""), 4);
    }
    if (sfi == TripRecord.SFI) {
      PurseCodec.expect(c.p1(), 0x00, 2, NAME + " P1 (001E)");
    }
    PurseCodec.ne(c, 0, NAME);
    byte[] data = PurseCodec.data(c, NAME).rest();
    return new UpdateCappDataCache(c.p1(), sfi, data);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UpdateCappDataCache
        && ((UpdateCappDataCache) o).p1 == p1
        && ((UpdateCappDataCache) o).sfi == sfi
        && Arrays.equals(((UpdateCappDataCache) o).record, record);
  }

  @Override
  public int hashCode() {
    return (p1 * 31 + sfi) * 31 + Arrays.hashCode(record);
  }

  @Override
  public String toString() {
    return "UpdateCappDataCache[p1=" + Hex.byteToHex(p1) + ", sfi=" + Hex.byteToHex(sfi) + ", record="
        + Hex.encode(record) + "]";
  }
}
