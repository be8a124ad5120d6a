package cn.unioncard.tools.bench;

import cn.unioncard.agent.card.CardRead;
import cn.unioncard.agent.card.CardSession;
import cn.unioncard.agent.card.TerminalData;
import cn.unioncard.pcsc.PcscConfig;
import cn.unioncard.pcsc.PcscReaders;
import cn.unioncard.pcsc.ReaderRole;
import cn.unioncard.ports.card.ApduTransport;
import cn.unioncard.ports.card.TransportException;
import java.time.Duration;

/**
 * Timings through the adapter and pcscd: one APDU round trip, and the whole card read. The caller provides the
 * pcscd and the card ({@link PcscCardBenchmarks} starts pcscd with a vpcd reader and puts the simulator's card
 * in it); this measures with {@link System#nanoTime()} around each operation, after a warm-up. It serves the bench
 * only, so it lives beside {@link BenchCommand}.
 */
final class PcscTimings implements AutoCloseable {
  /** A whole read: the time of each, and the APDUs one read took. */
  record Reads(long[] nanos, int apdus) {}

  private final PcscReaders readers;
  private final ApduTransport card;

  private PcscTimings(PcscReaders readers, ApduTransport card) {
    this.readers = readers;
    this.card = card;
  }

  /**
   * Opens the contactless reader whose name {@code readerPattern} finds and waits at most {@code wait} for a card
   * in it. The card is used through {@link PcscReaders#card} (the same stack as a tap, without the fresh-tap rule,
   * so a card put there before the adapter started will do).
   *
   * @throws IllegalStateException when no reader or no card appears in time
   */
  static PcscTimings open(String readerPattern, Duration wait) throws InterruptedException {
    PcscReaders readers = PcscReaders.start(
        PcscConfig.builder().reader(ReaderRole.CONTACTLESS, readerPattern).build(), event -> { });
    long deadline = System.nanoTime() + wait.toNanos();
    while (!readers.isCardPresent(ReaderRole.CONTACTLESS)) {
      if (System.nanoTime() > deadline) {
        readers.close();
        throw new IllegalStateException("no card on a reader matching \"" + readerPattern + "\" within " + wait);
      }
      Thread.sleep(10);
    }
    return new PcscTimings(readers, readers.card(ReaderRole.CONTACTLESS));
  }

  /** The card, as the adapter hands it to a flow. */
  ApduTransport card() {
    return card;
  }

  /** {@code n} round trips of {@code command} (after {@code warmup} unmeasured ones), each in nanoseconds. */
  long[] apduRoundTrips(byte[] command, int warmup, int n) throws TransportException {
    for (int i = 0; i < warmup; i++) {
      card.transmit(command);
    }
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      long s = System.nanoTime();
      card.transmit(command);
      t[i] = System.nanoTime() - s;
    }
    return t;
  }

  /** {@code n} whole card reads ({@link CardSession#read()}, after {@code warmup} unmeasured ones). */
  Reads reads(TerminalData terminal, int warmup, int n) throws TransportException {
    for (int i = 0; i < warmup; i++) {
      new CardSession(card, terminal).read();
    }
    long[] t = new long[n];
    int apdus = 0;
    for (int i = 0; i < n; i++) {
      long s = System.nanoTime();
      CardRead r = new CardSession(card, terminal).read();
      t[i] = System.nanoTime() - s;
      apdus = r.apduCount();
    }
    return new Reads(t, apdus);
  }

  @Override
  public void close() {
    readers.close();
  }
}
