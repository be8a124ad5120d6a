package cn.unioncard.tools.bench;

import cn.unioncard.agent.gate.Gate;
import cn.unioncard.agent.gate.Hotlist;
import cn.unioncard.agent.gate.Psam;
import cn.unioncard.agent.gate.TapResult;
import cn.unioncard.agent.gate.fare.FareEngine;
import cn.unioncard.agent.gate.fare.FareTable;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.app.Ucard;
import cn.unioncard.app.UserError;
import cn.unioncard.pcsc.PcscConfig;
import cn.unioncard.pcsc.PcscReaders;
import cn.unioncard.pcsc.ReaderRole;
import cn.unioncard.ports.card.ApduTransport;
import cn.unioncard.sim.card.CardApplication;
import cn.unioncard.sim.card.SimulatedCard;
import cn.unioncard.sim.card.psam.PsamCard;
import cn.unioncard.sim.card.transit.TransitApplications;
import cn.unioncard.sim.card.transit.TransitState;
import cn.unioncard.sim.vpcd.PcscDaemon;
import cn.unioncard.sim.vpcd.VpcdCard;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A bus ride at the gate, a model worker's on the simulated transit card with the simulated PSAM, the store on disk:
 * {@code gate-tap} with both in this process, {@code gate-tap-pcsc} through the PC/SC adapter and the real pcscd.
 */
final class GateBenchmarks {
  /** The gate the gate benchmarks stand at: a bus validator on line 0007. */
  private static final Gate.Config BENCH_BUS = new Gate.Config("0007", "0000", FareEngine.Direction.BOARDING, "5180",
      "0000000000000001", Duration.ofMinutes(5));

  private final BenchSettings settings;

  GateBenchmarks(BenchSettings settings) {
    this.settings = settings;
  }

  /** A flat 2.00 bus fare, model workers at half fare funded by the union. */
  private static FareTable benchFares() throws Exception {
    String fares = "{\"version\": 1, \"operator\": \"BENCH\","
        + " \"lines\": {\"0007\": {\"kind\": \"flat\", \"fare_fen\": 200}},"
        + " \"concessions\": {\"model_worker\": {\"percent_off\": 50, \"union_funded\": true}}}";
    return FareTable.parse(fares.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * {@code gate-tap}: the gate's own time per tap, the card and the PSAM in this process. The time inside the card's
   * and the PSAM's {@code transmit} is taken out, and so is the time in the store (its two durable commits: the
   * intent and the outcome), which is reported apart ({@code store_p50}, {@code store_p99}) as the disk's share;
   * {@code total_p99} is the whole tap less the card and PSAM. {@link Gate#prepare()} runs between taps, as the
   * adapter runs it while idle. At most 2,000 taps after a quarter as many (at least 500) unmeasured.
   */
  ObjectNode tap() throws Exception {
    Path work = settings.workDir("gate");
    int taps = Math.min(settings.n(), 2000);
    TransitState state = TransitState.ordinary(1_000_000);
    List<CardApplication> apps = TransitApplications.of(state, () -> { });
    SimulatedCard card = SimulatedCard.builder().application(apps.get(0)).application(apps.get(1)).build();
    long[] inside = new long[1];
    ApduTransport timedCard = c -> {
      long t = System.nanoTime();
      try {
        return card.transmit(c);
      } finally {
        inside[0] += System.nanoTime() - t;
      }
    };
    PsamCard psamCard = PsamCard.open(work.resolve("psam.json"));
    ApduTransport timedPsam = c -> {
      long t = System.nanoTime();
      try {
        return psamCard.transmit(c);
      } finally {
        inside[0] += System.nanoTime() - t;
      }
    };
    FareTable table = benchFares();
    Hotlist hotlist = Hotlist.empty();
    int[] counts = new int[3];
    StepTimes times = new StepTimes();
    try (TransactionStore store = TransactionStore.open(work.resolve("gate.db"), "G0000001", Clock.systemDefaultZone(),
        0, times)) {
      Gate gate = new Gate(BENCH_BUS, Psam.open(timedPsam), store, () -> table, () -> hotlist,
          Clock.systemDefaultZone(), times);
      long[] own = new long[taps];
      long[] inStore = new long[taps];
      long[] total = new long[taps];
      int warmup = Math.max(500, taps / 4);
      for (int i = 0; i < taps + warmup; i++) {
        gate.prepare();
        card.enterField();
        inside[0] = 0;
        times.reset();
        long t = System.nanoTime();
        TapResult r = gate.tap(timedCard, "model_worker");
        long took = System.nanoTime() - t;
        card.leaveField();
        if (r.outcome() != TapResult.Outcome.OPEN) {
          throw new IllegalStateException("tap " + i + ": " + r.message());
        }
        counts[0] = r.cardApdus();
        counts[1] = r.psamApdus();
        counts[2] = r.storeCommits();
        if (i >= warmup) {
          own[i - warmup] = took - inside[0] - times.storeNanos;
          inStore[i - warmup] = times.storeNanos;
          total[i - warmup] = took - inside[0];
        }
      }
      ObjectNode o = Measurement.summary("gate-tap", "ms", own);
      o.put("card_apdus", counts[0]);
      o.put("psam_apdus", counts[1]);
      o.put("store_commits", counts[2]);
      ObjectNode s = Measurement.summary("store", "ms", inStore);
      o.put("store_p50", s.get("p50").asDouble());
      o.put("store_p99", s.get("p99").asDouble());
      ObjectNode all = Measurement.summary("total", "ms", total);
      o.put("total_p50", all.get("p50").asDouble());
      o.put("total_p99", all.get("p99").asDouble());
      return o;
    } finally {
      BenchSettings.deleteWork(work);
    }
  }

  /**
   * {@code gate-tap-pcsc}: a tap to gate open through the PC/SC adapter and the real pcscd: the simulated transit card
   * in the bench vpcd reader's slot 0 (contactless), the simulated PSAM in slot 1, {@code PcscReaders} with both roles
   * as in service, the store on disk. The clock runs from the adapter handing the card to the gate to the gate's
   * answer (the trip stored, the gate may open); the card stays in the reader between taps, so pcscd's card detection
   * (its polling of vpcd) is not in the figure. At most 500 taps after a quarter as many (at least 50) unmeasured.
   * Skipped (null), with the reason on stderr, where pcscd or vpcd cannot run.
   */
  ObjectNode tapThroughPcscd() throws Exception {
    String why = PcscDaemon.unavailableReason();
    if (why != null) {
      settings.err().println("gate-tap-pcsc: skipped: " + why);
      return null;
    }
    Path work = settings.workDir("gate-pcsc");
    int taps = Math.min(settings.n(), 500);
    int warmup = Math.max(50, taps / 4);
    TransitState state = TransitState.ordinary(1_000_000);
    SimulatedCard transit = SimulatedCard.builder()
        .application(TransitApplications.of(state, () -> { }).get(0)).build();
    FareTable table = benchFares();
    Hotlist hotlist = Hotlist.empty();
    StepTimes times = new StepTimes();
    PcscDaemon.Reader bench = PcscCardBenchmarks.BENCH_READER;
    try (PcscDaemon pcscd = PcscDaemon.start(Collections.singletonList(bench));
        VpcdCard cardSlot = new VpcdCard(transit, VpcdCard.CONTACTLESS_ATR);
        VpcdCard psamSlot = new VpcdCard(PsamCard.open(work.resolve("psam.json")), PsamCard.ATR);
        PcscReaders readers = PcscReaders.start(PcscConfig.builder()
                .reader(ReaderRole.CONTACTLESS, Pattern.quote(bench.pcscName(0)))
                .reader(ReaderRole.PSAM, Pattern.quote(bench.pcscName(1)))
                .build(), event -> { });
        TransactionStore store = TransactionStore.open(work.resolve("gate.db"), "G0000001",
            Clock.systemDefaultZone(), 0, times)) {
      psamSlot.insert("127.0.0.1", bench.port(1));
      cardSlot.insert("127.0.0.1", bench.port(0));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!readers.isCardPresent(ReaderRole.CONTACTLESS) || !readers.isCardPresent(ReaderRole.PSAM)) {
        if (System.nanoTime() > deadline) {
          throw new UserError("gate-tap-pcsc: the card or the PSAM did not appear in " + bench.pcscName()
              + " within 10 s", Ucard.FAILED);
        }
        Thread.sleep(10);
      }
      ApduTransport card = readers.card(ReaderRole.CONTACTLESS);
      Gate gate = new Gate(BENCH_BUS, Psam.open(readers.card(ReaderRole.PSAM)), store, () -> table, () -> hotlist,
          Clock.systemDefaultZone(), times);
      long[] t = new long[taps];
      long[] inStore = new long[taps];
      int[] counts = new int[3];
      for (int i = 0; i < taps + warmup; i++) {
        gate.prepare();
        transit.enterField();
        times.reset();
        long s = System.nanoTime();
        TapResult r = gate.tap(card, "model_worker");
        long took = System.nanoTime() - s;
        if (r.outcome() != TapResult.Outcome.OPEN) {
          throw new UserError("gate-tap-pcsc: tap " + i + ": " + r.message(), Ucard.FAILED);
        }
        counts[0] = r.cardApdus();
        counts[1] = r.psamApdus();
        counts[2] = r.storeCommits();
        if (i >= warmup) {
          t[i - warmup] = took;
          inStore[i - warmup] = times.storeNanos;
        }
      }
      ObjectNode o = Measurement.summary("gate-tap-pcsc", "ms", t);
      o.put("card_apdus", counts[0]);
      o.put("psam_apdus", counts[1]);
      o.put("store_commits", counts[2]);
      ObjectNode st = Measurement.summary("store", "ms", inStore);
      o.put("store_p50", st.get("p50").asDouble());
      o.put("store_p99", st.get("p99").asDouble());
      o.put("path", "Gate -> PcscReaders (jnasmartcardio) -> pcscd -> vpcd slot 0 card, slot 1 PSAM");
      return o;
    } finally {
      BenchSettings.deleteWork(work);
    }
  }
}
