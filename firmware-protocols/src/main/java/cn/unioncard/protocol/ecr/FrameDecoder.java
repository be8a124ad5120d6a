package cn.unioncard.protocol.ecr;

import cn.unioncard.protocol.ecr.FrameEvent.Fault;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the byte stream of the ECR link (docs/ecr-protocol.md §3–§5): frames, ACKs and NAKs, in whatever
 * pieces the line delivers them, among noise.
 *
 * <p>The link adapter {@link #feed feeds} every chunk it reads, of any size, and acts on the events
 * returned; when the line has been silent for the inter-byte timeout it calls {@link #reset()}. The
 * decoder never throws on any input and never holds more than {@link Frame#MAX_FRAME} bytes.
 *
 * <p>Resynchronisation: a frame start that turns out bad (length over the maximum, no ETX, wrong CRC, cut
 * short) costs only its STX; the decoder then reads again the bytes it had taken for that frame, so a
 * corrupted length, or an STX in noise, does not swallow a good frame that follows. The same holds for an
 * ACK or NAK that turns out bad. The events for a byte stream do not depend on how it was cut into chunks
 * (except that {@link FrameEvent.Noise} counts are reported per call).
 *
 * <p>Not thread-safe: one decoder per line, fed by one reader.
 */
public final class FrameDecoder {
  private final byte[] buf = new byte[Frame.MAX_FRAME];
  /** Bytes taken but not yet decided: buf[start, end). */
  private int start;
  private int end;
  /** Noise bytes skipped and not yet reported. */
  private int noise;

  /** Reads all of {@code chunk}. */
  public List<FrameEvent> feed(byte[] chunk) {
    return feed(chunk, 0, chunk.length);
  }

  /** Reads {@code length} bytes of {@code chunk} from {@code offset}; returns what they completed, in order. */
  public List<FrameEvent> feed(byte[] chunk, int offset, int length) {
    if (offset < 0 || length < 0 || offset > chunk.length - length) {
      throw new IndexOutOfBoundsException(
          "offset " + offset + ", length " + length + " in " + chunk.length + " bytes");
    }
    List<FrameEvent> events = new ArrayList<>();
    int i = offset;
    int stop = offset + length;
    while (i < stop) {
      if (end == buf.length) {
        compact();
      }
      // Take what fits, then decide as much as can be decided. Since what stays undecided is always shorter
      // than one maximum frame, the buffer never overflows.
      int n = Math.min(stop - i, buf.length - end);
      System.arraycopy(chunk, i, buf, end, n);
      end += n;
      i += n;
      scan(events);
    }
    flushNoise(events);
    return events;
  }

  /**
   * The line has been silent for the inter-byte timeout: whatever was begun will not be completed. A frame
   * begun with STX, SEQ and LEN is reported {@link Fault#TRUNCATED} (the link NAKs it); a shorter
   * beginning is noise. The bytes after its first are read again, as after any bad frame, so a good frame
   * held in them is still delivered. Afterwards nothing is buffered.
   */
  public List<FrameEvent> reset() {
    List<FrameEvent> events = new ArrayList<>();
    while (start < end) {
      // The sequence at start is incomplete (scan decides all complete ones): a frame start or an ACK/NAK.
      if ((buf[start] & 0xFF) == Frame.STX && end - start >= 4) {
        bad(events, Fault.TRUNCATED);
      } else {
        noise++;
        start++;
      }
      scan(events);
    }
    flushNoise(events);
    start = 0;
    end = 0;
    return events;
  }

  /** Bytes taken but not yet decided (for tests: never more than {@link Frame#MAX_FRAME}). */
  int buffered() {
    return end - start;
  }

  /** Decides every complete sequence at the front of the buffer. */
  private void scan(List<FrameEvent> events) {
    while (start < end) {
      int avail = end - start;
      int b0 = buf[start] & 0xFF;
      if (b0 == Frame.STX) {
        if (avail < 2) {
          return;
        }
        int seq = buf[start + 1] & 0xFF;
        if (!Frame.isSeq(seq)) {
          skip();
          continue;
        }
        if (avail < 4) {
          return;
        }
        int length = ((buf[start + 2] & 0xFF) << 8) | (buf[start + 3] & 0xFF);
        if (length > Frame.MAX_PAYLOAD) {
          bad(events, Fault.LENGTH_OVER_MAXIMUM);
          continue;
        }
        if (avail < length + Frame.OVERHEAD) {
          return;
        }
        int etxAt = start + 4 + length;
        if ((buf[etxAt] & 0xFF) != Frame.ETX) {
          bad(events, Fault.ETX_MISSING);
          continue;
        }
        int crc = ((buf[etxAt + 1] & 0xFF) << 8) | (buf[etxAt + 2] & 0xFF);
        if (crc != Frame.CHECK.compute(buf, start + 1, length + 4)) {
          bad(events, Fault.CHECK_VALUE_WRONG);
          continue;
        }
        flushNoise(events);
        events.add(new FrameEvent.GoodFrame(new Frame(seq, Arrays.copyOfRange(buf, start + 4, etxAt))));
        start += length + Frame.OVERHEAD;
      } else if (b0 == Frame.ACK || b0 == Frame.NAK) {
        if (avail < 2) {
          return;
        }
        int seq = buf[start + 1] & 0xFF;
        if (!Frame.isSeq(seq)) {
          skip();
          continue;
        }
        if (avail < 3) {
          return;
        }
        if ((buf[start + 2] & 0xFF) != (~seq & 0xFF)) {
          skip();
          continue;
        }
        flushNoise(events);
        events.add(b0 == Frame.ACK ? new FrameEvent.Ack(seq) : new FrameEvent.Nak(seq));
        start += 3;
      } else {
        skip();
      }
    }
    start = 0;
    end = 0;
  }

  /** The frame starting at {@code start} is bad: report it, keep only its STX, read the rest again. */
  private void bad(List<FrameEvent> events, Fault fault) {
    flushNoise(events);
    events.add(new FrameEvent.BadFrame(buf[start + 1] & 0xFF, fault));
    start++;
  }

  private void skip() {
    noise++;
    start++;
  }

  private void flushNoise(List<FrameEvent> events) {
    if (noise > 0) {
      events.add(new FrameEvent.Noise(noise));
      noise = 0;
    }
  }

  private void compact() {
    System.arraycopy(buf, start, buf, 0, end - start);
    end -= start;
    start = 0;
  }
}
