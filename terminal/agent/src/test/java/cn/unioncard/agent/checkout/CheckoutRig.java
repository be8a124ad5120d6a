package cn.unioncard.agent.checkout;

import cn.unioncard.agent.card.TerminalData;
import cn.unioncard.agent.card.payment.UnionPayKernel;
import cn.unioncard.agent.checkout.CardSource;
import cn.unioncard.agent.checkout.Checkout;
import cn.unioncard.agent.checkout.CheckoutConfig;
import cn.unioncard.agent.checkout.OfflineLimits;
import cn.unioncard.agent.checkout.RulesInForce;
import cn.unioncard.agent.ecr.EcrLink;
import cn.unioncard.agent.ecr.PinPadLink;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.bank.BankClient;
import cn.unioncard.bank.SignOn;
import cn.unioncard.ports.card.ApduTransport;
import cn.unioncard.ports.ecr.EcrConfig;
import cn.unioncard.ports.ecr.MemoryEcrPort;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.ecr.EcrRequest;
import cn.unioncard.protocol.ecr.Item;
import cn.unioncard.protocol.ecr.Result;
import cn.unioncard.protocol.ecr.Sale;
import cn.unioncard.sim.ProfileBank;
import cn.unioncard.sim.bank.BankSimulator;
import cn.unioncard.sim.bank.TestKeys;
import cn.unioncard.sim.card.FieldCard;
import cn.unioncard.sim.card.Profiles;
import cn.unioncard.sim.ecr.PinPadSimulator;
import cn.unioncard.sim.ecr.RegisterSimulator;
import cn.unioncard.sim.testing.MutableClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A checkout terminal of real parts: the bank simulator over HTTPS on loopback with the terminal's BankClient, a
 * SQLite store in a temp dir, the EcrLink over an in-memory line with the register simulator at the other end, the
 * PIN pad simulator on its own line, and simulated cards from the bundled profiles tapped on a reader, read by the
 * real payment kernel.
 */
final class CheckoutRig implements AutoCloseable {
  static final String TERMINAL = "T0000001";
  static final String MERCHANT = "M000123";
  /** 2026-11-23 11:00 in Shanghai: inside the rules' window. */
  static final Instant NOW = Instant.parse("2026-11-23T03:00:00Z");

  /** The union's examples (the rules of DiscountRulesTest). */
  static final String RULES = "{\"version\": 5, \"rules\": ["
      + rule("FLOUR", "面粉会员价", "{\"item_codes\": [\"6901234567890\"]}", "{\"amount_off_fen\": 600}",
          ", \"limits\": {\"per_member_day_fen\": 1200}", 50, "")
      + "," + rule("SUITCASE", "旅行箱会员价", "{\"item_codes\": [\"SC-2411\"]}", "{\"member_price_fen\": 34500}", "", 0,
          "")
      + "," + rule("TEA", "茶叶会员价", "{\"item_codes\": [\"TEA-1\"]}", "{\"percent_off\": 10}", "", 100,
          ", \"benefit_pays\": false")
      + "]}";

  static String rule(String id, String description, String appliesTo, String form, String extra, int merchantPercent,
      String tail) {
    return "{\"id\": \"" + id + "\", \"description\": \"" + description + "\", \"merchants\": [\"" + MERCHANT + "\"],"
        + " \"applies_to\": " + appliesTo + ", \"form\": " + form + extra + ","
        + " \"valid_from\": \"2026-11-01T00:00:00+08:00\", \"valid_until\": \"2026-12-01T00:00:00+08:00\","
        + " \"funding\": {\"merchant_percent\": " + merchantPercent + "}" + tail + "}";
  }

  static final Item FLOUR = new Item("6901234567890", "面粉 25kg", "GRAIN", 1000, 9700, 9700);
  static final Item SUITCASE = new Item("SC-2411", "旅行箱", "LUGGAGE", 1000, 41000, 41000);

  /** The reader: tests tap cards; the checkout takes them. */
  static final class Reader implements CardSource {
    final LinkedBlockingQueue<ApduTransport> taps = new LinkedBlockingQueue<>();
    /** Cards go into the contact slot (PBOC 3.0, a second GENERATE AC) instead of the contactless field. */
    volatile boolean contact;

    @Override
    public Tap awaitCard(long timeoutMillis, BooleanSupplier cancelled) throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
      while (System.nanoTime() < end) {
        if (cancelled.getAsBoolean()) {
          return null;
        }
        ApduTransport card = taps.poll(20, TimeUnit.MILLISECONDS);
        if (card != null) {
          return new Tap(card, !contact);
        }
      }
      return null;
    }
  }

  final Path dir;
  final BankSimulator bank;
  final BankClient client;
  /** The last sign-on: the checkout uses its keys ({@link #signOnAgain} changes them). */
  volatile SignOn signOn;
  final MutableClock clock = new MutableClock(NOW);
  final Reader reader = new Reader();
  /** The real payment kernel, on the terminal's (fixed) date. */
  final UnionPayKernel kernel = new UnionPayKernel(new TerminalData(
      Clock.fixed(NOW, ZoneId.of("Asia/Shanghai")), new Random(7), Hex.of(TerminalData.DEFAULT_TTQ)));
  final Map<String, FieldCard> cards = new HashMap<>();
  final RulesInForce rules;
  CheckoutConfig config;
  TransactionStore store;
  Checkout checkout;
  EcrLink link;
  RegisterSimulator register;
  PinPadLink pinPad;
  PinPadSimulator pad;

  CheckoutRig(Path dir, int bankAttempts) throws Exception {
    this.dir = dir;
    bank = BankSimulator.start(BankSimulator.Config.of(dir.resolve("bank.sqlite")));
    bank.addTerminal(TERMINAL);
    bank.addMerchant(MERCHANT, "会员超市");
    ProfileBank.seed(bank);
    client = new BankClient(TestKeys.clientConfig(bank.baseUrl().toString(), bank.caPem(), TERMINAL)
        .maxAttempts(bankAttempts)
        .backoffBase(Duration.ofMillis(10))
        .backoffMax(Duration.ofMillis(50))
        .readTimeout(Duration.ofSeconds(10))
        .callTimeout(Duration.ofSeconds(20))
        .build());
    signOn = client.signOn(TestKeys.terminalMasterKey(TERMINAL));
    rules = RulesInForce.of(RULES);
    // no offline e-cash approvals unless a test asks for them: the other tests follow the money to the bank
    config = CheckoutConfig.of(MERCHANT).withTimeouts(3000, 1)
        .withOffline(new OfflineLimits(0, 2_000, 20_000_000, Duration.ofDays(3), 20_000));
    start();
  }

  /** Starts (or restarts) the terminal: the store, the checkout, its recovery, the register and PIN pad lines. */
  void start() throws Exception {
    store = TransactionStore.open(dir.resolve("terminal.sqlite"), TERMINAL, clock);
    startWith(store);
  }

  void startWith(TransactionStore s) throws Exception {
    store = s;
    MemoryEcrPort[] padLine = MemoryEcrPort.pair();
    pinPad = new PinPadLink(padLine[0], EcrConfig.fast()).start();
    pad = new PinPadSimulator(padLine[1], EcrConfig.fast(), signOn.keys().pinKey(), signOn.keys().pinKey()).start();
    pad.typePin(ProfileBank.PIN);
    checkout = new Checkout(config, reader, kernel, client, () -> signOn.keys(), store, rules, pinPad, clock);
    checkout.recover();
    MemoryEcrPort[] line = MemoryEcrPort.pair();
    link = new EcrLink(line[0], EcrConfig.fast(), checkout, checkout.journal()).start();
    register = new RegisterSimulator(line[1], EcrConfig.fast()).start();
  }

  /** Stops the terminal as a power cut would (nothing flushed but what the store committed). */
  void stop() {
    register.close();
    link.close();
    pad.close();
    pinPad.close();
    store.close();
  }

  void restart() throws Exception {
    stop();
    start();
  }

  /** Signs on again, as the next business day would: new working keys (the data key among them). */
  void signOnAgain() throws Exception {
    signOn = client.signOn(TestKeys.terminalMasterKey(TERMINAL));
  }

  /** Lays the card of a bundled profile on the reader (its state kept in the temp dir across taps). */
  FieldCard tap(String profile) throws Exception {
    FieldCard card = card(profile);
    card.enterField();
    reader.taps.add(card);
    return card;
  }

  FieldCard card(String profile) throws Exception {
    FieldCard card = cards.get(profile);
    if (card == null) {
      card = Profiles.card(profile, dir.resolve(profile + ".json"));
      cards.put(profile, card);
    }
    return card;
  }

  /** A transport that lets {@code commands} through, then the card leaves the field. */
  void tapAndRemoveAfter(String profile, int commands) throws Exception {
    FieldCard card = card(profile);
    card.enterField();
    int[] left = {commands};
    reader.taps.add(command -> {
      if (left[0]-- <= 0) {
        card.leaveField();
      }
      return card.transmit(command);
    });
  }

  Result request(EcrRequest r) throws Exception {
    try {
      return register.request(r).get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("waited 30 s for the RESULT of " + r + "; the register saw PROGRESS "
          + register.progressSeen(r.reference()));
    }
  }

  Result sale(String reference, long amount, Item... items) throws Exception {
    return request(new Sale(reference, amount, List.of(items), false));
  }

  Result saleDebitOnly(String reference, long amount, Item... items) throws Exception {
    return request(new Sale(reference, amount, List.of(items), true));
  }

  String panHash(String profile) throws Exception {
    return bank.panHash(Profiles.load(profile).debit().pan());
  }

  long held(String profile, String account) throws Exception {
    return bank.ledger().account(panHash(profile), account).heldFen();
  }

  @Override
  public void close() {
    stop();
    client.close();
    bank.close();
  }

  static List<Item> none() {
    return Collections.emptyList();
  }
}
