package cn.unioncard.app.daemon;

import cn.unioncard.agent.checkout.CardSource;
import cn.unioncard.agent.checkout.Checkout;
import cn.unioncard.agent.checkout.CheckoutConfig;
import cn.unioncard.agent.checkout.ReversalDriver;
import cn.unioncard.agent.checkout.RulesInForce;
import cn.unioncard.agent.ecr.EcrLink;
import cn.unioncard.agent.ecr.PinPadLink;
import cn.unioncard.agent.gate.Gate;
import cn.unioncard.agent.gate.Hotlist;
import cn.unioncard.agent.gate.HotlistFile;
import cn.unioncard.agent.gate.Psam;
import cn.unioncard.agent.gate.TapResult;
import cn.unioncard.agent.gate.fare.FareTable;
import cn.unioncard.agent.gate.fare.FareTableException;
import cn.unioncard.agent.refdata.InForce;
import cn.unioncard.agent.refdata.ReferenceSync;
import cn.unioncard.agent.refdata.ReferenceTarget;
import cn.unioncard.agent.refdata.ReferenceTargets;
import cn.unioncard.agent.refdata.TerminalParameters;
import cn.unioncard.agent.settle.SettlementConfig;
import cn.unioncard.agent.settle.SettlementWorker;
import cn.unioncard.agent.signon.SignOnKeeper;
import cn.unioncard.agent.store.StoreException;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.app.config.AgentConfig;
import cn.unioncard.app.config.ConfigException;
import cn.unioncard.bank.BankClient;
import cn.unioncard.bank.BankException;
import cn.unioncard.bank.SignOn;
import cn.unioncard.pcsc.PcscConfig;
import cn.unioncard.pcsc.PcscReaders;
import cn.unioncard.pcsc.ReaderEvent;
import cn.unioncard.pcsc.ReaderRole;
import cn.unioncard.ports.card.ApduTransport;
import cn.unioncard.ports.ecr.EcrConfig;
import cn.unioncard.ports.files.BoundedFile;
import cn.unioncard.ports.ecr.EcrPort;
import cn.unioncard.ports.ecr.PinPad;
import cn.unioncard.ports.ecr.TcpEcrPort;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.serial.JsscEcrPort;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running terminal agent: the store, the bank, the readers, and the terminal's work (the register link of a
 * checkout, the tap loop of a gate). {@link #start} checks and opens everything or nothing; {@link #stop} finishes
 * the transaction in progress, takes no new one, and closes in order.
 */
public final class Agent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("cn.unioncard.agent");

  private final AgentConfig config;
  private final Clock clock;
  private final TransactionStore store;
  private final BankClient bank;
  private final PcscReaders readers;
  private final AgentStatus status;
  private final SignOnKeeper signOn;
  private volatile boolean stopping;
  private final SettlementWorker settlement;
  private final RulesInForce rules = new RulesInForce(null);
  /** The offline risk limits in force: the code defaults until the first good signed terminal parameters. */
  private final InForce<TerminalParameters> parameters = new InForce<>(TerminalParameters.defaults(), "defaults");
  /** A gate's fare table and hotlist in force: the configuration's files until the first good signed ones. */
  private final InForce<FareTable> fares;
  private final InForce<Hotlist> hotlist;
  private final ReferenceSync sync;
  private Checkout checkout;
  private ReversalDriver reversals;
  private EcrLink link;
  private PinPadLink pinPadLink;
  private Thread gateLoop;
  private java.util.function.Consumer<TapResult> gateOutput;

  private Agent(AgentConfig config, Clock clock, TransactionStore store, BankClient bank, PcscReaders readers,
      AgentStatus status, byte[] tmk, FareTable initialFares, Hotlist initialHotlist) {
    this.config = config;
    this.clock = clock;
    this.store = store;
    this.bank = bank;
    this.readers = readers;
    this.status = status;
    this.settlement = new SettlementWorker(store, bank, settlementConfig(config), clock);
    this.fares = new InForce<>(initialFares, initialFares == null ? "none" : "file " + config.gate().fareTable());
    this.hotlist = new InForce<>(initialHotlist, config.gate() != null && config.gate().hotlist() != null
        ? "file " + config.gate().hotlist() : "none");
    List<ReferenceTarget> kinds = new ArrayList<>();
    if (config.terminal().kind().isGate()) {
      kinds.add(ReferenceTargets.fareTable(fares));
      kinds.add(ReferenceTargets.hotlist(hotlist));
    } else {
      kinds.add(ReferenceTargets.discountRules(rules));
    }
    kinds.add(ReferenceTargets.terminalParameters(parameters));
    this.sync = new ReferenceSync(bank, ReferenceSync.dirFor(config.store().path()), kinds,
        config.reference().interval(), clock);
    this.sync.listener(this::referenceStatus);
    this.signOn = new SignOnKeeper(bank, tmk, ZONE, clock, new SignOnKeeper.Listener() {
      @Override
      public void signedOn(SignOn s, String why) {
        Agent.this.signedOn(s);
      }

      @Override
      public void failed(BankException e) {
        status.bankError(e.getMessage());
      }
    });
    bank.onFailure(signOn::bankFailed);
  }

  /** The terminal's time zone: business dates (the checkout's default zone). */
  private static final ZoneId ZONE = CheckoutConfig.of("M").zone();

  /**
   * Starts the agent the configuration describes.
   *
   * @throws ConfigException when a file the configuration names is not what it should be (exit status 2)
   * @throws StartException when a part cannot start (the store cannot be opened, the register's port is taken)
   */
  public static Agent start(AgentConfig config, Clock clock) throws ConfigException, StartException {
    return start(config, clock, PcscReaders.jnaFactory(), tap -> { });
  }

  /**
   * As {@link #start(AgentConfig, Clock)}, with the readers of another {@code javax.smartcardio} provider, and the
   * gate's output: told every tap's result once it is stored (the gate opens on {@code OPEN}).
   */
  public static Agent start(AgentConfig config, Clock clock, javax.smartcardio.TerminalFactory readerFactory,
      java.util.function.Consumer<TapResult> gateOutput) throws ConfigException, StartException {
    byte[] tmk = BankSetup.masterKey(config);
    FareTable fares = null;
    Hotlist hotlist = Hotlist.empty();
    if (config.terminal().kind().isGate() && config.gate().fareTable() != null) {
      fares = fareTable(config);
      hotlist = hotlist(config);
    }
    BankClient bank = BankSetup.client(config);
    TransactionStore store;
    try {
      store = TransactionStore.open(config.store().path(), config.terminal().id(), clock, config.store().maxBytes());
    } catch (StoreException e) {
      bank.close();
      throw new StartException("cannot open the store: " + e.getMessage());
    }
    AgentStatus status = new AgentStatus(config, clock);
    PcscReaders readers;
    PcscConfig.Builder pcsc = PcscConfig.builder().reader(ReaderRole.CONTACTLESS, config.readers().contactless());
    if (config.readers().contact() != null) {
      pcsc.reader(ReaderRole.CONTACT, config.readers().contact());
    }
    if (config.readers().psam() != null) {
      pcsc.reader(ReaderRole.PSAM, config.readers().psam());
    }
    readers = PcscReaders.start(pcsc.build(), readerFactory, event -> readerEvent(status, event));
    Agent agent = new Agent(config, clock, store, bank, readers, status, tmk, fares, hotlist);
    agent.gateOutput = gateOutput;
    agent.sync.loadKept(); // the last good signed set, verified again: what a terminal without the bank works on
    try {
      if (config.terminal().kind().isGate()) {
        agent.startGate();
      } else {
        agent.startCheckout();
      }
    } catch (StartException e) {
      agent.close();
      throw e;
    }
    agent.signOn.start();
    agent.sync.start();
    agent.settlement.start();
    if (agent.reversals != null) {
      agent.reversals.start();
    }
    status.running();
    return agent;
  }

  private static void readerEvent(AgentStatus status, ReaderEvent event) {
    LOG.info("reader {}: {} ({})", event.role().name().toLowerCase(java.util.Locale.ROOT),
        event.type().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), event.readerName());
    status.reader(event);
  }

  /** The most a configured fare table file may hold (docs/configuration.md). */
  static final int MAX_FARE_TABLE_BYTES = 1024 * 1024;
  /** The most a configured hotlist file may hold: 64 MiB, about 6.7 million cards (docs/configuration.md). */
  static final int MAX_HOTLIST_BYTES = 64 * 1024 * 1024;

  static FareTable fareTable(AgentConfig config) throws ConfigException {
    try {
      return FareTable.parse(BoundedFile.read(config.gate().fareTable(), MAX_FARE_TABLE_BYTES));
    } catch (IOException e) {
      throw new ConfigException("gate.fare_table", "cannot read " + config.gate().fareTable() + ": " + e.getMessage());
    } catch (FareTableException e) {
      throw new ConfigException("gate.fare_table", config.gate().fareTable() + ": " + e.getMessage());
    }
  }

  static Hotlist hotlist(AgentConfig config) throws ConfigException {
    if (config.gate().hotlist() == null) {
      return Hotlist.empty();
    }
    try {
      return Hotlist.empty().apply(HotlistFile.parse(BoundedFile.read(config.gate().hotlist(), MAX_HOTLIST_BYTES)));
    } catch (IOException e) {
      throw new ConfigException("gate.hotlist", "cannot read " + config.gate().hotlist() + ": " + e.getMessage());
    } catch (DecodeException | IllegalArgumentException e) {
      throw new ConfigException("gate.hotlist", config.gate().hotlist() + ": " + e.getMessage());
    }
  }

  // ---- checkout -------------------------------------------------------------------------------------------

  private void startCheckout() throws StartException {
    AgentConfig.Register r = config.register();
    EcrPort port;
    try {
      if (r.isSerial()) {
        port = new JsscEcrPort(new JsscEcrPort.Settings(r.serialPort(), r.baud())).open();
      } else {
        port = TcpEcrPort.listen(InetAddress.getByName(r.tcpHost()), r.tcpPort());
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new StartException("cannot open the register's link "
          + (r.isSerial() ? r.serialPort() : r.tcpHost() + ":" + r.tcpPort()) + ": " + e.getMessage());
    }
    AgentConfig.Checkout c = config.checkout();
    CheckoutConfig checkoutConfig = CheckoutConfig.of(config.terminal().merchantId())
        .withNoPinLimit(c.noPinLimitFen())
        .withTimeouts(c.cardTimeout().toMillis(), config.pinPad() == null ? 60 : config.pinPad().timeoutSeconds());
    PinPad pinPad = null;
    if (config.pinPad() != null && config.pinPad().onRegister()) {
      pinPad = (pan, amount, algorithm, seconds) -> link.pinPad().requestPin(pan, amount, algorithm, seconds);
    } else if (config.pinPad() != null) {
      try {
        pinPadLink = new PinPadLink(new JsscEcrPort(new JsscEcrPort.Settings(config.pinPad().serialPort(),
            config.pinPad().baud())).open(), EcrConfig.defaults()).start();
        pinPad = pinPadLink;
      } catch (IOException | IllegalArgumentException e) {
        closeQuietly(port);
        throw new StartException("cannot open the PIN pad's line " + config.pinPad().serialPort() + ": " + e.getMessage());
      }
    }
    CheckoutAssembly assembly = CheckoutAssembly.of(checkoutConfig, store, bank, clock)
        .cards(this::awaitCard)
        .signOn(signOn::current)
        .rules(rules)
        .parameters(parameters)
        .pinPad(pinPad)
        .build();
    checkout = assembly.checkout();
    reversals = assembly.reversals();
    reversals.listener(status::reversals);
    link = new EcrLink(port, EcrConfig.defaults(), new RegisterRequests(checkout, settlement, clock,
        checkoutConfig.zone()), checkout.journal()).start();
    status.register(r.isSerial() ? r.serialPort() + " at " + r.baud() + " baud" : "tcp " + r.tcpHost() + ":" + r.tcpPort());
    LOG.info("checkout {}: register link on {}{}", config.terminal().id(),
        r.isSerial() ? r.serialPort() : r.tcpHost() + ":" + r.tcpPort(),
        pinPad == null ? "" : config.pinPad().onRegister() ? ", the PIN pad on the register's link"
            : ", the PIN pad on " + config.pinPad().serialPort());
  }

  /** The checkout's card: a fresh card on the contactless reader, or in the contact slot where there is one. */
  private CardSource.Tap awaitCard(long timeoutMillis, java.util.function.BooleanSupplier cancelled)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (System.nanoTime() < deadline && !cancelled.getAsBoolean() && !stopping) {
      java.util.Optional<ApduTransport> tap = readers.awaitFreshCard(ReaderRole.CONTACTLESS, Duration.ofMillis(50));
      if (tap.isPresent()) {
        return new CardSource.Tap(tap.get(), true);
      }
      if (config.readers().contact() != null) {
        java.util.Optional<ApduTransport> inserted = readers.takeFreshCard(ReaderRole.CONTACT);
        if (inserted.isPresent()) {
          return new CardSource.Tap(inserted.get(), false);
        }
      }
    }
    return null;
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException | RuntimeException e) {
      LOG.debug("closing: {}", e.toString());
    }
  }

  // ---- gate -----------------------------------------------------------------------------------------------

  private void startGate() {
    AgentConfig.Gate g = config.gate();
    Gate.Config gateConfig = new Gate.Config(g.line(), g.station(), g.direction(), g.cityCode(), g.institutionCode(),
        g.recoveryWindow(), g.blockHotlisted());
    gateLoop = new Thread(() -> gateLoop(gateConfig), "ucard-gate");
    gateLoop.start();
  }

  private void gateLoop(Gate.Config gateConfig) {
    Gate gate = null;
    while (!stopping) {
      try {
        java.util.Optional<ApduTransport> card = readers.awaitFreshCard(ReaderRole.CONTACTLESS, Duration.ofMillis(250));
        if (!card.isPresent() || stopping) {
          continue;
        }
        if (fares.get() == null) {
          LOG.warn("gate: out of service: no fare table yet (none in the configuration, none signed from the bank)");
          status.gate("out of service: no fare table yet");
          continue;
        }
        if (gate == null) {
          Psam psam;
          try {
            psam = Psam.open(readers.card(ReaderRole.PSAM));
          } catch (cn.unioncard.ports.card.TransportException e) {
            LOG.warn("gate: out of service: the PSAM cannot be used: {}", e.getMessage());
            status.gate("out of service: PSAM " + e.getMessage());
            continue;
          }
          gate = new Gate(gateConfig, psam, store, fares, () -> {
            Hotlist h = hotlist.get();
            return h == null ? Hotlist.empty() : h;
          }, clock);
          gate.transitLimits(() -> parameters.get().transit());
          gate.prepare();
        }
        TapResult tap = gate.tap(card.get(), Gate.CATEGORY_FROM_CARD);
        status.tap(tap);
        gateOutput.accept(tap);
        gate.prepare(); // the PSAM's and the fare table's work for the next tap, before its card comes
        LOG.info("gate: {} {}{}", tap.outcome(), tap.message(),
            tap.chargedFen() > 0 ? " (charged " + tap.chargedFen() + " fen)" : "");
        if (tap.outcome() == TapResult.Outcome.OUT_OF_SERVICE) {
          gate = null; // the PSAM is opened again at the next tap
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("gate: unexpected failure, the next tap starts afresh: {}", e.toString());
        gate = null;
      }
    }
  }

  /** The settlement worker's settings from the configuration's upload, day_close and retention sections. */
  static SettlementConfig settlementConfig(AgentConfig config) {
    SettlementConfig d = SettlementConfig.defaults();
    return new SettlementConfig(config.upload().batchSize(), config.upload().interval(), d.backoffBase(),
        config.upload().maxBackoff(), d.maxRefusals(), d.refusedRetry(), d.idempotencyWindow(),
        config.retention().accepted(), config.dayClose().at(), config.dayClose().spread());
  }

  // ---- bank -----------------------------------------------------------------------------------------------

  /** After each sign-on: recovery of what a checkout left unfinished, an upload round, a reference round. */
  private void signedOn(SignOn s) {
    status.signedOn(s);
    if (checkout != null) {
      try {
        int left = checkout.recover();
        if (left > 0) {
          LOG.warn("checkout: {} unfinished transaction(s) still to recover", left);
        }
      } catch (StoreException e) {
        LOG.warn("checkout: recovery postponed: {}", e.getMessage());
      }
    }
    settlement.wake();
    sync.wake();
  }

  /** The reference data in force and the last round, into the status file. */
  private void referenceStatus() {
    status.reference(sync.status(), sync.lastRoundAt(), sync.lastRoundResult(), parameters.get(),
        parameters.source());
  }

  /** Whether the agent has signed on with the bank (and so can take sales). */
  public boolean signedOn() {
    return signOn.current() != null;
  }

  /** The sign-on keeper (how many sign-ons, the one in force). */
  public SignOnKeeper signOns() {
    return signOn;
  }

  /** The reference-data sync (a round now, the versions in force). */
  public ReferenceSync reference() {
    return sync;
  }

  /** The terminal parameters in force (the offline risk limits), and {@link InForce#source()} says whence. */
  public InForce<TerminalParameters> parameters() {
    return parameters;
  }

  /** The discount rules in force (null before the first good set). */
  public cn.unioncard.agent.checkout.DiscountRules rules() {
    return rules.current();
  }

  /** The settlement worker (its status, a round now). */
  public SettlementWorker settlement() {
    return settlement;
  }

  /** The store (read it; the agent writes it). */
  public TransactionStore store() {
    return store;
  }

  // ---- stop -----------------------------------------------------------------------------------------------

  /** Finishes the transaction in progress (at most {@code grace}), takes no new one, and closes everything. */
  public void stop(Duration grace) {
    stopping = true;
    if (link != null) {
      try {
        if (!link.drain(grace)) {
          LOG.warn("stop: the request in progress did not finish within {} s", grace.getSeconds());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (gateLoop != null) {
      try {
        gateLoop.join(grace.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    close();
  }

  @Override
  public void close() {
    stopping = true;
    signOn.close();
    sync.close();
    if (link != null) {
      link.close();
    }
    if (pinPadLink != null) {
      pinPadLink.close();
    }
    if (reversals != null) {
      reversals.close();
    }
    settlement.close();
    readers.close();
    bank.close();
    store.close();
    status.stopped();
  }

  /** A part of the agent could not start; the message says which and why. */
  public static final class StartException extends Exception {
    private static final long serialVersionUID = 1L;

    StartException(String message) {
      super(message);
    }
  }
}
