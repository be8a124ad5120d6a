package cn.unioncard.sim.bank;

import cn.unioncard.bank.signing.SignatureAlgorithm;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.emv.Pan;
import cn.unioncard.sim.http.NoDelay;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * The partner bank, simulated: the API of docs/bank-api.md over real HTTPS on loopback (a certificate made at
 * start-up), a ledger in SQLite, injectable {@link Faults}, and a control API (Java: {@link #control()}; HTTP:
 * {@link #controlPort()} when started with one). Start with {@link #start(Config)}; close to stop.
 */
public final class BankSimulator implements AutoCloseable {

  /** How to start. Defaults: an ephemeral port, no control port, the system clock, certificates valid a day. */
  public record Config(Path ledgerFile, int port, int controlPort, Clock clock, Duration certificateValidity) {
    public Config {
      if (ledgerFile == null) {
        throw new IllegalArgumentException("the bank needs a ledger file");
      }
      if (clock == null) {
        clock = Clock.systemUTC();
      }
      if (certificateValidity == null) {
        certificateValidity = Duration.ofDays(1);
      }
    }

    /** The defaults with the ledger in {@code ledgerFile}. */
    public static Config of(Path ledgerFile) {
      return new Config(ledgerFile, 0, -1, null, null);
    }

    /** With an HTTP control API on {@code port} (0: ephemeral; -1: none). */
    public Config withControlPort(int port) {
      return new Config(ledgerFile, this.port, port, clock, certificateValidity);
    }

    /** With another clock (stale timestamps, key retention). */
    public Config withClock(Clock c) {
      return new Config(ledgerFile, port, controlPort, c, certificateValidity);
    }
  }

  private final Ledger ledger;
  private final BankService service;
  private final Faults faults;
  private final BankCertificates certificates;
  private final SSLContext serverContext;
  private final HttpsServer server;
  private final ExecutorService executor;
  private final cn.unioncard.sim.http.BoundedHttpServer controlServer;
  private final BankControl control;

  private BankSimulator(Config config) throws IOException {
    Path parent = config.ledgerFile().toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    ledger = Ledger.open(config.ledgerFile());
    service = new BankService(ledger, config.clock());
    faults = new Faults();
    certificates = BankCertificates.create(config.clock().instant(), config.certificateValidity());
    serverContext = certificates.serverContext(faults::expiredCertificate);
    faults.onCertificateChange(() -> BankCertificates.forgetSessions(serverContext));
    InetAddress loopback = InetAddress.getLoopbackAddress();
    NoDelay.ensure();
    server = HttpsServer.create(new InetSocketAddress(loopback, config.port()), 64);
    server.setHttpsConfigurator(new HttpsConfigurator(serverContext) {
      @Override
      public void configure(HttpsParameters params) {
        params.setSSLParameters(serverContext.getDefaultSSLParameters());
      }
    });
    executor = Executors.newFixedThreadPool(16, daemon("bank-sim-"));
    server.setExecutor(executor);
    server.createContext("/", new BankHttpHandler(service, faults));
    control = new BankControl(this);
    if (config.controlPort() >= 0) {
      controlServer = cn.unioncard.sim.http.BoundedHttpServer.create(
          config.controlPort(), cn.unioncard.sim.http.HttpLimits.CONTROL, "bank-sim-control");
      controlServer.mount(BankControl.PREFIX, new ControlHttpHandler(control));
    } else {
      controlServer = null;
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Starts the bank: opens (or creates) the ledger, makes the certificates, listens on loopback. */
  public static BankSimulator start(Config config) {
    try {
      BankSimulator b = new BankSimulator(config);
      b.service.idempotency().purge();
      b.service.references().publishDefaultParameters();
      b.server.start();
      if (b.controlServer != null) {
        b.controlServer.start();
      }
      return b;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the bank simulator: " + e.getMessage(), e);
    }
  }

  /** The API's port on 127.0.0.1. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The API's base URL, {@code https://localhost:PORT} (the certificate names localhost and 127.0.0.1). */
  public URI baseUrl() {
    return URI.create("https://localhost:" + port());
  }

  /** The HTTP control API's port, or -1 when not started with one. */
  public int controlPort() {
    return controlServer == null ? -1 : controlServer.port();
  }

  /** The test CA in PEM: what a client of this bank trusts, and nothing else. */
  public String caPem() {
    return certificates.caPem();
  }

  /** The certificates made at start-up. */
  public BankCertificates certificates() {
    return certificates;
  }

  /** The faults in force. */
  public Faults faults() {
    return faults;
  }

  /** The ledger, for queries. */
  public Ledger ledger() {
    return ledger;
  }

  /** The control operations (the HTTP control API calls these). */
  public BankControl control() {
    return control;
  }

  BankService service() {
    return service;
  }

  /**
   * The PIN key (SM4, 16 bytes) the bank issued to {@code terminalId} at its latest sign-on, the one the terminal
   * encrypts PIN blocks under and the bank checks them with; null before the terminal's first sign-on. The
   * simulated PIN pad stands for a pad the terminal loaded this key into.
   */
  public byte[] currentPinKey(String terminalId) {
    java.util.List<IssuedKeys> keys = ledger.query(db -> db.workingKeys().newestFirst(terminalId));
    return keys.isEmpty() ? null : keys.get(0).pinKey().clone();
  }

  /** The {@code pan_hash} of a PAN under the test PAN hash key. */
  public String panHash(String pan) {
    return service.cardData().panHash(pan);
  }

  /**
   * The control API's handler, to mount in another server (the simulator's own control API mounts it under
   * {@value BankControl#PREFIX}).
   */
  public com.sun.net.httpserver.HttpHandler controlHandler() {
    return new ControlHttpHandler(control());
  }

  /** Registers a terminal with its test keys ({@link TestKeys}), signing with SM2-SM3. */
  public void addTerminal(String terminalId) {
    addTerminal(terminalId, SignatureAlgorithm.SM2_SM3,
        TestKeys.terminalPublicKey(terminalId, SignatureAlgorithm.SM2_SM3.headerValue()),
        TestKeys.terminalMasterKey(terminalId));
  }

  /** Registers (or replaces) a terminal: its signature algorithm and public key, and its master key. */
  public void addTerminal(String terminalId, SignatureAlgorithm algorithm, byte[] publicKey, byte[] tmk) {
    if (terminalId == null || !terminalId.matches("[A-Z0-9]{8,16}")) {
      throw new IllegalArgumentException("a terminal id is 8 to 16 characters [A-Z0-9]");
    }
    cn.unioncard.bank.signing.Verifier.of(algorithm, publicKey);
    if (tmk == null || tmk.length != 16) {
      throw new IllegalArgumentException("a terminal master key is 16 bytes");
    }
    String now = service.clock().instant().toString();
    ledger.query(db -> {
      db.terminals().upsert(terminalId, algorithm, publicKey, tmk, now);
      return null;
    });
  }

  /** Registers (or renames) a merchant. */
  public void addMerchant(String merchantId, String name) {
    if (merchantId == null || merchantId.isEmpty() || name == null) {
      throw new IllegalArgumentException("a merchant needs an id and a name");
    }
    ledger.query(db -> {
      db.merchants().upsert(merchantId, name);
      return null;
    });
  }

  /**
   * Makes the issuer know a card (or updates it): its member, its accounts with these balances (what is held
   * stays held), PIN tries reset. Returns the card's {@code pan_hash}.
   */
  public String addCard(CardSeed card) {
    String panHash = service.cardData().panHash(card.pan());
    String masked;
    try {
      masked = Pan.parse(card.pan()).masked();
    } catch (DecodeException e) {
      throw new IllegalArgumentException("pan: " + e.getMessage());
    }
    String pinCheck = card.pin() == null ? null : service.cardData().pinCheck(card.pan(), card.pin());
    ledger.query(db -> {
      if (card.member() != null) {
        db.cards().upsertMember(card.member());
      }
      db.cards().upsert(panHash, card.psn(), card.expiry(), pinCheck, card.blocked(),
          card.member() == null ? null : card.member().memberId(), masked);
      db.accounts().setBalance(panHash, "debit", card.debitBalanceFen());
      if (card.benefitBalanceFen() != null) {
        db.accounts().setBalance(panHash, "benefit", card.benefitBalanceFen());
      }
      return null;
    });
    return panHash;
  }

  /** Adds (or updates) a member and links the card of {@code pan} to it. */
  public void addMember(String pan, CardSeed.MemberSeed member) {
    new CardSeed(pan, "00", "991231", null, member, 0, null, false); // validates
    String panHash = service.cardData().panHash(pan);
    ledger.query(db -> {
      db.cards().upsertMember(member);
      if (!db.cards().linkMember(panHash, member.memberId())) {
        throw new IllegalArgumentException("no such card");
      }
      return null;
    });
  }

  /** Sets the balance of one account of a known card ({@code debit} or {@code benefit}), creating the account. */
  public void setBalance(String pan, String kind, long balanceFen) {
    if (!"debit".equals(kind) && !"benefit".equals(kind)) {
      throw new IllegalArgumentException("an account is debit or benefit");
    }
    if (balanceFen < 0) {
      throw new IllegalArgumentException("a balance is not negative");
    }
    String panHash = service.cardData().panHash(pan);
    ledger.query(db -> {
      if (db.cards().find(panHash) == null) {
        throw new IllegalArgumentException("no such card");
      }
      db.accounts().setBalance(panHash, kind, balanceFen);
      return null;
    });
  }

  /** Publishes a full reference document as the kind's next version (the content is opaque here). */
  public long publishReference(String kind, byte[] content) {
    return service.references().publish(kind, content, null);
  }

  /** Publishes the hotlist's next version: the full list and the delta from the previous version. */
  public long publishHotlistDelta(byte[] delta, byte[] fullList) {
    return service.references().publish("hotlist", fullList, delta);
  }

  /** Drops idempotency keys older than 90 days; returns how many. */
  public int purgeIdempotencyKeys() {
    return service.idempotency().purge();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    if (controlServer != null) {
      controlServer.close();
    }
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ledger.close();
  }
}
