package cn.unioncard.protocol.ecr;

import static cn.unioncard.protocol.ecr.FrameTest.ACK_21;
import static cn.unioncard.protocol.ecr.FrameTest.CONTROLS;
import static cn.unioncard.protocol.ecr.FrameTest.EMPTY;
import static cn.unioncard.protocol.ecr.FrameTest.NAK_21;
import static cn.unioncard.protocol.ecr.FrameTest.SMALL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.ecr.FrameEvent.Ack;
import cn.unioncard.protocol.ecr.FrameEvent.BadFrame;
import cn.unioncard.protocol.ecr.FrameEvent.Fault;
import cn.unioncard.protocol.ecr.FrameEvent.GoodFrame;
import cn.unioncard.protocol.ecr.FrameEvent.Nak;
import cn.unioncard.protocol.ecr.FrameEvent.Noise;
import cn.unioncard.protocol.testing.Seeds;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FrameDecoderTest {
  private static final Frame SMALL_FRAME = new Frame(0x21, Hex.of("414243"));
  private static final Frame EMPTY_FRAME = new Frame(0x20, new byte[0]);
  private static final Frame CONTROLS_FRAME = new Frame(0x22, Hex.of("02030615"));

  // --- The document's examples (docs/ecr-protocol.md §8) -----------------------------------------------

  @Test
  void readsTheDocumentsExamplesInOneChunkAndByteByByte() {
    byte[] line = Hex.of(SMALL + ACK_21 + EMPTY + NAK_21 + CONTROLS);
    List<FrameEvent> expected = Arrays.asList(
        new GoodFrame(SMALL_FRAME), new Ack(0x21), new GoodFrame(EMPTY_FRAME), new Nak(0x21),
        new GoodFrame(CONTROLS_FRAME));
    assertEquals(expected, new FrameDecoder().feed(line));
    assertEquals(expected, feedInChunks(new FrameDecoder(), line, new int[] {1}));
  }

  @Test
  void aStrayFrameStartCostsOnlyItsStx() {
    // §8.6: noise 02 7E FF just before the frame of §8.1. LEN reads FF02 (over the maximum): bad frame 7E.
    // The hunt resumes right after that STX, skips 7E FF and finds the real STX inside the bogus LEN.
    byte[] line = Hex.of("02 7E FF" + SMALL);
    assertEquals(
        Arrays.asList(new BadFrame(0x7E, Fault.LENGTH_OVER_MAXIMUM), new Noise(2), new GoodFrame(SMALL_FRAME)),
        new FrameDecoder().feed(line));
    assertEquals("157E81", Hex.encode(Frame.nak(0x7E)));
  }

  @Test
  void aCorruptedLengthByteCostsOnlyItsFrame() {
    // The LEN high byte of §8.1 hit (00 -> FF), then the frame of §8.4: the next STX is looked for inside
    // the 9 bytes already taken after the bad STX.
    byte[] line = Hex.of("02 21 FF03 414243 03 CA92" + CONTROLS);
    assertEquals(
        Arrays.asList(new BadFrame(0x21, Fault.LENGTH_OVER_MAXIMUM), new Noise(9), new GoodFrame(CONTROLS_FRAME)),
        new FrameDecoder().feed(line));
  }

  @Test
  void aFlippedPayloadBitIsAWrongCheckValue() {
    // §8.5: "ABC" received as "ABG" (one bit); the terminal NAKs 21 and the register resends the frame.
    assertEquals("1521DE", Hex.encode(Frame.nak(0x21)));
    byte[] line = Hex.of("02 21 0003 414247 03 CA92");
    assertEquals(
        Arrays.asList(new BadFrame(0x21, Fault.CHECK_VALUE_WRONG), new Noise(9)), new FrameDecoder().feed(line));
  }

  // --- Resynchronisation ---------------------------------------------------------------------------------

  @Test
  void aLengthTooLongByOneIsAMissingEtx() {
    // Where ETX should be comes the next frame's STX; the 9 bytes after the bad STX are read again.
    FrameDecoder d = new FrameDecoder();
    assertEquals(Arrays.asList(), d.feed(Hex.of("02 21 0004 414243 03 CA92")));
    assertEquals(
        Arrays.asList(new BadFrame(0x21, Fault.ETX_MISSING), new Noise(9), new GoodFrame(SMALL_FRAME)),
        d.feed(Hex.of(SMALL)));
  }

  @Test
  void aLongerLengthSwallowsTheNextFrameOnlyUntilTheLineFallsSilent() {
    // LEN 0003 hit to 0F03 (a valid length): the decoder waits for 3850 bytes. The next frame arrives
    // inside them; at the inter-byte timeout the frame start is given up and the good frame found.
    FrameDecoder d = new FrameDecoder();
    assertEquals(Arrays.asList(), d.feed(Hex.of("02 21 0F03 414243 03 CA92" + CONTROLS)));
    assertEquals(21, d.buffered());
    assertEquals(
        Arrays.asList(new BadFrame(0x21, Fault.TRUNCATED), new Noise(9), new GoodFrame(CONTROLS_FRAME)),
        d.reset());
    assertEquals(0, d.buffered());
  }

  @Test
  void aStrayStxInNoiseDoesNotSwallowTheFrameAfterIt() {
    // 02 21 then the frame: the stray frame start reads LEN 0221 and waits; more traffic settles it.
    FrameDecoder d = new FrameDecoder();
    List<FrameEvent> events = new ArrayList<>(d.feed(Hex.of("0221" + SMALL)));
    assertEquals(Arrays.asList(), events);
    byte[] more = new byte[600]; // e.g. the peer's next frames; zeros here
    events.addAll(d.feed(more));
    assertEquals(new BadFrame(0x21, Fault.ETX_MISSING), events.get(0));
    assertEquals(new Noise(1), events.get(1));
    assertEquals(new GoodFrame(SMALL_FRAME), events.get(2));
  }

  @Test
  void aLostAckMeansTheSameBytesAgain() {
    // §8.7: the resend of frame 22 is the same frame, which is how the receiver knows it as a duplicate.
    FrameDecoder d = new FrameDecoder();
    assertEquals(Arrays.asList(new GoodFrame(CONTROLS_FRAME), new GoodFrame(CONTROLS_FRAME)),
        d.feed(Hex.of(CONTROLS + CONTROLS)));
    assertEquals("0622DD", Hex.encode(Frame.ack(0x22)));
  }

  @Test
  void anAckByteBeforeAFrameDoesNotTakeItsStx() {
    // A stray 06 (or 06 and a sequence number) cannot end with an STX: SEQ and ~SEQ are never 02 (§4).
    assertEquals(Arrays.asList(new Noise(1), new GoodFrame(SMALL_FRAME)), new FrameDecoder().feed(Hex.of("06" + SMALL)));
    assertEquals(Arrays.asList(new Noise(2), new GoodFrame(SMALL_FRAME)), new FrameDecoder().feed(Hex.of("15FD" + SMALL)));
  }

  @Test
  void anAckWithAWrongComplementIsNoise() {
    assertEquals(Arrays.asList(new Noise(3), new Ack(0x21)), new FrameDecoder().feed(Hex.of("0621DF" + ACK_21)));
    assertEquals(Arrays.asList(new Noise(3)), new FrameDecoder().feed(Hex.of("06 02 FD")));
  }

  @Test
  void anStxWithoutASequenceNumberIsNoise() {
    assertEquals(Arrays.asList(new Noise(2), new GoodFrame(SMALL_FRAME)), new FrameDecoder().feed(Hex.of("0200" + SMALL)));
    assertEquals(Arrays.asList(new Noise(1), new GoodFrame(SMALL_FRAME)), new FrameDecoder().feed(Hex.of("02" + SMALL)));
  }

  @Test
  void resetReportsWhatWasBegun() {
    FrameDecoder d = new FrameDecoder();
    assertEquals(Arrays.asList(), d.feed(Hex.of("02 21 0003 41")));
    assertEquals(Arrays.asList(new BadFrame(0x21, Fault.TRUNCATED), new Noise(4)), d.reset());
    assertEquals(Arrays.asList(), d.feed(Hex.of("02 21 00")));
    assertEquals(Arrays.asList(new Noise(3)), d.reset(), "no LEN yet: not a frame start");
    assertEquals(Arrays.asList(), d.feed(Hex.of("06 21")));
    assertEquals(Arrays.asList(new Noise(2)), d.reset());
    assertEquals(Arrays.asList(), d.reset());
    assertEquals(Arrays.asList(new GoodFrame(SMALL_FRAME)), d.feed(Hex.of(SMALL)));
  }

  @Test
  void reportsNoiseAsACountBeforeTheNextEvent() {
    FrameDecoder d = new FrameDecoder();
    assertEquals(Arrays.asList(new Noise(4)), d.feed(Hex.of("00 FF 41 03")));
    assertEquals(Arrays.asList(new Noise(2), new Ack(0x21), new Noise(1)), d.feed(Hex.of("0000" + ACK_21 + "00")));
  }

  @Test
  void feedsASliceOfTheChunk() {
    byte[] chunk = Hex.of("FFFF" + SMALL + "FFFF");
    assertEquals(Arrays.asList(new GoodFrame(SMALL_FRAME)), new FrameDecoder().feed(chunk, 2, 10));
  }

  @Test
  void neverHoldsMoreThanOneMaximumFrame() {
    FrameDecoder d = new FrameDecoder();
    byte[] header = Hex.of("02 21 0FA0"); // a maximum frame start that never ends properly
    d.feed(header);
    byte[] fill = new byte[Frame.MAX_FRAME - 5];
    d.feed(fill);
    assertEquals(Frame.MAX_FRAME - 1, d.buffered());
    List<FrameEvent> events = d.feed(new byte[1]);
    assertEquals(Arrays.asList(new BadFrame(0x21, Fault.ETX_MISSING), new Noise(Frame.MAX_FRAME - 1)), events);
    assertEquals(0, d.buffered());
  }

  // --- Properties ------------------------------------------------------------------------------------------

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void framesAcksAndNaksRoundTripUnderAnyChunking(long seed) {
    Random rnd = new Random(seed);
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    List<FrameEvent> expected = new ArrayList<>();
    int seq = Frame.FIRST_SEQ + rnd.nextInt(Frame.LAST_SEQ - Frame.FIRST_SEQ + 1);
    for (int n = 1 + rnd.nextInt(4); n > 0; n--) {
      Frame f = new Frame(seq, payload(rnd));
      write(line, f.encode());
      expected.add(new GoodFrame(f));
      if (rnd.nextBoolean()) {
        int acked = Frame.FIRST_SEQ + rnd.nextInt(Frame.LAST_SEQ - Frame.FIRST_SEQ + 1);
        boolean ack = rnd.nextBoolean();
        write(line, ack ? Frame.ack(acked) : Frame.nak(acked));
        expected.add(ack ? new Ack(acked) : new Nak(acked));
      }
      seq = Frame.nextSeq(seq);
    }
    FrameDecoder d = new FrameDecoder();
    assertEquals(expected, feedInChunks(d, line.toByteArray(), chunking(rnd)));
    assertEquals(0, d.buffered());
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void noiseBetweenFramesNeverLosesAFollowingGoodFrame(long seed) {
    Random rnd = new Random(seed);
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    List<Frame> sent = new ArrayList<>();
    int seq = Frame.FIRST_SEQ;
    for (int n = 1 + rnd.nextInt(4); n > 0; n--) {
      write(line, noise(rnd));
      Frame f = new Frame(seq, rnd.nextInt(4) == 0 ? payload(rnd) : Seeds.bytes(rnd, 64));
      write(line, f.encode());
      sent.add(f);
      seq = Frame.nextSeq(seq);
    }
    write(line, noise(rnd));
    FrameDecoder d = new FrameDecoder();
    List<FrameEvent> events = feedInChunks(d, line.toByteArray(), chunking(rnd));
    events.addAll(d.reset()); // the line falls silent: the inter-byte timeout
    assertEquals(sent, goodFrames(events));
    assertEquals(0, d.buffered());
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void aFlippedBitIsNeverAGoodFrameAndTheNextFrameStillArrives(long seed) {
    Random rnd = new Random(seed);
    Frame f = new Frame(0x20 + rnd.nextInt(0xC0), rnd.nextInt(8) == 0 ? payload(rnd) : Seeds.bytes(rnd, 100));
    byte[] damaged = f.encode();
    int bit = rnd.nextInt(damaged.length * 8);
    damaged[bit / 8] ^= (byte) (1 << (bit % 8));
    Frame next = new Frame(Frame.nextSeq(f.seq()), Seeds.bytes(rnd, 100));

    FrameDecoder d = new FrameDecoder();
    List<FrameEvent> events = feedInChunks(d, damaged, chunking(rnd));
    events.addAll(d.reset());
    assertEquals(Arrays.asList(), goodFrames(events), "bit " + bit);
    assertTrue(events.stream().anyMatch(e -> e instanceof BadFrame || e instanceof Noise), "bit " + bit);
    if (bit >= 8 && bit < 16 && Frame.isSeq(f.seq() ^ (1 << (bit % 8)))) {
      // A flipped SEQ still gives a frame start: the CRC catches it.
      assertTrue(events.contains(new BadFrame(f.seq() ^ (1 << (bit % 8)), Fault.CHECK_VALUE_WRONG)), "bit " + bit);
    }

    // The same damage, followed by a good frame without a pause.
    d = new FrameDecoder();
    events = feedInChunks(d, concat(damaged, next.encode()), chunking(rnd));
    events.addAll(d.reset());
    assertEquals(Arrays.asList(next), goodFrames(events), "bit " + bit);
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void aFrameCutShortThenAGoodFrame(long seed) {
    Random rnd = new Random(seed);
    byte[] whole = new Frame(0x20 + rnd.nextInt(0xC0), payload(rnd)).encode();
    byte[] cut = Arrays.copyOf(whole, 1 + rnd.nextInt(whole.length - 1));
    Frame good = new Frame(0x20 + rnd.nextInt(0xC0), Seeds.bytes(rnd, 300));

    // With the inter-byte timeout between them, and without.
    FrameDecoder d = new FrameDecoder();
    List<FrameEvent> events = feedInChunks(d, cut, chunking(rnd));
    events.addAll(d.reset());
    events.addAll(feedInChunks(d, good.encode(), chunking(rnd)));
    assertEquals(Arrays.asList(good), goodFrames(events));
    assertEquals(0, d.buffered());

    d = new FrameDecoder();
    events = feedInChunks(d, concat(cut, good.encode()), chunking(rnd));
    events.addAll(d.reset());
    assertEquals(Arrays.asList(good), goodFrames(events));
  }

  @ParameterizedTest
  @MethodSource("cn.unioncard.protocol.testing.Seeds#seeds")
  void junkGivesTheSameEventsHoweverItIsCut(long seed) {
    Random rnd = new Random(seed);
    byte[] junk = new byte[0];
    for (int n = rnd.nextInt(6); n >= 0; n--) {
      junk = concat(junk, rnd.nextBoolean() ? noise(rnd) : Seeds.mutate(rnd, new Frame(0x21, Seeds.bytes(rnd, 40)).encode()));
    }
    FrameDecoder whole = new FrameDecoder();
    List<FrameEvent> expected = whole.feed(junk);
    expected.addAll(whole.reset());
    FrameDecoder pieces = new FrameDecoder();
    List<FrameEvent> actual = feedInChunks(pieces, junk, chunking(rnd));
    actual.addAll(pieces.reset());
    assertEquals(mergeNoise(expected), mergeNoise(actual));
    assertEquals(junk.length, consumed(expected), "every byte is in exactly one event");
  }

  // --- Helpers ---------------------------------------------------------------------------------------------

  /** Feeds {@code line} in pieces of the sizes in {@code sizes} (cycled). */
  static List<FrameEvent> feedInChunks(FrameDecoder d, byte[] line, int[] sizes) {
    List<FrameEvent> events = new ArrayList<>();
    int at = 0;
    for (int i = 0; at < line.length; i++) {
      int n = Math.min(sizes[i % sizes.length], line.length - at);
      events.addAll(d.feed(line, at, n));
      assertTrue(d.buffered() < Frame.MAX_FRAME);
      at += n;
    }
    return mergeNoise(events);
  }

  /** Chunk sizes: single bytes, small pieces, or large ones. */
  static int[] chunking(Random rnd) {
    int[] sizes = new int[1 + rnd.nextInt(16)];
    int bound = new int[] {1, 8, 64, 5000}[rnd.nextInt(4)];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = 1 + rnd.nextInt(bound);
    }
    return sizes;
  }

  /** A payload of 0..MAX_PAYLOAD bytes, sometimes exactly 0 or the maximum. */
  static byte[] payload(Random rnd) {
    switch (rnd.nextInt(8)) {
      case 0:
        return new byte[0];
      case 1: {
        byte[] b = new byte[Frame.MAX_PAYLOAD];
        rnd.nextBytes(b);
        return b;
      }
      default:
        return Seeds.bytes(rnd, Frame.MAX_PAYLOAD);
    }
  }

  /** Line noise, rich in the bytes that matter: control bytes, sequence numbers, frame and ACK beginnings. */
  static byte[] noise(Random rnd) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int n = rnd.nextInt(12); n > 0; n--) {
      switch (rnd.nextInt(5)) {
        case 0:
          out.write(new int[] {0x02, 0x03, 0x06, 0x15, 0x20, 0xDF, 0xFD, 0x00, 0xFF}[rnd.nextInt(9)]);
          break;
        case 1: {
          byte[] f = new Frame(0x20 + rnd.nextInt(0xC0), Seeds.bytes(rnd, 30)).encode();
          out.write(f, 0, rnd.nextInt(f.length)); // a frame cut short
          break;
        }
        case 2:
          out.write(rnd.nextBoolean() ? Frame.ACK : Frame.NAK);
          out.write(rnd.nextInt(256));
          break;
        default:
          write(out, Seeds.bytes(rnd, 8));
      }
    }
    return out.toByteArray();
  }

  static List<Frame> goodFrames(List<FrameEvent> events) {
    List<Frame> frames = new ArrayList<>();
    for (FrameEvent e : events) {
      if (e instanceof GoodFrame) {
        frames.add(((GoodFrame) e).frame());
      }
    }
    return frames;
  }

  static List<FrameEvent> mergeNoise(List<FrameEvent> events) {
    List<FrameEvent> out = new ArrayList<>();
    for (FrameEvent e : events) {
      int last = out.size() - 1;
      if (e instanceof Noise && last >= 0 && out.get(last) instanceof Noise) {
        out.set(last, new Noise(((Noise) out.get(last)).bytes() + ((Noise) e).bytes()));
      } else {
        out.add(e);
      }
    }
    return out;
  }

  /** How many input bytes the events account for. */
  static int consumed(List<FrameEvent> events) {
    int n = 0;
    for (FrameEvent e : events) {
      if (e instanceof GoodFrame) {
        n += ((GoodFrame) e).frame().length() + Frame.OVERHEAD;
      } else if (e instanceof Ack || e instanceof Nak) {
        n += 3;
      } else if (e instanceof BadFrame) {
        n += 1;
      } else {
        n += ((Noise) e).bytes();
      }
    }
    return n;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static void write(ByteArrayOutputStream out, byte[] b) {
    out.write(b, 0, b.length);
  }

  @Test
  void helpersCanFail() {
    assertFalse(mergeNoise(Arrays.asList(new Noise(1), new Noise(2))).contains(new Noise(1)));
    assertEquals(Arrays.asList(new Noise(3)), mergeNoise(Arrays.asList(new Noise(1), new Noise(2))));
  }
}
