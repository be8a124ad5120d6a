package cn.unioncard.serial;

import cn.unioncard.ports.ecr.EcrConfig;
import cn.unioncard.ports.ecr.FrameLink;
import cn.unioncard.protocol.ecr.Frame;
import cn.unioncard.protocol.ecr.Item;
import cn.unioncard.protocol.ecr.Sale;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The serial round trip of a SALE frame and its ACK (issue 5's figure): two {@link FrameLink}s on the two
 * ends of a socat pseudo-terminal pair opened through jssc at 115200 baud 8N1; one sends the frame of the
 * documented SALE example (docs/ecr-protocol.md §9.6), the other ACKs it, and the time from the send to the
 * ACK's arrival is one sample. A pseudo-terminal ignores the baud rate, so the figure to compare with is the
 * line time those bytes would take on a real 115200 baud line ({@link #lineTimeMicros}).
 */
public final class SerialRoundTripBenchmark {
  /** Bits per byte at 8N1: start bit, 8 data bits, stop bit. */
  public static final int BITS_PER_BYTE = 10;
  public static final int BAUD = 115200;

  private SerialRoundTripBenchmark() {}

  /** The SALE of the worked example. */
  public static byte[] salePayload() {
    return new Sale("POS1-000123", 9700,
        Collections.singletonList(new Item("6901234567892", "面粉 25kg", "GRAIN", 1000, 9700, 9700)), false).encode();
  }

  /** Bytes on the wire for one round trip: the frame and the 3-byte ACK. */
  public static int wireBytes() {
    return salePayload().length + Frame.OVERHEAD + 3;
  }

  /** The time {@link #wireBytes()} take at 115200 baud 8N1, in microseconds. */
  public static double lineTimeMicros() {
    return wireBytes() * (double) BITS_PER_BYTE * 1e6 / BAUD;
  }

  /**
   * Runs {@code warmup} unmeasured and {@code n} measured round trips.
   *
   * @return the {@code n} round-trip times in nanoseconds, in the order measured
   * @throws IOException socat is missing or a frame went unacknowledged
   */
  public static long[] run(int warmup, int n) throws IOException, InterruptedException {
    String why = SocatPair.unavailable();
    if (why != null) {
      throw new IOException(why);
    }
    Path dir = Files.createTempDirectory("ucard-serial-bench");
    try (SocatPair socat = new SocatPair(dir).start()) {
      EcrConfig config = EcrConfig.defaults();
      JsscEcrPort a = new JsscEcrPort(new JsscEcrPort.Settings(socat.a.toString(), BAUD)).open();
      JsscEcrPort b = new JsscEcrPort(new JsscEcrPort.Settings(socat.b.toString(), BAUD)).open();
      try (FrameLink register = new FrameLink(b, config, payload -> {}, "bench-register").start();
          FrameLink terminal = new FrameLink(a, config, payload -> {}, "bench-terminal").start()) {
        byte[] payload = salePayload();
        for (int i = 0; i < warmup; i++) {
          register.send(payload);
        }
        long[] samples = new long[n];
        for (int i = 0; i < n; i++) {
          long start = System.nanoTime();
          register.send(payload);
          samples[i] = System.nanoTime() - start;
        }
        return samples;
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
