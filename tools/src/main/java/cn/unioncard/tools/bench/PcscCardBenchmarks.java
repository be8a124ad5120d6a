package cn.unioncard.tools.bench;

import cn.unioncard.agent.card.TerminalData;
import cn.unioncard.protocol.Hex;
import cn.unioncard.sim.replay.BundledTraces;
import cn.unioncard.sim.replay.ReplayCard;
import cn.unioncard.sim.vpcd.PcscDaemon;
import cn.unioncard.sim.vpcd.VpcdCard;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Collections;
import java.util.regex.Pattern;

/**
 * The card path through the PC/SC adapter, pcscd and vpcd to the replay card of {@code debit-and-transit.trace} in
 * this process: {@code apdu-rtt-pcsc} and {@code read-pcsc}. Each starts its own pcscd with the bench reader; each is
 * skipped (null), with the reason on stderr, where pcscd or vpcd is missing or another pcscd runs.
 */
final class PcscCardBenchmarks {
  /** The vpcd reader the PC/SC benchmarks use: slot 0 on this port (clear of the tests' 35981 and 35991). */
  static final PcscDaemon.Reader BENCH_READER = new PcscDaemon.Reader("UnionCard Bench", 35995);

  private final BenchSettings settings;

  PcscCardBenchmarks(BenchSettings settings) {
    this.settings = settings;
  }

  /** A measurement through the adapter's opened reader. */
  @FunctionalInterface
  private interface PcscBench {
    ObjectNode run(PcscTimings timings) throws Exception;
  }

  /**
   * {@code apdu-rtt-pcsc}: one APDU (GET BALANCE) through the PC/SC adapter, pcscd and vpcd to the replay card in this
   * process; at most 5,000 after a quarter as many (at least 200) unmeasured.
   */
  ObjectNode apduRoundTrip() throws Exception {
    byte[] getBalance = Hex.of("805C000204");
    int count = Math.min(settings.n(), 5000);
    return throughPcscd("apdu-rtt-pcsc", b -> Measurement.summary("apdu-rtt-pcsc", "us",
        b.apduRoundTrips(getBalance, Math.max(200, count / 4), count)));
  }

  /**
   * {@code read-pcsc}: the whole card read of the debit-and-transit card through the PC/SC adapter, pcscd and vpcd;
   * at most 500 after a quarter as many (at least 50) unmeasured.
   */
  ObjectNode read() throws Exception {
    int count = Math.min(settings.n(), 500);
    return throughPcscd("read-pcsc", b -> {
      PcscTimings.Reads reads = b.reads(TerminalData.defaults(), Math.max(50, count / 4), count);
      ObjectNode r = Measurement.summary("read-pcsc", "ms", reads.nanos());
      r.put("apdus", reads.apdus());
      return r;
    });
  }

  /**
   * Starts pcscd with the bench reader, puts the replay card into it through vpcd, and runs {@code bench} through
   * the PC/SC adapter; null (and the reason on stderr) when pcscd or vpcd cannot run here.
   */
  private ObjectNode throughPcscd(String benchName, PcscBench bench) throws Exception {
    String why = PcscDaemon.unavailableReason();
    if (why != null) {
      settings.err().println(benchName + ": skipped: " + why);
      return null;
    }
    try (PcscDaemon pcscd = PcscDaemon.start(Collections.singletonList(BENCH_READER));
        VpcdCard card = new VpcdCard(new ReplayCard(BundledTraces.load(BundledTraces.DEBIT_AND_TRANSIT)),
            VpcdCard.CONTACTLESS_ATR)) {
      card.insert("127.0.0.1", BENCH_READER.port());
      try (PcscTimings b = PcscTimings.open(Pattern.quote(BENCH_READER.pcscName()), Duration.ofSeconds(10))) {
        ObjectNode r = bench.run(b);
        r.put("card", BundledTraces.DEBIT_AND_TRANSIT);
        r.put("path", "PcscReaders (jnasmartcardio) -> pcscd -> vpcd -> VpcdCard -> replay card");
        return r;
      }
    }
  }
}
