package cn.unioncard.tools;

import cn.unioncard.agent.card.CardRead;
import cn.unioncard.agent.card.CardSession;
import cn.unioncard.agent.card.TerminalData;
import cn.unioncard.app.Ucard;
import cn.unioncard.app.UserError;
import cn.unioncard.protocol.Hex;
import cn.unioncard.serial.SerialRoundTripBenchmark;
import cn.unioncard.sim.replay.BundledTraces;
import cn.unioncard.sim.replay.ReplayCard;
import cn.unioncard.sim.replay.ReplayTrace;
import cn.unioncard.sim.vpcd.PcscDaemon;
import cn.unioncard.sim.vpcd.VpcdCard;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ucard bench [NAME]}: the project's benchmarks, one JSON object a line: {@code name}, {@code unit},
 * {@code n}, {@code p50}, {@code p99} and benchmark-specific fields. Each runs a warm-up first (JIT), then
 * measures every operation with {@link System#nanoTime()}. Benchmarks whose part is not built yet are absent.
 * The PC/SC ones ({@code apdu-rtt-pcsc}, {@code read-pcsc}, {@code gate-tap-pcsc}) start their own pcscd with a vpcd reader and measure
 * fewer operations (at most 5,000 and 500); they are skipped, with the reason on stderr, where pcscd or vpcd is
 * missing or another pcscd runs.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Run the benchmarks and print one JSON object per line.")
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "NAME", description = "One benchmark (default: all).")
  String name;

  @Option(names = "--n", description = "Measured operations per benchmark (default: ${DEFAULT-VALUE}).")
  int n = 20_000;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "Where disk benchmarks write their files (default: the system's temporary directory).")
  java.nio.file.Path dir;

  private static final ObjectMapper JSON = new ObjectMapper();

  @FunctionalInterface
  interface Op {
    void run() throws Exception;
  }

  @Override
  public Integer call() throws Exception {
    if (n < 1) {
      throw new UserError("--n must be at least 1, not " + n, Ucard.BAD_INPUT);
    }
    if (dir != null && !java.nio.file.Files.isDirectory(dir)) {
      throw new UserError("--dir " + dir + " is not a directory", Ucard.BAD_INPUT);
    }
    Map<String, Callable<ObjectNode>> all = new LinkedHashMap<>();
    all.put("apdu-rtt-inprocess", this::apduInProcess);
    all.put("read", this::read);
    all.put("read-provider", this::readProvider);
    all.put("apdu-rtt-pcsc", this::apduPcsc);
    all.put("read-pcsc", this::readPcsc);
    all.put("serial-roundtrip", this::serialRoundTrip);
    all.put("store-append", this::storeAppend);
    all.put("hotlist", this::hotlist);
    all.put("backlog-upload", this::backlogUpload);
    all.put("gate-tap", this::gateTap);
    all.put("gate-tap-pcsc", this::gateTapPcsc);
    all.put("checkout", () -> checkout(true));
    all.put("checkout-bank-inprocess", () -> checkout(false));
    if (name != null && !all.containsKey(name)) {
      throw new UserError("no benchmark named " + name + "; known: " + String.join(", ", all.keySet()), Ucard.BAD_INPUT);
    }
    PrintWriter out = spec.commandLine().getOut();
    for (Map.Entry<String, Callable<ObjectNode>> b : all.entrySet()) {
      if (name == null || name.equals(b.getKey())) {
        ObjectNode result = b.getValue().call();
        if (result != null) { // null: skipped, the reason is on stderr
          out.println(result.toString());
          out.flush();
        }
      }
    }
    return Ucard.OK;
  }

  /** One APDU (GET BALANCE) to the simulator's replay card in the same process. */
  private ObjectNode apduInProcess() throws Exception {
    ReplayCard card = new ReplayCard(BundledTraces.load(BundledTraces.DEBIT_AND_TRANSIT));
    byte[] getBalance = Hex.of("805C000204");
    return measure("apdu-rtt-inprocess", "us", () -> card.transmit(getBalance));
  }

  /** The whole card read of the debit-and-transit card (13 APDUs) over the in-process replay card. */
  private ObjectNode read() throws Exception {
    ReplayTrace trace = BundledTraces.load(BundledTraces.DEBIT_AND_TRANSIT);
    TerminalData terminal = TerminalData.defaults();
    int[] apdus = new int[1];
    ObjectNode r = measure("read", "us", () -> {
      CardRead cr = new CardSession(new ReplayCard(trace), terminal).read();
      apdus[0] = cr.apduCount();
    });
    r.put("apdus", apdus[0]);
    r.put("card", BundledTraces.DEBIT_AND_TRANSIT);
    return r;
  }

  /**
   * Durable appends: the transaction store's {@code begin} (one SQLite transaction, WAL, synchronous=FULL) side by
   * side with a bare insert-and-commit loop with the same settings on the same disk, the physical limit here.
   * Alternating rounds, so both see the same disk weather.
   */
  private ObjectNode storeAppend() throws Exception {
    java.nio.file.Path work = workDir("store");
    int ops = Math.min(n, 2000);
    try (cn.unioncard.agent.store.TransactionStore store = cn.unioncard.agent.store.TransactionStore.open(
            work.resolve("store.db"), "BENCH0001", java.time.Clock.systemUTC());
        java.sql.Connection bare = java.sql.DriverManager.getConnection("jdbc:sqlite:" + work.resolve("bare.db"))) {
      try (java.sql.Statement st = bare.createStatement()) {
        st.executeQuery("PRAGMA journal_mode = WAL").close();
        st.execute("PRAGMA synchronous = FULL");
        st.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
      }
      java.time.LocalDate day = java.time.LocalDate.now();
      java.sql.PreparedStatement insert = bare.prepareStatement("INSERT INTO t (payload) VALUES (?)");
      bare.setAutoCommit(false);
      long[] storeTimes = new long[ops];
      long[] bareTimes = new long[ops];
      for (int i = 0; i < ops + 50; i++) {
        long s = System.nanoTime();
        store.begin(cn.unioncard.agent.store.NewTx.of(cn.unioncard.agent.store.TxType.TRIP, day).amount(200));
        long storeTime = System.nanoTime() - s;
        s = System.nanoTime();
        insert.setString(1, "trip 200");
        insert.executeUpdate();
        bare.commit();
        long bareTime = System.nanoTime() - s;
        if (i >= 50) {
          storeTimes[i - 50] = storeTime;
          bareTimes[i - 50] = bareTime;
        }
      }
      insert.close();
      ObjectNode o = summary("store-append", "us", storeTimes);
      double storeRate = 1e9 / mean(storeTimes);
      double bareRate = 1e9 / mean(bareTimes);
      o.put("appends_per_s", Math.round(storeRate));
      o.put("baseline", Math.round(bareRate));
      o.put("baseline_unit", "appends_per_s");
      o.put("ratio", Math.round(storeRate / bareRate * 1000) / 1000.0);
      o.put("baseline_p50", summary("bare", "us", bareTimes).get("p50").asDouble());
      return o;
    } finally {
      deleteWork(work);
    }
  }

  /**
   * 100,000 approved sales in a real store uploaded by the settlement worker in batches of 500 to the bank simulator
   * on loopback over HTTPS, in a JVM of its own limited to a 64 MB heap ({@link BacklogUploader}); the bank runs in
   * this JVM. One shot: seconds, records per second, the worker's peak heap during the upload.
   */
  private ObjectNode backlogUpload() throws Exception {
    java.nio.file.Path work = workDir("backlog");
    int records = 100_000;
    try (cn.unioncard.sim.bank.BankSimulator bank = cn.unioncard.sim.bank.BankSimulator.start(
        cn.unioncard.sim.bank.BankSimulator.Config.of(work.resolve("bank.db")))) {
      String terminal = "BENCH0001";
      String pan = "6217001234567890125";
      bank.addTerminal(terminal);
      bank.addCard(cn.unioncard.sim.bank.CardSeed.of(pan, "01", "301231", null, 100_000_000L, null));
      java.nio.file.Path ca = work.resolve("ca.pem");
      java.nio.file.Files.write(ca, bank.caPem().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      Process p = new ProcessBuilder(
              java.nio.file.Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
              "-Xmx64m", "-cp", System.getProperty("java.class.path"), BacklogUploader.class.getName(),
              bank.baseUrl().toString(), ca.toString(), terminal, pan, String.valueOf(records), "500",
              work.resolve("terminal.db").toString())
          .redirectErrorStream(true)
          .start();
      String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("the uploader failed: " + output);
      }
      String[] f = output.substring(output.lastIndexOf('\n') + 1).split(" ");
      double seconds = Double.parseDouble(f[0]);
      ObjectNode o = JSON.createObjectNode();
      o.put("name", "backlog-upload");
      o.put("unit", "s");
      o.put("n", 1);
      o.put("p50", Math.round(seconds * 100) / 100.0);
      o.put("p99", Math.round(seconds * 100) / 100.0);
      o.put("records", Long.parseLong(f[1]));
      o.put("settled", Long.parseLong(f[2]));
      o.put("records_per_s", Math.round(Long.parseLong(f[1]) / seconds));
      o.put("peak_heap_mb", Math.round(Long.parseLong(f[3]) / 1048576.0 * 10) / 10.0);
      o.put("xmx_mb", 64);
      o.put("store_mb", Math.round(Long.parseLong(f[4]) / 1048576.0 * 10) / 10.0);
      return o;
    } finally {
      deleteWork(work);
    }
  }

  /**
   * The gate's own time per tap: a bus ride (flat fare, model worker) on the simulated transit card and PSAM in
   * this process, the store on disk. The time inside the card's and the PSAM's {@code transmit} is taken out, and so
   * is the time in the store (its two durable commits: the intent and the outcome), which is reported apart
   * ({@code store_p50}, {@code store_p99}) as the disk's share; {@code total_p99} is the whole tap less the card and
   * PSAM. {@link cn.unioncard.agent.gate.Gate#prepare()} runs between taps, as the adapter runs it while idle.
   */
  private ObjectNode gateTap() throws Exception {
    java.nio.file.Path work = workDir("gate");
    int taps = Math.min(n, 2000);
    cn.unioncard.sim.card.transit.TransitState state = cn.unioncard.sim.card.transit.TransitState.ordinary(1_000_000);
    java.util.List<cn.unioncard.sim.card.CardApplication> apps =
        cn.unioncard.sim.card.transit.TransitApplications.of(state, () -> { });
    cn.unioncard.sim.card.SimulatedCard card = cn.unioncard.sim.card.SimulatedCard.builder()
        .application(apps.get(0)).application(apps.get(1)).build();
    long[] inside = new long[1];
    cn.unioncard.ports.card.ApduTransport timedCard = c -> {
      long t = System.nanoTime();
      try {
        return card.transmit(c);
      } finally {
        inside[0] += System.nanoTime() - t;
      }
    };
    cn.unioncard.sim.card.psam.PsamCard psamCard = cn.unioncard.sim.card.psam.PsamCard.open(work.resolve("psam.json"));
    cn.unioncard.ports.card.ApduTransport timedPsam = c -> {
      long t = System.nanoTime();
      try {
        return psamCard.transmit(c);
      } finally {
        inside[0] += System.nanoTime() - t;
      }
    };
    cn.unioncard.agent.gate.fare.FareTable table = benchFares();
    cn.unioncard.agent.gate.Hotlist hotlist = cn.unioncard.agent.gate.Hotlist.empty();
    int[] counts = new int[3];
    StepTimes times = new StepTimes();
    try (cn.unioncard.agent.store.TransactionStore store = cn.unioncard.agent.store.TransactionStore.open(
        work.resolve("gate.db"), "G0000001", java.time.Clock.systemDefaultZone(), 0, times)) {
      cn.unioncard.agent.gate.Gate gate = new cn.unioncard.agent.gate.Gate(BENCH_BUS,
          cn.unioncard.agent.gate.Psam.open(timedPsam), store, () -> table, () -> hotlist,
          java.time.Clock.systemDefaultZone(), times);
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
        cn.unioncard.agent.gate.TapResult r = gate.tap(timedCard, "model_worker");
        long took = System.nanoTime() - t;
        card.leaveField();
        if (r.outcome() != cn.unioncard.agent.gate.TapResult.Outcome.OPEN) {
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
      ObjectNode o = summary("gate-tap", "ms", own);
      o.put("card_apdus", counts[0]);
      o.put("psam_apdus", counts[1]);
      o.put("store_commits", counts[2]);
      ObjectNode s = summary("store", "ms", inStore);
      o.put("store_p50", s.get("p50").asDouble());
      o.put("store_p99", s.get("p99").asDouble());
      ObjectNode all = summary("total", "ms", total);
      o.put("total_p50", all.get("p50").asDouble());
      o.put("total_p99", all.get("p99").asDouble());
      return o;
    } finally {
      deleteWork(work);
    }
  }

  /** The gate the gate benchmarks stand at: a bus validator on line 0007. */
  static final cn.unioncard.agent.gate.Gate.Config BENCH_BUS = new cn.unioncard.agent.gate.Gate.Config("0007",
      "0000", cn.unioncard.agent.gate.fare.FareEngine.Direction.BOARDING, "5180", "0000000000000001",
      java.time.Duration.ofMinutes(5));

  /** A flat 2.00 bus fare, model workers at half fare funded by the union. */
  static cn.unioncard.agent.gate.fare.FareTable benchFares() throws Exception {
    String fares = "{\"version\": 1, \"operator\": \"BENCH\", \"lines\": {\"0007\": {\"kind\": \"flat\", \"fare_fen\": 200}},"
        + " \"concessions\": {\"model_worker\": {\"percent_off\": 50, \"union_funded\": true}}}";
    return cn.unioncard.agent.gate.fare.FareTable.parse(fares.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * A tap to gate open through the PC/SC adapter and the real pcscd: the simulated transit card in the bench vpcd
   * reader's slot 0 (contactless), the simulated PSAM in slot 1, {@code PcscReaders} with both roles as in service,
   * the store on disk. The clock runs from the adapter handing the card to the gate to the gate's answer (the trip
   * stored, the gate may open); the card stays in the reader between taps, so pcscd's card detection (its polling of
   * vpcd) is not in the figure. Skipped, with the reason on stderr, where pcscd or vpcd cannot run.
   */
  private ObjectNode gateTapPcsc() throws Exception {
    String why = PcscDaemon.unavailableReason();
    if (why != null) {
      spec.commandLine().getErr().println("gate-tap-pcsc: skipped: " + why);
      return null;
    }
    java.nio.file.Path work = workDir("gate-pcsc");
    int taps = Math.min(n, 500);
    int warmup = Math.max(50, taps / 4);
    cn.unioncard.sim.card.transit.TransitState state = cn.unioncard.sim.card.transit.TransitState.ordinary(1_000_000);
    cn.unioncard.sim.card.SimulatedCard transit = cn.unioncard.sim.card.SimulatedCard.builder()
        .application(cn.unioncard.sim.card.transit.TransitApplications.of(state, () -> { }).get(0)).build();
    cn.unioncard.agent.gate.fare.FareTable table = benchFares();
    cn.unioncard.agent.gate.Hotlist hotlist = cn.unioncard.agent.gate.Hotlist.empty();
    StepTimes times = new StepTimes();
    try (PcscDaemon pcscd = PcscDaemon.start(Collections.singletonList(BENCH_READER));
        VpcdCard cardSlot = new VpcdCard(transit, VpcdCard.CONTACTLESS_ATR);
        VpcdCard psamSlot = new VpcdCard(cn.unioncard.sim.card.psam.PsamCard.open(work.resolve("psam.json")),
            cn.unioncard.sim.card.psam.PsamCard.ATR);
        cn.unioncard.pcsc.PcscReaders readers = cn.unioncard.pcsc.PcscReaders.start(
            cn.unioncard.pcsc.PcscConfig.builder()
                .reader(cn.unioncard.pcsc.ReaderRole.CONTACTLESS, Pattern.quote(BENCH_READER.pcscName(0)))
                .reader(cn.unioncard.pcsc.ReaderRole.PSAM, Pattern.quote(BENCH_READER.pcscName(1)))
                .build(), event -> { });
        cn.unioncard.agent.store.TransactionStore store = cn.unioncard.agent.store.TransactionStore.open(
            work.resolve("gate.db"), "G0000001", java.time.Clock.systemDefaultZone(), 0, times)) {
      psamSlot.insert("127.0.0.1", BENCH_READER.port(1));
      cardSlot.insert("127.0.0.1", BENCH_READER.port(0));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!readers.isCardPresent(cn.unioncard.pcsc.ReaderRole.CONTACTLESS)
          || !readers.isCardPresent(cn.unioncard.pcsc.ReaderRole.PSAM)) {
        if (System.nanoTime() > deadline) {
          throw new UserError("gate-tap-pcsc: the card or the PSAM did not appear in " + BENCH_READER.pcscName()
              + " within 10 s", Ucard.FAILED);
        }
        Thread.sleep(10);
      }
      cn.unioncard.ports.card.ApduTransport card = readers.card(cn.unioncard.pcsc.ReaderRole.CONTACTLESS);
      cn.unioncard.agent.gate.Gate gate = new cn.unioncard.agent.gate.Gate(BENCH_BUS,
          cn.unioncard.agent.gate.Psam.open(readers.card(cn.unioncard.pcsc.ReaderRole.PSAM)), store, () -> table,
          () -> hotlist, java.time.Clock.systemDefaultZone(), times);
      long[] t = new long[taps];
      long[] inStore = new long[taps];
      int[] counts = new int[3];
      for (int i = 0; i < taps + warmup; i++) {
        gate.prepare();
        transit.enterField();
        times.reset();
        long s = System.nanoTime();
        cn.unioncard.agent.gate.TapResult r = gate.tap(card, "model_worker");
        long took = System.nanoTime() - s;
        if (r.outcome() != cn.unioncard.agent.gate.TapResult.Outcome.OPEN) {
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
      ObjectNode o = summary("gate-tap-pcsc", "ms", t);
      o.put("card_apdus", counts[0]);
      o.put("psam_apdus", counts[1]);
      o.put("store_commits", counts[2]);
      ObjectNode st = summary("store", "ms", inStore);
      o.put("store_p50", st.get("p50").asDouble());
      o.put("store_p99", st.get("p99").asDouble());
      o.put("path", "Gate -> PcscReaders (jnasmartcardio) -> pcscd -> vpcd slot 0 card, slot 1 PSAM");
      return o;
    } finally {
      deleteWork(work);
    }
  }

  /**
   * A member's SALE at a checkout, from the SALE's payload received to the RESULT's payload ready to send: the flour
   * of the union's example (97.00 -> 91.00, the benefit account pays), the model worker's simulated card in this
   * process read by the real payment kernel (one pass: identified, priced, then the cryptogram for 91.00), the bank
   * simulator on loopback over HTTPS (balance and authorisation), the store on disk. The agent's own time leaves out
   * the time inside the card's {@code transmit}, the bank calls and the store's durable commits; the commits
   * (synchronous=FULL, three per sale) are reported on their own.
   *
   * @param bankProcess the bank simulator in a process of its own ({@link BenchBank}; {@code checkout}), or in this
   *     JVM ({@code checkout-bank-inprocess}, the earlier arrangement, kept to compare side by side)
   */
  private ObjectNode checkout(boolean bankProcess) throws Exception {
    java.nio.file.Path work = workDir("checkout");
    int sales = Math.min(n, 1000);
    String terminal = "T0000001";
    String merchant = "M000123";
    cn.unioncard.sim.bank.BankSimulator inProcess = null;
    Process bankJvm = null;
    try {
      String baseUrl;
      String caPem;
      if (bankProcess) {
        bankJvm = new ProcessBuilder(
                java.nio.file.Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BenchBank.class.getName(), work.toString(), terminal,
                merchant)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
        java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(
            bankJvm.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("BANK ")) {
          throw new IllegalStateException("the bank process did not start: " + line);
        }
        baseUrl = line.substring(5).trim();
        caPem = new String(java.nio.file.Files.readAllBytes(work.resolve("bank-ca.pem")),
            java.nio.charset.StandardCharsets.US_ASCII);
      } else {
        inProcess = cn.unioncard.sim.bank.BankSimulator.start(
            cn.unioncard.sim.bank.BankSimulator.Config.of(work.resolve("bank.db")));
        inProcess.addTerminal(terminal);
        inProcess.addMerchant(merchant, "Bench");
        cn.unioncard.sim.ProfileBank.seed(inProcess);
        inProcess.setBalance(cn.unioncard.sim.card.Profiles.load("model-worker").debit().pan(), "benefit",
            100_000_000_000L);
        baseUrl = inProcess.baseUrl().toString();
        caPem = inProcess.caPem();
      }
      cn.unioncard.sim.card.CardProfile profile = cn.unioncard.sim.card.Profiles.load("model-worker");
      cn.unioncard.sim.card.SimulatedCard card = cn.unioncard.sim.card.SimulatedCard.of(profile);
      String rules = "{\"version\": 1, \"rules\": [{\"id\": \"FLOUR\", \"description\": \"面粉会员价\","
          + " \"merchants\": [\"" + merchant + "\"], \"applies_to\": {\"item_codes\": [\"6901234567890\"]},"
          + " \"form\": {\"amount_off_fen\": 600}, \"valid_from\": \"2000-01-01T00:00:00+08:00\","
          + " \"valid_until\": \"2100-01-01T00:00:00+08:00\", \"funding\": {\"merchant_percent\": 50}}]}";
      java.time.Clock clock = java.time.Clock.systemUTC();
      StepTimes times = new StepTimes();
      try (cn.unioncard.bank.BankClient client = new cn.unioncard.bank.BankClient(
              cn.unioncard.bank.BankClientConfig.builder()
                  .baseUrl(baseUrl)
                  .terminalId(terminal)
                  .trustedCertificatesPem(caPem)
                  .signer(cn.unioncard.bank.signing.Signer.sm2(cn.unioncard.sim.bank.TestKeys.terminalSigningKey(terminal),
                      new java.security.SecureRandom()))
                  .responseVerifier(cn.unioncard.bank.signing.Verifier.of(
                      cn.unioncard.bank.signing.SignatureAlgorithm.SM2_SM3, cn.unioncard.sim.bank.TestKeys.responsePublicKey()))
                  .referenceVerifier(cn.unioncard.bank.signing.Verifier.of(
                      cn.unioncard.bank.signing.SignatureAlgorithm.SM2_SM3, cn.unioncard.sim.bank.TestKeys.referencePublicKey()))
                  .build());
          cn.unioncard.agent.store.TransactionStore store = cn.unioncard.agent.store.TransactionStore.open(
              work.resolve("checkout.db"), terminal, clock, 0, times)) {
        cn.unioncard.bank.SignOn signOn = client.signOn(cn.unioncard.sim.bank.TestKeys.terminalMasterKey(terminal));
        cn.unioncard.agent.checkout.CardSource reader = (timeout, cancelled) -> {
          card.enterField();
          return new cn.unioncard.agent.checkout.CardSource.Tap(card, true);
        };
        cn.unioncard.agent.checkout.Checkout checkout = new cn.unioncard.agent.checkout.Checkout(
            cn.unioncard.agent.checkout.CheckoutConfig.of(merchant), reader,
            new cn.unioncard.agent.card.payment.UnionPayKernel(TerminalData.defaults()), client, signOn::keys, store,
            cn.unioncard.agent.checkout.RulesInForce.of(rules), null, clock, times);
        cn.unioncard.agent.ecr.EcrHandler.Context context = new cn.unioncard.agent.ecr.EcrHandler.Context() {
          @Override
          public void progress(cn.unioncard.protocol.ecr.Stage stage, String displayText) {}

          @Override
          public boolean cancelRequested() {
            return false;
          }
        };
        cn.unioncard.protocol.ecr.Item flour =
            new cn.unioncard.protocol.ecr.Item("6901234567890", "面粉 25kg", "GRAIN", 1000, 9700, 9700);
        int warm = 200;
        long[] own = new long[sales];
        long[] storeTimes = new long[sales];
        long[] bankTimes = new long[sales];
        long[] cardTimes = new long[sales];
        long[] writes = new long[sales];
        java.util.List<java.lang.management.GarbageCollectorMXBean> gcs =
            java.lang.management.ManagementFactory.getGarbageCollectorMXBeans();
        long gcCount0 = 0;
        long gcMillis0 = 0;
        for (int i = 0; i < sales + warm; i++) {
          if (i == warm) {
            for (java.lang.management.GarbageCollectorMXBean g : gcs) {
              gcCount0 += g.getCollectionCount();
              gcMillis0 += g.getCollectionTime();
            }
          }
          byte[] payload = new cn.unioncard.protocol.ecr.Sale("BENCH-" + i, 9700,
              java.util.Collections.singletonList(flour), false).encode();
          times.reset();
          long t = System.nanoTime();
          cn.unioncard.protocol.ecr.EcrRequest request =
              (cn.unioncard.protocol.ecr.EcrRequest) cn.unioncard.protocol.ecr.EcrMessage.parse(payload);
          cn.unioncard.protocol.ecr.Result result = checkout.handle(request, context);
          byte[] answer = result.encode();
          long total = System.nanoTime() - t;
          card.leaveField();
          if (result.outcome() != cn.unioncard.protocol.ecr.Outcome.APPROVED || result.amount() != 9100
              || answer.length == 0) {
            throw new IllegalStateException("sale " + i + ": " + result.reasonCode() + " " + result.reasonText());
          }
          if (i >= warm) {
            // the whole, less the card, the bank, the PIN pad and the store (parse and encode are the agent's)
            own[i - warm] = total - times.othersNanos();
            storeTimes[i - warm] = times.storeNanos;
            bankTimes[i - warm] = times.bankNanos;
            cardTimes[i - warm] = times.cardNanos;
            writes[i - warm] = times.durableCommits;
          }
        }
        long gcCount = -gcCount0;
        long gcMillis = -gcMillis0;
        for (java.lang.management.GarbageCollectorMXBean g : gcs) {
          gcCount += g.getCollectionCount();
          gcMillis += g.getCollectionTime();
        }
        ObjectNode o = summary(bankProcess ? "checkout" : "checkout-bank-inprocess", "ms", own);
        ObjectNode w = summary("store", "ms", storeTimes);
        java.util.Arrays.sort(writes);
        o.put("store_commits", writes[writes.length / 2]);
        o.put("store_p50", w.get("p50").asDouble());
        o.put("store_p99", w.get("p99").asDouble());
        o.put("bank_p50", summary("bank", "ms", bankTimes).get("p50").asDouble());
        o.put("card_p50", summary("card", "ms", cardTimes).get("p50").asDouble());
        o.put("gc_count", gcCount);
        o.put("gc_ms", gcMillis);
        o.put("bank", bankProcess ? "own process" : "this JVM");
        o.put("card", "model-worker, qPBOC, one pass");
        o.put("load_average", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
            .getSystemLoadAverage());
        return o;
      }
    } finally {
      if (inProcess != null) {
        inProcess.close();
      }
      if (bankJvm != null) {
        bankJvm.getOutputStream().close();
        if (!bankJvm.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          bankJvm.destroy();
          bankJvm.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        }
      }
      deleteWork(work);
    }
  }

  /** A hotlist check against 1,000,000 blocked cards, half the probes listed, half not. */
  private ObjectNode hotlist() throws Exception {
    java.util.Random r = new java.util.Random(42);
    int size = 1_000_000;
    String[] serials = new String[size];
    for (int i = 0; i < size; i++) {
      serials[i] = String.format(java.util.Locale.ROOT, "%04d%016d", 3100 + r.nextInt(50),
          Math.floorMod(r.nextLong(), 10_000_000_000_000_000L));
    }
    cn.unioncard.agent.gate.Hotlist list = cn.unioncard.agent.gate.Hotlist.empty()
        .apply(cn.unioncard.agent.gate.HotlistFile.parse(cn.unioncard.agent.gate.HotlistFile.full(1, serials).encode()));
    String[] probes = new String[4096];
    for (int i = 0; i < probes.length; i++) {
      probes[i] = i % 2 == 0 ? serials[r.nextInt(size)]
          : String.format(java.util.Locale.ROOT, "%04d%016d", 3100 + r.nextInt(50), Math.floorMod(r.nextLong(), 10_000_000_000_000_000L));
    }
    int[] k = new int[1];
    boolean[] sink = new boolean[1];
    ObjectNode o = measure("hotlist", "ns", () -> {
      sink[0] ^= list.contains(probes[k[0]++ & 4095]);
    });
    o.put("entries", list.size());
    return o;
  }

  /** A fresh directory for a disk benchmark's files, under {@code --dir} or the system's temporary directory. */
  private java.nio.file.Path workDir(String benchName) throws java.io.IOException {
    java.nio.file.Path base = dir != null ? dir : java.nio.file.Paths.get(System.getProperty("java.io.tmpdir"));
    return java.nio.file.Files.createTempDirectory(base, "ucard-bench-" + benchName);
  }

  /** Removes a benchmark's directory and the files in it (benchmarks make no subdirectories). */
  private static void deleteWork(java.nio.file.Path work) throws java.io.IOException {
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(work)) {
      for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files::iterator) {
        java.nio.file.Files.deleteIfExists(f);
      }
    }
    java.nio.file.Files.deleteIfExists(work);
  }

  private static double mean(long[] t) {
    double sum = 0;
    for (long v : t) {
      sum += v;
    }
    return sum / t.length;
  }

  /**
   * The same card read through the simulator's {@code javax.smartcardio} provider: unmodified PC/SC calls
   * ({@code CardChannel.transmit}) to the replay card in a simulated reader, in this JVM.
   */
  private ObjectNode readProvider() throws Exception {
    cn.unioncard.sim.smartcardio.SimulatedReaders readers = new cn.unioncard.sim.smartcardio.SimulatedReaders("Bench 00 00");
    ReplayTrace trace = BundledTraces.load(BundledTraces.DEBIT_AND_TRANSIT);
    javax.smartcardio.CardTerminal reader = javax.smartcardio.TerminalFactory
        .getInstance(cn.unioncard.sim.smartcardio.SimulatorProvider.TYPE, readers,
            new cn.unioncard.sim.smartcardio.SimulatorProvider())
        .terminals().getTerminal("Bench 00 00");
    TerminalData terminal = TerminalData.defaults();
    int[] apdus = new int[1];
    int count = Math.min(n, 5000);
    long[] t = new long[count];
    for (int i = 0; i < count + count / 4; i++) {
      readers.slot("Bench 00 00").insert(new ReplayCard(trace), cn.unioncard.sim.vpcd.VpcdCard.CONTACTLESS_ATR);
      javax.smartcardio.CardChannel channel = reader.connect("*").getBasicChannel();
      long start = System.nanoTime();
      CardRead r = new CardSession(command -> {
        try {
          return channel.transmit(new javax.smartcardio.CommandAPDU(command)).getBytes();
        } catch (javax.smartcardio.CardException e) {
          throw new cn.unioncard.ports.card.CardIoException(e.getMessage());
        }
      }, terminal).read();
      long took = System.nanoTime() - start;
      readers.slot("Bench 00 00").remove();
      apdus[0] = r.apduCount();
      if (i >= count / 4) {
        t[i - count / 4] = took;
      }
    }
    ObjectNode o = summary("read-provider", "us", t);
    o.put("apdus", apdus[0]);
    o.put("card", BundledTraces.DEBIT_AND_TRANSIT);
    return o;
  }

  /** The vpcd reader the PC/SC benchmarks use: slot 0 on this port (clear of the tests' 35981 and 35991). */
  static final PcscDaemon.Reader BENCH_READER = new PcscDaemon.Reader("UnionCard Bench", 35995);

  @FunctionalInterface
  interface PcscBench {
    ObjectNode run(PcscBenchmarks bench) throws Exception;
  }

  /**
   * Starts pcscd with the bench reader, puts the replay card into it through vpcd, and runs {@code bench} through
   * the PC/SC adapter; null (and the reason on stderr) when pcscd or vpcd cannot run here.
   */
  private ObjectNode throughPcscd(String benchName, PcscBench bench) throws Exception {
    String why = PcscDaemon.unavailableReason();
    if (why != null) {
      spec.commandLine().getErr().println(benchName + ": skipped: " + why);
      return null;
    }
    try (PcscDaemon pcscd = PcscDaemon.start(Collections.singletonList(BENCH_READER));
        VpcdCard card = new VpcdCard(new ReplayCard(BundledTraces.load(BundledTraces.DEBIT_AND_TRANSIT)),
            VpcdCard.CONTACTLESS_ATR)) {
      card.insert("127.0.0.1", BENCH_READER.port());
      try (PcscBenchmarks b = PcscBenchmarks.open(Pattern.quote(BENCH_READER.pcscName()), Duration.ofSeconds(10))) {
        ObjectNode r = bench.run(b);
        r.put("card", BundledTraces.DEBIT_AND_TRANSIT);
        r.put("path", "PcscReaders (jnasmartcardio) -> pcscd -> vpcd -> VpcdCard -> replay card");
        return r;
      }
    }
  }

  /** One APDU (GET BALANCE) through the PC/SC adapter, pcscd and vpcd to the replay card in this process. */
  private ObjectNode apduPcsc() throws Exception {
    byte[] getBalance = Hex.of("805C000204");
    int count = Math.min(n, 5000);
    return throughPcscd("apdu-rtt-pcsc", b -> summary("apdu-rtt-pcsc", "us",
        b.apduRoundTrips(getBalance, Math.max(200, count / 4), count)));
  }

  /** The whole card read of the debit-and-transit card through the PC/SC adapter, pcscd and vpcd. */
  private ObjectNode readPcsc() throws Exception {
    int count = Math.min(n, 500);
    return throughPcscd("read-pcsc", b -> {
      PcscBenchmarks.Reads reads = b.reads(TerminalData.defaults(), Math.max(50, count / 4), count);
      ObjectNode r = summary("read-pcsc", "ms", reads.nanos());
      r.put("apdus", reads.apdus());
      return r;
    });
  }

  /**
   * A SALE frame and its ACK between two ECR links over a socat pseudo-terminal pair through jssc at 115200
   * baud, with the line time those bytes would take on a real line ({@code line_time_us}). Needs socat.
   */
  private ObjectNode serialRoundTrip() throws Exception {
    int count = Math.min(n, 5000);
    long[] t;
    try {
      t = SerialRoundTripBenchmark.run(Math.max(100, count / 4), count);
    } catch (java.io.IOException e) {
      throw new UserError("serial-roundtrip: " + e.getMessage(), Ucard.FAILED);
    }
    ObjectNode o = summary("serial-roundtrip", "us", t);
    o.put("line_time_us", Math.round(SerialRoundTripBenchmark.lineTimeMicros() * 100) / 100.0);
    o.put("wire_bytes", SerialRoundTripBenchmark.wireBytes());
    o.put("baud", SerialRoundTripBenchmark.BAUD);
    return o;
  }

  private ObjectNode measure(String benchName, String unit, Op op) throws Exception {
    for (int i = 0; i < Math.max(1000, n / 4); i++) {
      op.run();
    }
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      long s = System.nanoTime();
      op.run();
      t[i] = System.nanoTime() - s;
    }
    return summary(benchName, unit, t);
  }

  /** name, unit, n, p50, p99 of samples in nanoseconds. */
  private static ObjectNode summary(String benchName, String unit, long[] samples) {
    long[] t = samples.clone();
    int n = t.length;
    Arrays.sort(t);
    double div = unit.equals("us") ? 1e3 : unit.equals("ms") ? 1e6 : 1;
    ObjectNode o = JSON.createObjectNode();
    o.put("name", benchName);
    o.put("unit", unit);
    o.put("n", n);
    o.put("p50", Math.round(t[n / 2] / div * 100) / 100.0);
    o.put("p99", Math.round(t[(int) (n * 0.99)] / div * 100) / 100.0);
    return o;
  }

}
