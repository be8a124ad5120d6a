package cn.unioncard.tools;

import cn.unioncard.agent.gate.HotlistFile;
import cn.unioncard.agent.gate.TapResult;
import cn.unioncard.agent.store.UploadState;
import cn.unioncard.app.config.AgentConfig;
import cn.unioncard.app.daemon.Agent;
import cn.unioncard.pcsc.PcscReaders;
import cn.unioncard.ports.ecr.EcrConfig;
import cn.unioncard.ports.ecr.EcrPort;
import cn.unioncard.ports.ecr.TcpEcrPort;
import cn.unioncard.protocol.ecr.Account;
import cn.unioncard.protocol.ecr.Charge;
import cn.unioncard.protocol.ecr.DiscountLine;
import cn.unioncard.protocol.ecr.EcrRequest;
import cn.unioncard.protocol.ecr.Item;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Refund;
import cn.unioncard.protocol.ecr.Result;
import cn.unioncard.protocol.ecr.Sale;
import cn.unioncard.protocol.ecr.Settle;
import cn.unioncard.serial.JsscEcrPort;
import cn.unioncard.sim.CardFactory;
import cn.unioncard.sim.ProfileBank;
import cn.unioncard.sim.SimShop;
import cn.unioncard.sim.Simulator;
import cn.unioncard.sim.TerminalFiles;
import cn.unioncard.sim.bank.BankSimulator;
import cn.unioncard.sim.bank.Faults;
import cn.unioncard.sim.ecr.RegisterSimulator;
import cn.unioncard.sim.smartcardio.SimulatorProvider;
import cn.unioncard.sim.vpcd.PcscDaemon;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.smartcardio.TerminalFactory;

/**
 * A whole business day for {@code ucard demo}: the bank simulator over HTTPS on loopback, simulated cards in
 * simulated readers (the bus validator's behind pcscd when it can run here), the cash register on a pseudo-terminal
 * (socat) or TCP, and the agents in their real configuration, files written as an integrator would write them.
 */
final class BusinessDay implements AutoCloseable {
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  static final String MERCHANT = SimShop.MERCHANT;
  static final String CHECKOUT = "T0000001";
  static final String BUS = "G0000001";
  static final String METRO_IN = "G0000002";
  static final String METRO_OUT = "G0000003";
  /** A person's hand between two taps: the card is away long enough for pcscd's reader poll to see it leave. */
  static final long HAND_MILLIS = 1500;
  /** Longer than the PC/SC adapter's settle time (1 s): see {@code PcscConfig#settleTime}. */
  static final long READERS_SETTLE_MILLIS = 1500;
  static final String HOTLISTED_SERIAL = "03105180000000000007";

  static final Item FLOUR = new Item(SimShop.FLOUR, "面粉 25kg", "GRAIN", 1000, 9700, 9700);
  static final Item SUITCASE = new Item(SimShop.SUITCASE, "旅行箱", "LUGGAGE", 1000, 41000, 41000);
  static final Item TEA = new Item(SimShop.TEA, "茶叶 250g", "TEA", 1000, 3000, 3000);
  static final Item BREAD = new Item("BREAD-1", "面包", "BAKERY", 1000, 1250, 1250);

  static final String FARES = "{\"version\": 1, \"operator\": \"SZ\","
      + " \"lines\": {\"0007\": {\"kind\": \"flat\", \"fare_fen\": 200},"
      + "   \"1001\": {\"kind\": \"distance\", \"station_metres\": {\"0101\": 0, \"0103\": 9000},"
      + "      \"bands\": [{\"up_to_metres\": 6000, \"fare_fen\": 300}, {\"fare_fen\": 400}]}},"
      + " \"concessions\": {\"model_worker\": {\"percent_off\": 50, \"union_funded\": true}},"
      + " \"transfer\": {\"window_minutes\": 60, \"discount_fen\": 100},"
      + " \"missing_entry_fare_fen\": 600, \"missing_exit_fare_fen\": 600}";

  private final PrintWriter out;
  private final Path dir;
  private final List<AutoCloseable> parts = new ArrayList<>();
  private final BlockingQueue<TapResult> gateOutput = new LinkedBlockingQueue<>();
  private BankSimulator bank;
  private Simulator shop;
  private Simulator bus;
  private Simulator metroIn;
  private Simulator metroOut;
  private Agent checkout;
  private final List<Agent> gates = new ArrayList<>();
  private RegisterSimulator register;
  private String registerHow;
  private String busReadersHow;
  private int sales;
  private int taps;
  private int ref;
  private int busTapApdus;
  /** The last sale's result. */
  private Result told;
  /** What did not happen as the day's script says. */
  private final List<String> failures = new ArrayList<>();

  BusinessDay(PrintWriter out, Path dir) {
    this.out = out;
    this.dir = dir;
  }

  // ============================================================================================ setting up

  void start() throws Exception {
    bank = BankSimulator.start(BankSimulator.Config.of(dir.resolve("bank.db")));
    parts.add(bank);
    SimShop.seed(bank, Clock.system(ZONE)); // the merchant and the union's discount rules, as ucard sim's bank
    ProfileBank.seed(bank);
    for (String t : new String[] {CHECKOUT, BUS, METRO_IN, METRO_OUT}) {
      bank.addTerminal(t);
    }
    write("bank-ca.pem", bank.caPem());
    write("fares.json", FARES);
    Files.write(dir.resolve("hotlist.bin"), HotlistFile.full(1, HOTLISTED_SERIAL).encode());
    say("the bank (simulator) on " + bank.baseUrl() + ", its ledger in " + dir.resolve("bank.db"));

    CardFactory cards = new CardFactory(dir.resolve("cards"));
    shop = Simulator.start(new Simulator.Options(Simulator.Backend.PROVIDER, "UnionCard Shop Reader", 0), cards);
    parts.add(shop);
    String pcscd = PcscDaemon.unavailableReason();
    Simulator.Backend busBackend = pcscd == null ? Simulator.Backend.PCSCD : Simulator.Backend.PROVIDER;
    bus = Simulator.start(new Simulator.Options(busBackend, "UnionCard Bus Reader", 35963), cards);
    parts.add(bus);
    busReadersHow = busBackend == Simulator.Backend.PCSCD ? "behind pcscd (vpcd)" : "inside this JVM (" + pcscd + ")";
    metroIn = Simulator.start(new Simulator.Options(Simulator.Backend.PROVIDER, "UnionCard Gate 0101", 0), cards);
    parts.add(metroIn);
    metroOut = Simulator.start(new Simulator.Options(Simulator.Backend.PROVIDER, "UnionCard Gate 0103", 0), cards);
    parts.add(metroOut);
    bus.insert("psam", "psam:bus");
    metroIn.insert("psam", "psam:metro-in");
    metroOut.insert("psam", "psam:metro-out");

    String registerSection = registerLink();
    checkout = agent(CHECKOUT, "checkout", "  merchant_id: " + MERCHANT + "\n", registerSection
        + "checkout:\n  card_timeout: 10s\n", "UnionCard Shop Reader 00 00", null, providerOf(shop));
    say("checkout " + CHECKOUT + " of merchant " + MERCHANT + ": reader inside this JVM, register " + registerHow);
    gates.add(agent(BUS, "bus_validator", "", gate("0007", "0000", "boarding"), "UnionCard Bus Reader 00 00",
        "UnionCard Bus Reader 00 01", busBackend == Simulator.Backend.PCSCD ? PcscReaders.jnaFactory() : providerOf(bus)));
    say("bus validator " + BUS + " on line 0007: reader and PSAM " + busReadersHow);
    gates.add(agent(METRO_IN, "metro_gate", "", gate("1001", "0101", "entry"), "UnionCard Gate 0101 00 00",
        "UnionCard Gate 0101 00 01", providerOf(metroIn)));
    gates.add(agent(METRO_OUT, "metro_gate", "", gate("1001", "0103", "exit"), "UnionCard Gate 0103 00 00",
        "UnionCard Gate 0103 00 01", providerOf(metroOut)));
    say("metro gates " + METRO_IN + " (entry, station 0101) and " + METRO_OUT + " (exit, station 0103)");
    awaitTrue(() -> checkout.signedOn() && checkout.rules() != null, 30, "the checkout signed on with its rules");
    for (Agent g : gates) {
      awaitTrue(g::signedOn, 30, "the gates signed on");
    }
    // a card already on a reader when the reader is first seen is not a fresh tap (PcscReaders' settle time): the
    // readers have been watched a while before the first member comes
    Thread.sleep(READERS_SETTLE_MILLIS);
    say("every terminal signed on; discount rules v" + checkout.rules().version() + " in force at the checkout");
  }

  /** The register's link: a pseudo-terminal pair when socat is here, else TCP on loopback. */
  private String registerLink() throws Exception {
    Path a = dir.resolve("register-terminal");
    Path b = dir.resolve("register-till");
    if (socatAvailable()) {
      Process socat = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
          .redirectErrorStream(true).redirectOutput(dir.resolve("socat.log").toFile()).start();
      parts.add(socat::destroy);
      awaitTrue(() -> Files.exists(a) && Files.exists(b), 10, "socat made the pseudo-terminal pair");
      EcrPort till = new JsscEcrPort(new JsscEcrPort.Settings(b.toRealPath().toString(), 115200)).open();
      register = new RegisterSimulator(till, EcrConfig.defaults()).start();
      parts.add(register);
      registerHow = "on a pseudo-terminal at 115200 baud (socat)";
      return "register:\n  serial: " + a.toRealPath() + "\n  baud: 115200\n";
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    registerHow = "over TCP on 127.0.0.1:" + port + " (socat is not installed)";
    return "register:\n  tcp_listen: 127.0.0.1:" + port + "\n";
  }

  private static boolean socatAvailable() {
    for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(d, "socat"))) {
        return true;
      }
    }
    return false;
  }

  private String gate(String line, String station, String direction) {
    return "gate:\n  line: \"" + line + "\"\n  station: \"" + station + "\"\n  direction: " + direction
        + "\n  city_code: \"5180\"\n  institution_code: \"0000000000000001\"\n  recovery_window: 10m\n"
        + "  fare_table: fares.json\n  hotlist: hotlist.bin\n";
  }

  private static TerminalFactory providerOf(Simulator sim) throws Exception {
    return TerminalFactory.getInstance(SimulatorProvider.TYPE, sim.providerReaders(), new SimulatorProvider());
  }

  /** Writes an agent's configuration file as an integrator would, and starts the agent from it. */
  private Agent agent(String id, String kind, String terminalExtra, String sections, String contactless, String psam,
      TerminalFactory readers) throws Exception {
    Path file = TerminalFiles.write(dir, id, kind, terminalExtra, sections, contactless, psam, bank.baseUrl().toString());
    Agent a = Agent.start(AgentConfig.load(file), Clock.system(ZONE), readers, gateOutput::add);
    parts.add(() -> a.stop(Duration.ofSeconds(10)));
    if (register == null && kind.equals("checkout")) {
      String yaml = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
      String hp = yaml.substring(yaml.indexOf("tcp_listen: ") + 12, yaml.indexOf('\n', yaml.indexOf("tcp_listen: ")));
      register = new RegisterSimulator(TcpEcrPort.connect("127.0.0.1", Integer.parseInt(hp.substring(hp.indexOf(':') + 1))),
          EcrConfig.defaults()).start();
      parts.add(register);
    }
    return a;
  }

  private void write(String name, String text) throws IOException {
    Files.write(dir.resolve(name), text.getBytes(StandardCharsets.UTF_8));
  }

  // ============================================================================================ the day

  /** Plays the day; returns the summary line's facts. */
  Summary play() throws Exception {
    String flour = sale("ordinary-member", "an ordinary member buys 25 kg of flour", false, FLOUR);
    expect(flour != null && told.amount() == 9100, "the flour costs a member 91.00");
    sale("model-worker", "a model worker buys a suitcase", false, SUITCASE);
    expect(told.amount() == 34500, "the suitcase costs a member 345.00");
    sale("migrant-worker", "a migrant worker buys tea, paid from the benefit account only", false, TEA);
    expect(told.charges().size() == 1 && told.charges().get(0).account() == Account.BENEFIT,
        "the tea is paid from the benefit account only");
    sale("non-member-unionpay", "a UnionPay card of no member buys bread at full price", false, BREAD);
    expect(told.amount() == BREAD.lineAmount(), "a non-member pays full price");
    sale("foreign-visa", "a foreign card", false, BREAD);
    expect(told.outcome() == Outcome.DECLINED, "a foreign card is refused");
    refund(flour, 9100, "the flour is brought back");

    expect(tap(bus, "model-worker", "a model worker boards bus 0007 (half fare)").chargedFen() == 100,
        "a model worker rides the bus at half fare");
    expect(tap(metroIn, "model-worker", "she changes to metro line 1001 at station 0101 (entry)").outcome()
        == TapResult.Outcome.OPEN, "the metro entry opens");
    expect(tap(metroOut, "model-worker", "and leaves at station 0103 (exit, transfer discount)").chargedFen() == 100,
        "the exit charges half of 4.00 less the 1.00 transfer discount");
    tap(metroIn, "ordinary-member", "an ordinary member enters the metro at 0101");
    expect(tap(metroOut, "ordinary-member", "and leaves at 0103").chargedFen() == 400, "9 km cost 4.00");
    expect(tap(bus, "hotlisted", "a card reported lost boards the bus").outcome() == TapResult.Outcome.REFUSED,
        "a hotlisted card is refused");
    tornTap();

    outage();
    return closeTheDay();
  }

  private String sale(String card, String what, boolean debitOnly, Item... items) throws Exception {
    long amount = 0;
    for (Item i : items) {
      amount += i.lineAmount();
    }
    Result r = request(new Sale(nextRef(), amount, Arrays.asList(items), debitOnly), card);
    told = r;
    StringBuilder line = new StringBuilder("sale: " + what + ", " + Money.yuan(amount) + ": ");
    if (r.outcome() == Outcome.APPROVED) {
      sales++;
      line.append("approved ").append(Money.yuan(r.amount()));
      for (DiscountLine d : r.discounts()) {
        line.append(", ").append(d.description()).append(" -").append(Money.yuan(d.amount())).append(" (")
            .append(d.funding().name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(")");
      }
      line.append("; paid");
      for (Charge c : r.charges()) {
        line.append(" ").append(c.account().name().toLowerCase(Locale.ROOT).replace('_', '-')).append(" ")
            .append(Money.yuan(c.amount()));
      }
    } else {
      line.append(r.outcome().name().toLowerCase(Locale.ROOT)).append(": ").append(r.reasonText());
    }
    say(line.toString());
    return r.outcome() == Outcome.APPROVED ? r.transactionId() : null;
  }

  private void refund(String transactionId, long amount, String what) throws Exception {
    Result r = register.request(new Refund(nextRef(), null, transactionId, amount, Collections.<Item>emptyList()))
        .get(60, TimeUnit.SECONDS);
    StringBuilder line = new StringBuilder("refund: " + what + ", " + Money.yuan(amount) + ": "
        + r.outcome().name().toLowerCase(Locale.ROOT));
    for (Charge c : r.charges()) {
      line.append(" ").append(c.account().name().toLowerCase(Locale.ROOT).replace('_', '-')).append(" ")
          .append(Money.yuan(c.amount()));
    }
    if (r.outcome() != Outcome.APPROVED) {
      line.append(": ").append(r.reasonText());
    }
    say(line.toString());
    expect(r.outcome() == Outcome.APPROVED && r.amount() == amount, "the refund is paid back");
  }

  /** A register request with the card of profile {@code card} tapped for it (none: null). */
  private Result request(EcrRequest request, String card) throws Exception {
    java.util.concurrent.CompletableFuture<Result> f = register.request(request);
    if (card != null) {
      shop.insert("contactless", "profile:" + card);
    }
    try {
      return f.get(60, TimeUnit.SECONDS);
    } finally {
      if (card != null) {
        shop.remove("contactless");
        Thread.sleep(HAND_MILLIS);
      }
    }
  }

  private TapResult tap(Simulator gate, String card, String what) throws Exception {
    gate.insert("contactless", card.contains(":") ? card : "profile:" + card);
    TapResult r;
    try {
      r = gateOutput.poll(30, TimeUnit.SECONDS);
    } finally {
      gate.remove("contactless");
      Thread.sleep(HAND_MILLIS);
    }
    if (r == null) {
      throw new IllegalStateException("the gate did not answer a tap within 30 s");
    }
    taps++;
    if (gate == bus && busTapApdus == 0 && r.outcome() == TapResult.Outcome.OPEN) {
      busTapApdus = r.cardApdus();
    }
    say("tap: " + what + ": " + describe(r));
    return r;
  }

  private static String describe(TapResult r) {
    switch (r.outcome()) {
      case OPEN:
        return "gate opens, charged " + Money.yuan(r.chargedFen())
            + (r.balanceFen() < 0 ? "" : ", purse " + Money.yuan(r.balanceFen()))
            + " (" + r.cardApdus() + " card and " + r.psamApdus() + " PSAM APDUs)";
      default:
        return r.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + r.message();
    }
  }

  /**
   * A card that leaves the field right after the purse's debit (its last APDU of a bus tap), before the gate heard
   * the answer: the next tap finds the debit on the card, stores the trip and opens, and no second debit is made.
   */
  private void tornTap() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode card = (com.fasterxml.jackson.databind.node.ObjectNode)
        json.readTree(cn.unioncard.sim.card.Profiles.bytes("ordinary-member"));
    card.put("name", "torn-tap");
    card.putObject("behaviour").putObject("tearing").put("at_apdu", busTapApdus).put("when", "after")
        .put("every_insertion", false);
    Path profile = dir.resolve("cards/torn-tap.json");
    Files.write(profile, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(card));
    long before = balance(profile);
    String spec = "profile-file:" + profile;
    TapResult torn = tap(bus, spec, "a member pulls her card away during the debit");
    // the simulator tears a card each time it is opened from its file: the card, as the debit left it, is tapped
    // again without the tearing behaviour
    com.fasterxml.jackson.databind.node.ObjectNode after = (com.fasterxml.jackson.databind.node.ObjectNode)
        json.readTree(profile.toFile());
    after.remove("behaviour");
    Files.write(profile, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(after));
    TapResult again = tap(bus, spec, "she taps again");
    long paid = before - balance(profile);
    say("tap: the torn tap is recovered: the purse paid " + Money.yuan(paid) + " once for the ride, gate "
        + (again.outcome() == TapResult.Outcome.OPEN ? "open" : "shut"));
    expect(torn.outcome() == TapResult.Outcome.TAP_AGAIN && again.outcome() == TapResult.Outcome.OPEN && paid == 200,
        "the torn tap is recovered, the ride paid once");
  }

  private static long balance(Path profile) throws IOException {
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(profile.toFile()).path("transit")
        .path("balance_fen").asLong();
  }

  /** The bank goes away: small sales are approved offline from the card's electronic cash and kept; then it returns. */
  private void outage() throws Exception {
    bank.faults().add(Faults.Rule.of(Faults.Kind.DROP_BEFORE));
    say("bank: the bank's line goes down");
    sale("non-member-unionpay", "bread during the outage", false, BREAD);
    expect(told.outcome() == Outcome.APPROVED, "a small sale is approved offline during the outage");
    sale("non-member-unionpay", "more bread during the outage", false, BREAD);
    expect(told.outcome() == Outcome.APPROVED, "a small sale is approved offline during the outage");
    say("bank: " + pending() + " record(s) waiting in the terminals' stores");
    bank.faults().clear();
    say("bank: the line is back");
    for (Agent a : allAgents()) {
      a.settlement().wake();
    }
    awaitTrue(() -> pending() == 0, 60, "every record uploaded");
    say("bank: every stored record uploaded, pending " + pending());
  }

  private Summary closeTheDay() throws Exception {
    Result r = register.request(new Settle(nextRef())).get(120, TimeUnit.SECONDS);
    say("settle: " + r.outcome().name().toLowerCase(Locale.ROOT) + ": " + r.reasonText());
    long settled = 0;
    for (Agent a : allAgents()) {
      java.util.Map<UploadState, Long> counts = a.store().uploads().uploadCounts();
      settled += counts.get(UploadState.ACCEPTED) + counts.get(UploadState.DUPLICATE);
    }
    return new Summary(sales, taps, settled, pending(), r.outcome() == Outcome.APPROVED, failures.isEmpty());
  }

  /** For {@code --keep}: how to play on. */
  void keep() throws IOException {
    cn.unioncard.sim.control.ControlServer shopControl = cn.unioncard.sim.control.ControlServer.start(shop, 0);
    parts.add(shopControl);
    cn.unioncard.sim.control.ControlServer busControl = cn.unioncard.sim.control.ControlServer.start(bus, 0);
    parts.add(busControl);
    control(shopControl, "the checkout's reader");
    control(busControl, "the bus validator's reader");
    say("demo: still running (--keep); the files are in " + dir);
    say("  curl -s -X POST " + busControl.address() + "/v1/readers/contactless/tap -d '{\"card\":\"profile:model-worker\"}'"
        + "      a tap at the bus (the simulator's control API, docs/simulator.md)");
    say("  curl -s " + shopControl.address() + "/v1/readers      the checkout's reader");
    say("  ucard status --config " + dir.resolve(CHECKOUT + ".yaml") + "      the checkout's store and link");
    say("  ucard status --config " + dir.resolve(BUS + ".yaml") + "      the bus validator's");
    say("  the bank: " + bank.baseUrl() + " (trust " + dir.resolve("bank-ca.pem") + ")");
    say("  Ctrl-C stops everything");
  }

  private void control(cn.unioncard.sim.control.ControlServer c, String what) {
    say("  " + what + ": control API on " + c.address() + "/v1/");
  }

  private List<Agent> allAgents() {
    List<Agent> all = new ArrayList<>(gates);
    all.add(checkout);
    return all;
  }

  private long pending() {
    long n = 0;
    for (Agent a : allAgents()) {
      try {
        n += a.store().uploads().pendingCount();
      } catch (cn.unioncard.agent.store.StoreException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }
    return n;
  }

  private void expect(boolean held, String what) {
    if (!held) {
      failures.add(what);
      say("demo: NOT AS EXPECTED: " + what);
    }
  }

  /** What the summary line says. */
  record Summary(int sales, int taps, long settled, long pending, boolean reconciled, boolean asExpected) {
    String line() {
      return "demo: " + sales + " sales, " + taps + " taps, settled " + settled + ", pending " + pending
          + ", reconciled: " + (reconciled ? "matched" : "NOT matched");
    }

    boolean ok() {
      return pending == 0 && reconciled && asExpected;
    }
  }

  // ============================================================================================ helpers

  private String nextRef() {
    return String.format(Locale.ROOT, "POS1-%06d", ++ref);
  }

  private void say(String line) {
    out.println(line);
    out.flush();
  }

  interface Check {
    boolean holds() throws Exception;
  }

  private static void awaitTrue(Check check, int seconds, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!check.holds()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("waited " + seconds + " s and still not: " + what);
      }
      Thread.sleep(50);
    }
  }

  /** The demo's money in yuan. */
  static final class Money {
    static String yuan(long fen) {
      return cn.unioncard.protocol.Money.yuan(fen);
    }
  }

  @Override
  public void close() {
    for (int i = parts.size() - 1; i >= 0; i--) {
      try {
        parts.get(i).close();
      } catch (Exception e) {
        // closing what is left; the demo's result is already printed
      }
    }
  }
}
