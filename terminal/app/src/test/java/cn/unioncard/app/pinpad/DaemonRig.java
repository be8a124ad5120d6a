package cn.unioncard.app.pinpad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.app.config.AgentConfig;
import cn.unioncard.app.daemon.Agent;
import cn.unioncard.protocol.ecr.Item;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Result;
import cn.unioncard.protocol.ecr.Sale;
import cn.unioncard.sim.CardFactory;
import cn.unioncard.sim.ProfileBank;
import cn.unioncard.sim.Simulator;
import cn.unioncard.sim.TerminalFiles;
import cn.unioncard.sim.bank.BankSimulator;
import cn.unioncard.sim.bank.Ledger;
import cn.unioncard.sim.card.Profiles;
import cn.unioncard.sim.ecr.RegisterSimulator;
import cn.unioncard.sim.smartcardio.SimulatorProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.smartcardio.TerminalFactory;

/**
 * A real checkout daemon ({@link Agent}, started from its YAML file) with the bank simulator on loopback over HTTPS
 * and a card reader inside the JVM; the test adds the register and the PIN pad and says how the daemon reaches them.
 */
final class DaemonRig implements AutoCloseable {
  static final String TERMINAL = "T0000001";
  static final String MERCHANT = "M0000001";
  static final String READER = "UnionCard PIN Test Reader";
  /** A card of no member: the whole amount is debit. */
  static final String CARD = "non-member-unionpay";
  /** Above the rig's no-PIN limit (100.00). */
  static final Item SUITCASE = new Item("SC-2411", "旅行箱", "LUGGAGE", 1000, 41000, 41000);
  static final long NO_PIN_LIMIT_FEN = 10_000;

  final Path dir;
  final BankSimulator bank;
  final Simulator shop;
  final List<AutoCloseable> parts = new ArrayList<>();
  Agent agent;
  RegisterSimulator register;
  private int ref;

  DaemonRig(Path dir) throws Exception {
    this.dir = dir;
    bank = BankSimulator.start(BankSimulator.Config.of(dir.resolve("bank.db")));
    parts.add(bank);
    bank.addMerchant(MERCHANT, "会员超市");
    ProfileBank.seed(bank);
    bank.addTerminal(TERMINAL);
    bank.publishReference("discount-rules", "{\"version\": 1, \"rules\": []}".getBytes(StandardCharsets.UTF_8));
    Files.write(dir.resolve("bank-ca.pem"), bank.caPem().getBytes(StandardCharsets.US_ASCII));
    shop = Simulator.start(new Simulator.Options(Simulator.Backend.PROVIDER, READER, 0), new CardFactory(dir.resolve("cards")));
    parts.add(shop);
  }

  /** Starts the daemon with {@code sections} (register and pin_pad) and waits for its sign-on. */
  void startAgent(String sections) throws Exception {
    Path file = TerminalFiles.write(dir, TERMINAL, "checkout", "  merchant_id: " + MERCHANT + "\n",
        sections + "checkout:\n  no_pin_limit_fen: " + NO_PIN_LIMIT_FEN + "\n  card_timeout: 10s\n",
        READER + " 00 00", null, bank.baseUrl().toString());
    TerminalFactory readers = TerminalFactory.getInstance(SimulatorProvider.TYPE, shop.providerReaders(),
        new SimulatorProvider());
    agent = Agent.start(AgentConfig.load(file), Clock.system(ZoneId.of("Asia/Shanghai")), readers, tap -> { });
    parts.add(() -> agent.stop(Duration.ofSeconds(5)));
    await(() -> agent.signedOn() && agent.rules() != null, 30, "the daemon signed on");
    Thread.sleep(1500); // the reader adapter's settle time: a card seen at start is not a fresh tap
  }

  /** A register speaking to the daemon's link. */
  RegisterSimulator register(RegisterSimulator r) {
    register = r.start();
    parts.add(register);
    return register;
  }

  /** A SALE of the suitcase with the card tapped for it; the RESULT. */
  Result sale(String reference) throws Exception {
    return sale(reference, () -> { });
  }

  /** As {@link #sale(String)}, running {@code meanwhile} once the card is on the reader. */
  Result sale(String reference, ThrowingRunnable meanwhile) throws Exception {
    CompletableFuture<Result> f = register.request(new Sale(reference, SUITCASE.lineAmount(),
        Collections.singletonList(SUITCASE), false));
    shop.insert("contactless", "profile:" + CARD);
    try {
      meanwhile.run();
      try {
        return f.get(90, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        throw new AssertionError("waited 90 s for the RESULT of SALE " + reference + "; the register saw PROGRESS "
            + register.progressSeen(reference));
      }
    } finally {
      shop.remove("contactless");
      Thread.sleep(300);
    }
  }

  /** A free TCP port on loopback. */
  static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  String nextRef() {
    return "POS1-PIN-" + (++ref);
  }

  String panHash() throws Exception {
    return bank.panHash(Profiles.load(CARD).debit().pan());
  }

  /** The card's debit account as the bank holds it. */
  Ledger.Account debit() throws Exception {
    return bank.ledger().account(panHash(), "debit");
  }

  Ledger.Authorisation authorisation(String transactionId) {
    return bank.ledger().authorisation(transactionId);
  }

  /**
   * The sale ended {@code outcome} with the reason, nothing charged: no authorisation at the bank, nothing held or
   * debited since {@code before}.
   */
  void assertNothingCharged(Result r, Outcome outcome, String reasonCode, String reasonText, Ledger.Account before)
      throws Exception {
    assertEquals(outcome, r.outcome(), r.reasonText());
    assertEquals(reasonCode, r.reasonCode());
    assertEquals(reasonText, r.reasonText());
    assertEquals(0, r.amount());
    assertNull(authorisation(r.transactionId()), "nothing went to the bank");
    assertEquals(before.availableFen(), debit().availableFen(), "nothing held or debited");
  }

  /** The bank declined the sale for a wrong PIN: its authorisation is declined {@code wrong_pin}, nothing held. */
  void assertWrongPinDeclined(Result r, Ledger.Account before) throws Exception {
    assertEquals(Outcome.DECLINED, r.outcome());
    assertEquals("55", r.reasonCode());
    assertEquals(0, r.amount());
    Ledger.Authorisation a = authorisation(r.transactionId());
    assertEquals("declined", a.status());
    assertEquals("wrong_pin", a.reason());
    assertEquals(before.availableFen(), debit().availableFen(), "nothing held or debited");
  }

  static void await(BooleanSupplier condition, int seconds, String what) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < end, "not within " + seconds + " s: " + what);
      Thread.sleep(20);
    }
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Override
  public void close() {
    Collections.reverse(parts);
    for (AutoCloseable c : parts) {
      try {
        c.close();
      } catch (Exception e) {
        // closing the rest anyway
      }
    }
  }
}
