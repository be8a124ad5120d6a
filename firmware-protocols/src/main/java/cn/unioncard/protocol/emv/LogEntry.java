package cn.unioncard.protocol.emv;

import cn.unioncard.protocol.DecodeException;

/**
 * Where a log lives: the Log Entry ({@code 9F4D}: the transaction log; EMV Book 3 Annex D) or the PBOC Load Log
 * Entry ({@code DF4D}: the electronic-cash load log; JR/T 0025.13), both b 2: byte 1 the SFI of the log file,
 * byte 2 the maximum number of records it holds. Records are read with READ RECORD 1, 2, ... (1 the most recent).
 */
public record LogEntry(int sfi, int records) {
  public LogEntry {
    if (sfi < 1 || sfi > 30) {
      throw new IllegalArgumentException("log SFI outside 1..30: " + sfi);
    }
    if (records < 0 || records > 255) {
      throw new IllegalArgumentException("log record count out of range: " + records);
    }
  }

  /** Decodes the 2-byte value of {@code 9F4D} or {@code DF4D}. */
  public static LogEntry decode(byte[] value) throws DecodeException {
    if (value.length != 2) {
      throw new DecodeException("log entry: length " + value.length + ", expected 2", 0);
    }
    int sfi = value[0] & 0xFF;
    if (sfi < 1 || sfi > 30) {
      throw new DecodeException("log entry: SFI " + sfi + " outside 1..30", 0);
    }
    return new LogEntry(sfi, value[1] & 0xFF);
  }

  public byte[] encode() {
    return new byte[] {(byte) sfi, (byte) records};
  }
}
