package cn.unioncard.ports.ecr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.ecr.Frame;
import cn.unioncard.protocol.ecr.FrameDecoder;
import cn.unioncard.protocol.ecr.FrameEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One FrameLink against a peer that writes and reads raw bytes: the bytes on the wire, checked. */
class FrameLinkTest {
  private final MemoryEcrPort[] pipe = MemoryEcrPort.pair();
  private final LinkedBlockingQueue<byte[]> delivered = new LinkedBlockingQueue<>();
  private final FrameLink link = new FrameLink(pipe[0], EcrConfig.fast(), delivered::add, "test").start();
  private final MemoryEcrPort peer = pipe[1];

  @AfterEach
  void close() {
    link.close();
  }

  /** Everything the link writes within {@code millis}. */
  private byte[] drain(int millis) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    long end = System.nanoTime() + millis * 1_000_000L;
    while (System.nanoTime() < end) {
      int n = peer.read(buf, 10);
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  /** The next event the link writes: waits up to 2 s. */
  private FrameEvent next(FrameDecoder d) throws IOException {
    byte[] buf = new byte[4096];
    long end = System.nanoTime() + 2_000_000_000L;
    List<FrameEvent> pending = new ArrayList<>();
    while (System.nanoTime() < end) {
      int n = peer.read(buf, 20);
      for (FrameEvent e : d.feed(buf, 0, n)) {
        if (!(e instanceof FrameEvent.Noise)) {
          pending.add(e);
        }
      }
      if (!pending.isEmpty()) {
        return pending.get(0);
      }
    }
    throw new AssertionError("the link wrote nothing");
  }

  @Test
  void aGoodFrameIsAckedAndDeliveredOnce() throws Exception {
    byte[] frame = Hex.of("02 21 0003 414243 03 CA92");
    peer.write(frame);
    assertArrayEquals(Hex.of("06 21 DE"), drain(150));
    assertArrayEquals(Hex.of("414243"), delivered.poll(1, TimeUnit.SECONDS));
    // The same frame again (our ACK was lost): ACKed again, not delivered (§8.7).
    peer.write(frame);
    assertArrayEquals(Hex.of("06 21 DE"), drain(150));
    assertEquals(null, delivered.poll(100, TimeUnit.MILLISECONDS));
    assertEquals(1, link.duplicatesDropped());
    // Same SEQ, another payload: the peer restarted, a new frame.
    peer.write(new Frame(0x21, Hex.of("44")).encode());
    assertArrayEquals(Hex.of("06 21 DE"), drain(150));
    assertArrayEquals(Hex.of("44"), delivered.poll(1, TimeUnit.SECONDS));
  }

  @Test
  void aDamagedFrameIsNakedAndItsResendAccepted() throws Exception {
    peer.write(Hex.of("02 21 0003 414247 03 CA92"));
    assertArrayEquals(Hex.of("15 21 DE"), drain(150));
    peer.write(Hex.of("02 21 0003 414243 03 CA92"));
    assertArrayEquals(Hex.of("06 21 DE"), drain(150));
    assertArrayEquals(Hex.of("414243"), delivered.poll(1, TimeUnit.SECONDS));
  }

  @Test
  void aFrameCutShortIsNakedAfterTheInterByteTimeoutAndTheNextIsFound() throws Exception {
    byte[] frame = Hex.of("02 22 0004 02030615 03 624B");
    peer.write(java.util.Arrays.copyOf(frame, 6));
    // 100 ms of silence: given up, NAKed as TRUNCATED.
    assertArrayEquals(Hex.of("15 22 DD"), drain(250));
    peer.write(Hex.of("FF 7E 00"));
    peer.write(frame);
    assertArrayEquals(Hex.of("06 22 DD"), drain(150));
    assertArrayEquals(Hex.of("02030615"), delivered.poll(1, TimeUnit.SECONDS));
  }

  @Test
  void sendWaitsForTheAckAndResendsOnNak() throws Exception {
    CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
      try {
        link.send(Hex.of("414243"));
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    });
    FrameDecoder d = new FrameDecoder();
    FrameEvent.GoodFrame first = (FrameEvent.GoodFrame) next(d);
    int seq = first.frame().seq();
    assertArrayEquals(Hex.of("414243"), first.frame().payload());
    peer.write(Frame.nak(seq));
    FrameEvent.GoodFrame again = (FrameEvent.GoodFrame) next(d);
    assertEquals(first.frame(), again.frame());
    peer.write(Frame.ack(Frame.nextSeq(seq))); // an ACK of another frame is ignored
    peer.write(Frame.ack(seq));
    sent.get(2, TimeUnit.SECONDS);
    assertEquals(2, link.transmissions());
    assertEquals(1, link.naksReceived());
  }

  @Test
  void givesUpAfterThreeResendsWithoutAck() {
    long start = System.nanoTime();
    EcrUndeliveredException e = assertThrows(EcrUndeliveredException.class, () -> link.send(Hex.of("41")));
    assertEquals(4, e.transmissions());
    assertEquals(0, e.naks());
    assertTrue(e.getMessage().contains("not acknowledged after 4 transmissions"), e.getMessage());
    assertTrue(System.nanoTime() - start >= 4 * 250_000_000L, "waited the ACK timeout four times");
  }

  @Test
  void aNakStormOfFourGivesUpAndOfThreeSucceedsOnTheLastResend() throws Exception {
    for (int storm : new int[] {4, 3, 2}) {
      final int naks = storm;
      CompletableFuture<Integer> peerSide = CompletableFuture.supplyAsync(() -> {
        try {
          FrameDecoder d = new FrameDecoder();
          int frames = 0;
          while (true) {
            FrameEvent e = next(d);
            if (e instanceof FrameEvent.GoodFrame) {
              frames++;
              int seq = ((FrameEvent.GoodFrame) e).frame().seq();
              peer.write(frames <= naks ? Frame.nak(seq) : Frame.ack(seq));
              if (frames > naks || frames == 4) {
                return frames;
              }
            }
          }
        } catch (IOException ex) {
          throw new RuntimeException(ex);
        }
      });
      if (storm == 4) {
        EcrUndeliveredException e = assertThrows(EcrUndeliveredException.class, () -> link.send(Hex.of("41")));
        assertEquals(4, e.transmissions());
        assertEquals(4, e.naks());
        assertEquals(4, peerSide.get(2, TimeUnit.SECONDS));
      } else {
        link.send(Hex.of("42"));
        assertEquals(storm + 1, peerSide.get(2, TimeUnit.SECONDS));
      }
    }
  }
}
