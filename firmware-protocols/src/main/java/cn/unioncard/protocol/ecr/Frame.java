package cn.unioncard.protocol.ecr;

import cn.unioncard.protocol.ByteReader;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.check.Crc16;
import java.util.Arrays;

/**
 * One frame of the cash-register (ECR) serial link, as docs/ecr-protocol.md §3 defines it:
 *
 * <pre>
 *   STX | SEQ | LEN (2, big-endian) | PAYLOAD (LEN bytes) | ETX | CRC (2, big-endian)
 *   02    20..DF  0000..0FA0                                  03    CRC-16/IBM-3740 of SEQ..ETX
 * </pre>
 *
 * <p>The payload is opaque to the framing: the message set rides inside it. The length field makes byte
 * stuffing unnecessary: payload bytes equal to STX, ETX, ACK or NAK are sent as they are. The control
 * sequences outside frames, ACK and NAK, are encoded by {@link #ack(int)} and {@link #nak(int)}; a stream
 * of all of these is read by {@link FrameDecoder}.
 */
public final class Frame {
  /** Start of text: the first byte of every frame. */
  public static final int STX = 0x02;
  /** End of text: the byte after the payload. */
  public static final int ETX = 0x03;
  /** Acknowledge: the first byte of an ACK ({@code 06 SEQ ~SEQ}). */
  public static final int ACK = 0x06;
  /** Negative acknowledge: the first byte of a NAK ({@code 15 SEQ ~SEQ}). */
  public static final int NAK = 0x15;

  /** Smallest sequence number. Sequence numbers are never control characters, nor are their complements. */
  public static final int FIRST_SEQ = 0x20;
  /** Largest sequence number; the one after it is {@link #FIRST_SEQ}. */
  public static final int LAST_SEQ = 0xDF;

  /**
   * Largest payload: 4000 bytes. The checked span (SEQ to ETX, 4004 bytes = 32 032 bits) then stays below
   * 32 751 bits, the longest message for which CRC-16 with polynomial 0x1021 detects every 1-, 2- and
   * 3-bit error (Hamming distance 4).
   */
  public static final int MAX_PAYLOAD = 4000;
  /** Bytes a frame adds to its payload: STX, SEQ, LEN (2), ETX, CRC (2). */
  public static final int OVERHEAD = 7;
  /** Longest frame on the wire: {@value #MAX_PAYLOAD} + {@value #OVERHEAD} bytes. */
  public static final int MAX_FRAME = MAX_PAYLOAD + OVERHEAD;

  /** The frame check. */
  static final Crc16 CHECK = Crc16.IBM_3740;

  private final int seq;
  private final byte[] payload;

  /**
   * @param seq the sequence number, {@link #FIRST_SEQ}..{@link #LAST_SEQ}
   * @param payload at most {@link #MAX_PAYLOAD} bytes (copied)
   */
  public Frame(int seq, byte[] payload) {
    if (!isSeq(seq)) {
      throw new IllegalArgumentException("sequence number out of range 20..DF: " + seq);
    }
    if (payload.length > MAX_PAYLOAD) {
      throw new IllegalArgumentException("payload longer than " + MAX_PAYLOAD + ": " + payload.length);
    }
    this.seq = seq;
    this.payload = payload.clone();
  }

  /** True when {@code seq} is a valid sequence number ({@code 20}..{@code DF}). */
  public static boolean isSeq(int seq) {
    return seq >= FIRST_SEQ && seq <= LAST_SEQ;
  }

  /** The sequence number of the next new frame after {@code seq}: one more, and {@code DF} is followed by {@code 20}. */
  public static int nextSeq(int seq) {
    if (!isSeq(seq)) {
      throw new IllegalArgumentException("sequence number out of range 20..DF: " + seq);
    }
    return seq == LAST_SEQ ? FIRST_SEQ : seq + 1;
  }

  public int seq() {
    return seq;
  }

  /** A copy of the payload. */
  public byte[] payload() {
    return payload.clone();
  }

  public int length() {
    return payload.length;
  }

  /** The frame on the wire. */
  public byte[] encode() {
    int n = payload.length;
    byte[] out = new byte[n + OVERHEAD];
    out[0] = STX;
    out[1] = (byte) seq;
    out[2] = (byte) (n >>> 8);
    out[3] = (byte) n;
    System.arraycopy(payload, 0, out, 4, n);
    out[4 + n] = ETX;
    int crc = CHECK.compute(out, 1, n + 4);
    out[5 + n] = (byte) (crc >>> 8);
    out[6 + n] = (byte) crc;
    return out;
  }

  /** The three bytes of an ACK of the frame numbered {@code seq}: {@code 06 SEQ ~SEQ}. */
  public static byte[] ack(int seq) {
    return control(ACK, seq);
  }

  /** The three bytes of a NAK of the frame numbered {@code seq}: {@code 15 SEQ ~SEQ}. */
  public static byte[] nak(int seq) {
    return control(NAK, seq);
  }

  private static byte[] control(int what, int seq) {
    if (!isSeq(seq)) {
      throw new IllegalArgumentException("sequence number out of range 20..DF: " + seq);
    }
    return new byte[] {(byte) what, (byte) seq, (byte) ~seq};
  }

  /**
   * Decodes exactly one frame, nothing before or after it. For a line, where frames arrive in pieces
   * among ACKs and noise, use {@link FrameDecoder}.
   *
   * @throws DecodeException if the bytes are not one well-formed frame with a correct check value
   */
  public static Frame decode(byte[] bytes) throws DecodeException {
    ByteReader r = new ByteReader(bytes);
    int stx = r.u8("STX");
    if (stx != STX) {
      throw new DecodeException("frame does not start with STX but " + Hex.byteToHex(stx), 0);
    }
    int seq = r.u8("SEQ");
    if (!isSeq(seq)) {
      throw new DecodeException("sequence number " + Hex.byteToHex(seq) + " out of range 20..DF", 1);
    }
    int length = r.u16("LEN");
    if (length > MAX_PAYLOAD) {
      throw new DecodeException("length " + length + " over the maximum " + MAX_PAYLOAD, 2);
    }
    byte[] payload = r.bytes(length, "payload");
    int etxAt = r.offset();
    int etx = r.u8("ETX");
    if (etx != ETX) {
      throw new DecodeException("ETX missing: " + Hex.byteToHex(etx) + " after the payload", etxAt);
    }
    int crcAt = r.offset();
    int crc = r.u16("CRC");
    r.expectEnd("frame");
    int expected = CHECK.compute(bytes, 1, length + 4);
    if (crc != expected) {
      throw new DecodeException(
          String.format("check value %04X, computed %04X", crc, expected), crcAt);
    }
    return new Frame(seq, payload);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Frame && ((Frame) o).seq == seq && Arrays.equals(((Frame) o).payload, payload);
  }

  @Override
  public int hashCode() {
    return 31 * seq + Arrays.hashCode(payload);
  }

  /** Sequence number and length only: the payload may carry card data. */
  @Override
  public String toString() {
    return "Frame[seq=" + Hex.byteToHex(seq) + ", length=" + payload.length + "]";
  }
}
