package cn.unioncard.app.config;

import cn.unioncard.agent.gate.fare.FareEngine;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Locale;

/**
 * The agent's configuration ({@code ucard run --config FILE}): one YAML file, every key described in
 * {@code ucard.example.yaml} and docs/configuration.md. {@link #load} checks the whole file before anything starts:
 * a bad file gives one {@link ConfigException} naming the key and what is wrong with it.
 */
public record AgentConfig(
    Path file,
    Terminal terminal,
    Readers readers,
    Register register,
    PinPad pinPad,
    Store store,
    Bank bank,
    Upload upload,
    DayClose dayClose,
    Retention retention,
    Checkout checkout,
    Gate gate,
    Logging logging,
    Reference reference) {

  /** What the terminal is: its kind decides which sections it needs. */
  public enum Kind {
    CHECKOUT,
    BUS_VALIDATOR,
    METRO_GATE;

    public boolean isGate() {
      return this != CHECKOUT;
    }

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** {@code terminal}: id (8 to 16 of A-Z, 0-9, the bank's terminal id), kind, and the merchant id of a checkout. */
  public record Terminal(String id, Kind kind, String merchantId) {}

  /** {@code readers}: regular expressions found in the PC/SC reader names, by role. */
  public record Readers(String contactless, String contact, String psam) {}

  /** {@code register}: the cash register's link, a serial port (with its baud rate) or a TCP port to listen on. */
  public record Register(String serialPort, int baud, String tcpHost, int tcpPort) {
    public boolean isSerial() {
      return serialPort != null;
    }
  }

  /**
   * {@code pin_pad}: the PIN pad on its own serial port, or built into the register ({@code on_register}: PIN REQUEST
   * on the register's link, docs/ecr-protocol.md §10.1), and how long the member has to type the PIN.
   */
  public record PinPad(String serialPort, int baud, boolean onRegister, int timeoutSeconds) {}

  /** {@code store}: the SQLite file and its size bound (0: the disk's). */
  public record Store(Path path, long maxBytes) {}

  /** {@code bank}: where the bank is and the keys to talk to it. */
  public record Bank(
      String url,
      Path caCertificate,
      List<String> certificatePins,
      String signingAlgorithm,
      Path signingKeyFile,
      Path masterKeyFile,
      String responseKey,
      String referenceKey,
      Duration callTimeout) {}

  /** {@code upload}: the settlement worker's batches. */
  public record Upload(int batchSize, Duration interval, Duration maxBackoff) {}

  /** {@code day_close}: when the business day closes, and the window a fleet is spread over. */
  public record DayClose(LocalTime at, Duration spread) {}

  /** {@code retention}: how long records the bank accepted are kept. */
  public record Retention(Duration accepted) {}

  /** {@code checkout}: the no-PIN limit and how long a sale waits for a card. */
  public record Checkout(long noPinLimitFen, Duration cardTimeout) {}

  /** {@code gate}: where the gate stands and its reference data. */
  public record Gate(
      String line,
      String station,
      FareEngine.Direction direction,
      String cityCode,
      String institutionCode,
      Duration recoveryWindow,
      boolean blockHotlisted,
      Path fareTable,
      Path hotlist) {}

  /** {@code reference}: how often the bank is asked for newer reference data (rules, fares, hotlist, parameters). */
  public record Reference(Duration interval) {}

  /** {@code logging}: the level of the agent's log (the APDU trace has its own, {@code apdu_level}). */
  public record Logging(String level, String apduLevel) {}

  private static final String LEVELS = "(error|warn|info|debug|trace)";

  /** Reads and checks {@code file}. */
  public static AgentConfig load(Path file) throws ConfigException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException("", "no configuration file " + file);
    } catch (IOException e) {
      throw new ConfigException("", "cannot read " + file + ": " + e.getMessage());
    }
    JsonNode root;
    try {
      root = new YAMLMapper().readTree(new String(bytes, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      throw new ConfigException("", file + " is not valid YAML" + where + ": "
          + e.getOriginalMessage().trim().replaceAll("\\s*\n\\s*", "; "));
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException("", file + " must be a YAML mapping of sections (terminal, readers, store, bank, ...)");
    }
    Path base = file.toAbsolutePath().getParent();
    return read(file, new Section("", root, base));
  }

  private static AgentConfig read(Path file, Section root) throws ConfigException {
    Section t = root.section("terminal");
    String id = t.matching("id", "[A-Z0-9]{8,16}", "8 to 16 of A-Z and 0-9");
    Kind kind = t.choice("kind", Kind.class, null);
    String merchant = kind == Kind.CHECKOUT ? t.matching("merchant_id", "[A-Z0-9]{1,32}", "1 to 32 of A-Z and 0-9")
        : null;
    t.noOtherKeys();
    Terminal terminal = new Terminal(id, kind, merchant);

    Section r = root.section("readers");
    String contactless = r.regex("contactless");
    if (contactless == null) {
      throw new ConfigException(r.key("contactless"), "missing (a regular expression found in the reader's name)");
    }
    String contact = kind == Kind.CHECKOUT ? r.regex("contact") : null;
    String psam = kind.isGate() ? r.regex("psam") : null;
    if (kind.isGate() && psam == null) {
      throw new ConfigException(r.key("psam"), "missing: a " + kind.key() + " needs its PSAM's slot");
    }
    r.noOtherKeys();
    Readers readers = new Readers(contactless, contact, psam);

    for (String other : kind == Kind.CHECKOUT ? new String[] {"gate"} : new String[] {"register", "pin_pad", "checkout"}) {
      if (root.has(other)) {
        throw new ConfigException(other, "not a section of a " + kind.key() + " terminal (terminal.kind)");
      }
    }
    Register register = null;
    PinPad pinPad = null;
    Checkout checkout = null;
    Gate gate = null;
    if (kind == Kind.CHECKOUT) {
      register = register(root.section("register"));
      Section p = root.section("pin_pad");
      boolean onRegister = p.flag("on_register", false);
      int pinTimeout = (int) p.duration("timeout", Duration.ofSeconds(1), Duration.ofSeconds(255),
          Duration.ofSeconds(60)).getSeconds();
      for (String own : new String[] {"serial", "baud"}) {
        if (onRegister && p.has(own)) {
          throw new ConfigException(p.key(own), "not with on_register: true (the PIN pad is on the register's link)");
        }
      }
      if (p.has("serial") || onRegister) {
        pinPad = new PinPad(onRegister ? null : p.text("serial"), baud(p, 9600), onRegister, pinTimeout);
      }
      p.noOtherKeys();
      Section c = root.section("checkout");
      checkout = new Checkout(
          c.integer("no_pin_limit_fen", 0, 100_000_000, 100_000),
          c.duration("card_timeout", Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofSeconds(60)));
      c.noOtherKeys();
    } else {
      Section g = root.section("gate");
      FareEngine.Direction fallback = kind == Kind.BUS_VALIDATOR ? FareEngine.Direction.BOARDING : null;
      FareEngine.Direction direction = g.choice("direction", FareEngine.Direction.class, fallback);
      gate = new Gate(
          g.matching("line", "[0-9A-Fa-f]{4}", "4 hex digits"),
          g.has("station") || kind == Kind.METRO_GATE ? g.matching("station", "[0-9A-Fa-f]{4}", "4 hex digits") : "0000",
          direction,
          g.matching("city_code", "[0-9A-Fa-f]{4}", "4 hex digits"),
          g.matching("institution_code", "[0-9A-Fa-f]{16}", "16 hex digits"),
          g.duration("recovery_window", Duration.ofSeconds(10), Duration.ofDays(1), Duration.ofMinutes(10)),
          g.flag("block_hotlisted", false),
          existing(g, "fare_table"),
          existing(g, "hotlist"));
      g.noOtherKeys();
    }

    Section s = root.section("store");
    Path storePath = s.path("path");
    if (storePath == null) {
      throw new ConfigException(s.key("path"), "missing (the SQLite file of the terminal's transactions)");
    }
    Store store = new Store(storePath, s.integer("max_size_mb", 0, 1_000_000, 0) * 1024 * 1024);
    s.noOtherKeys();

    Bank bank = bank(root.section("bank"));

    Section u = root.section("upload");
    Upload upload = new Upload(
        (int) u.integer("batch_size", 1, 500, 500),
        u.duration("interval", Duration.ofSeconds(1), Duration.ofHours(24), Duration.ofSeconds(60)),
        u.duration("max_backoff", Duration.ofSeconds(5), Duration.ofHours(24), Duration.ofMinutes(30)));
    u.noOtherKeys();

    Section d = root.section("day_close");
    DayClose dayClose = new DayClose(
        d.timeOfDay("at", LocalTime.of(1, 0)),
        d.duration("spread", Duration.ZERO, Duration.ofHours(24), Duration.ofHours(2)));
    d.noOtherKeys();

    Section rt = root.section("retention");
    Retention retention = new Retention(rt.duration("accepted", Duration.ofDays(1), Duration.ofDays(3650),
        Duration.ofDays(90)));
    rt.noOtherKeys();

    Section l = root.section("logging");
    Logging logging = new Logging(
        level(l, "level", "info"),
        level(l, "apdu_level", "warn"));
    l.noOtherKeys();

    Section rf = root.section("reference");
    Reference reference = new Reference(
        rf.duration("interval", Duration.ofSeconds(10), Duration.ofHours(24), Duration.ofMinutes(15)));
    rf.noOtherKeys();

    root.noOtherKeys();
    return new AgentConfig(file, terminal, readers, register, pinPad, store, bank, upload, dayClose, retention,
        checkout, gate, logging, reference);
  }

  private static Register register(Section g) throws ConfigException {
    boolean serial = g.has("serial");
    boolean tcp = g.has("tcp_listen");
    if (serial == tcp) {
      throw new ConfigException(g.key(serial ? "tcp_listen" : "serial"), serial
          ? "give serial or tcp_listen, not both"
          : "missing: a checkout needs its register's link (serial: PORT, or tcp_listen: HOST:PORT)");
    }
    Register out;
    if (serial) {
      out = new Register(g.text("serial"), baud(g, 115200), null, 0);
    } else {
      String hp = g.text("tcp_listen");
      int colon = hp.lastIndexOf(':');
      int port = -1;
      if (colon > 0) {
        try {
          port = Integer.parseInt(hp.substring(colon + 1));
        } catch (NumberFormatException e) {
          port = -1;
        }
      }
      if (port < 1 || port > 65535) {
        throw new ConfigException(g.key("tcp_listen"), "must be HOST:PORT with a port 1 to 65535, not '" + hp + "'");
      }
      out = new Register(null, 0, hp.substring(0, colon), port);
    }
    g.noOtherKeys();
    return out;
  }

  private static int baud(Section g, int fallback) throws ConfigException {
    long b = g.integer("baud", 0, Integer.MAX_VALUE, fallback);
    for (int ok : new int[] {9600, 19200, 38400, 57600, 115200}) {
      if (b == ok) {
        return ok;
      }
    }
    throw new ConfigException(g.key("baud"), "must be 9600, 19200, 38400, 57600 or 115200, not " + b);
  }

  private static Bank bank(Section b) throws ConfigException {
    String url = b.text("url");
    if (!url.startsWith("https://")) {
      throw new ConfigException(b.key("url"), "must be an https:// address (plain HTTP is refused), not '" + url + "'");
    }
    Path ca = existing(b, "ca_certificate");
    List<String> pins = b.textList("certificate_pins");
    for (int i = 0; i < pins.size(); i++) {
      if (!pins.get(i).matches("sha256/[A-Za-z0-9+/]{43}=")) {
        throw new ConfigException(b.key("certificate_pins") + "[" + i + "]",
            "must be sha256/ and the base64 SHA-256 of the certificate's public key");
      }
    }
    if (ca == null && pins.isEmpty()) {
      throw new ConfigException(b.key("ca_certificate"),
          "missing: give the bank's CA certificate (PEM) or certificate_pins, so no other server is trusted");
    }
    String algorithm = b.text("signing_algorithm", "sm2");
    if (!algorithm.equals("sm2") && !algorithm.equals("ecdsa_p256")) {
      throw new ConfigException(b.key("signing_algorithm"), "must be sm2 or ecdsa_p256, not '" + algorithm + "'");
    }
    Path signing = existing(b, "signing_key_file");
    Path master = existing(b, "master_key_file");
    if (signing == null) {
      throw new ConfigException(b.key("signing_key_file"), "missing (the terminal's private signing key, hex)");
    }
    if (master == null) {
      throw new ConfigException(b.key("master_key_file"), "missing (the terminal master key for sign-on, hex)");
    }
    Bank out = new Bank(
        url,
        ca,
        pins,
        algorithm,
        signing,
        master,
        b.matching("response_key", "04[0-9A-Fa-f]{128}", "the bank's response public key, 04 and 128 hex digits"),
        b.matching("reference_key", "04[0-9A-Fa-f]{128}",
            "the bank's reference-data public key, 04 and 128 hex digits"),
        b.duration("call_timeout", Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofSeconds(60)));
    b.noOtherKeys();
    return out;
  }

  /** A path that must name an existing, readable file (relative to the configuration's directory). */
  private static Path existing(Section s, String name) throws ConfigException {
    Path p = s.path(name);
    if (p == null) {
      return null;
    }
    if (!Files.isRegularFile(p)) {
      throw new ConfigException(s.key(name), "no file " + p);
    }
    if (!Files.isReadable(p)) {
      throw new ConfigException(s.key(name), "cannot read " + p);
    }
    return p;
  }

  private static String level(Section l, String name, String fallback) throws ConfigException {
    String v = l.text(name, fallback).toLowerCase(Locale.ROOT);
    if (!v.matches(LEVELS)) {
      throw new ConfigException(l.key(name), "must be error, warn, info, debug or trace, not '" + v + "'");
    }
    return v;
  }
}
