package cn.unioncard.protocol.apdu;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import java.util.Arrays;

/** A response APDU (ISO/IEC 7816-4:2020 clause 5.1): response data and the status word SW1-SW2. */
public final class ResponseApdu {
  private final byte[] data;
  private final int sw;

  public ResponseApdu(byte[] data, int sw) {
    if (sw < 0 || sw > 0xFFFF) {
      throw new IllegalArgumentException("status word out of range: " + sw);
    }
    this.data = data.clone();
    this.sw = sw;
  }

  /** A response with no data. */
  public static ResponseApdu of(int sw) {
    return new ResponseApdu(new byte[0], sw);
  }

  /** Parses response bytes: the last two are SW1 SW2. */
  public static ResponseApdu parse(byte[] bytes) throws DecodeException {
    if (bytes.length < 2) {
      throw new DecodeException(
          "response APDU needs at least the 2 status bytes, got " + bytes.length, 0);
    }
    int n = bytes.length - 2;
    return new ResponseApdu(
        Arrays.copyOf(bytes, n), ((bytes[n] & 0xFF) << 8) | (bytes[n + 1] & 0xFF));
  }

  /** A copy of the response data. */
  public byte[] data() {
    return data.clone();
  }

  public int dataLength() {
    return data.length;
  }

  public int sw() {
    return sw;
  }

  public int sw1() {
    return sw >>> 8;
  }

  public int sw2() {
    return sw & 0xFF;
  }

  public StatusWord status() {
    return StatusWord.of(sw);
  }

  /** Whether the status word is exactly {@code 9000}. */
  public boolean isOk() {
    return sw == StatusWord.OK;
  }

  public byte[] encode() {
    byte[] out = Arrays.copyOf(data, data.length + 2);
    out[data.length] = (byte) (sw >>> 8);
    out[data.length + 1] = (byte) sw;
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResponseApdu
        && ((ResponseApdu) o).sw == sw
        && Arrays.equals(((ResponseApdu) o).data, data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data) * 31 + sw;
  }

  @Override
  public String toString() {
    return Hex.encode(encode());
  }
}
