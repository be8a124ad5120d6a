package cn.unioncard.protocol.ecr;

import cn.unioncard.protocol.Hex;

/**
 * What {@link FrameDecoder} found on the line, in the order the bytes arrived. Every byte fed to the
 * decoder ends up in exactly one event: a good frame, an ACK, a NAK, the STX of a bad frame, or noise.
 */
public interface FrameEvent {

  /** A frame with a correct check value (docs/ecr-protocol.md §3). The link ACKs it. */
  record GoodFrame(Frame frame) implements FrameEvent {}

  /** An ACK of the frame numbered {@code seq} (§4). */
  record Ack(int seq) implements FrameEvent {
    @Override
    public String toString() {
      return "Ack[" + Hex.byteToHex(seq) + "]";
    }
  }

  /** A NAK of the frame numbered {@code seq} (§4). */
  record Nak(int seq) implements FrameEvent {
    @Override
    public String toString() {
      return "Nak[" + Hex.byteToHex(seq) + "]";
    }
  }

  /**
   * A frame start (STX and a valid sequence number) that did not make a good frame. The link NAKs it with
   * {@code seq}. Only its STX is consumed: the bytes after it are read again, so a good frame that they
   * hold is still found.
   */
  record BadFrame(int seq, Fault fault) implements FrameEvent {
    @Override
    public String toString() {
      return "BadFrame[" + Hex.byteToHex(seq) + ", " + fault + "]";
    }
  }

  /** {@code bytes} bytes that were neither a frame, an ACK nor a NAK, skipped. */
  record Noise(int bytes) implements FrameEvent {}

  /** Why a frame was bad. */
  enum Fault {
    /** The length field is over {@link Frame#MAX_PAYLOAD}. */
    LENGTH_OVER_MAXIMUM,
    /** The byte after the payload is not ETX. */
    ETX_MISSING,
    /** The CRC does not match. */
    CHECK_VALUE_WRONG,
    /** The line fell silent (an inter-byte timeout, {@link FrameDecoder#reset()}) before the frame ended. */
    TRUNCATED
  }
}
