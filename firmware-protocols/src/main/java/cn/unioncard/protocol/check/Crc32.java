package cn.unioncard.protocol.check;

import java.util.zip.CRC32;

/**
 * CRC-32/ISO-HDLC (the CRC of Ethernet, zip and PNG; poly 0x04C11DB7, init and final XOR 0xFFFFFFFF,
 * reflected; check 0xCBF43926, shared/vectors/crypto.md §5.8), through {@link java.util.zip.CRC32}.
 */
public final class Crc32 {
  private Crc32() {}

  /** The CRC of all of {@code data}, 0..0xFFFFFFFF. */
  public static long isoHdlc(byte[] data) {
    return isoHdlc(data, 0, data.length);
  }

  /** The CRC of {@code length} bytes of {@code data} from {@code offset}, 0..0xFFFFFFFF. */
  public static long isoHdlc(byte[] data, int offset, int length) {
    CRC32 crc = new CRC32();
    crc.update(data, offset, length);
    return crc.getValue();
  }
}
