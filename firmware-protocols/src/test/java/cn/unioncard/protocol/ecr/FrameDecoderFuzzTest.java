package cn.unioncard.protocol.ecr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Coverage-guided: arbitrary bytes fed in arbitrary chunks (the first two input bytes choose the chunking
 * and where the line falls silent). The decoder never throws, never holds more than one maximum frame,
 * reports only frames, ACKs and NAKs whose bytes were in the input, and without pauses gives the same events
 * however the bytes are cut.
 */
class FrameDecoderFuzzTest {
  @FuzzTest
  void feed(byte[] input) {
    if (input.length < 2) {
      return;
    }
    Random rnd = new Random(((input[0] & 0xFF) << 8) | (input[1] & 0xFF));
    byte[] line = Arrays.copyOfRange(input, 2, input.length);
    int bound = 1 + (input[0] & 0xFF) * 8;

    // Chunked, with an inter-byte timeout now and then.
    FrameDecoder d = new FrameDecoder();
    for (int at = 0; at < line.length; ) {
      int n = Math.min(1 + rnd.nextInt(bound), line.length - at);
      checkEvents(d.feed(line, at, n), line);
      assertTrue(d.buffered() < Frame.MAX_FRAME);
      at += n;
      if (rnd.nextInt(8) == 0) {
        checkEvents(d.reset(), line);
        assertEquals(0, d.buffered());
      }
    }
    checkEvents(d.reset(), line);

    // Without pauses: the same events whether fed whole or chunked.
    FrameDecoder whole = new FrameDecoder();
    List<FrameEvent> expected = new ArrayList<>(whole.feed(line));
    expected.addAll(whole.reset());
    FrameDecoder pieces = new FrameDecoder();
    List<FrameEvent> actual = FrameDecoderTest.feedInChunks(pieces, line, FrameDecoderTest.chunking(rnd));
    actual.addAll(pieces.reset());
    assertEquals(FrameDecoderTest.mergeNoise(expected), FrameDecoderTest.mergeNoise(actual));
    assertEquals(line.length, FrameDecoderTest.consumed(expected));
  }

  private static void checkEvents(List<FrameEvent> events, byte[] line) {
    for (FrameEvent e : events) {
      byte[] wire = null;
      if (e instanceof FrameEvent.GoodFrame) {
        wire = ((FrameEvent.GoodFrame) e).frame().encode();
      } else if (e instanceof FrameEvent.Ack) {
        wire = Frame.ack(((FrameEvent.Ack) e).seq());
      } else if (e instanceof FrameEvent.Nak) {
        wire = Frame.nak(((FrameEvent.Nak) e).seq());
      } else if (e instanceof FrameEvent.BadFrame) {
        assertTrue(Frame.isSeq(((FrameEvent.BadFrame) e).seq()));
      } else {
        assertTrue(((FrameEvent.Noise) e).bytes() > 0);
      }
      if (wire != null) {
        assertTrue(contains(line, wire), e + " not in the input");
      }
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
