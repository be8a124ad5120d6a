package cn.unioncard.app.config;

import cn.unioncard.agent.gate.fare.FareEngine;
import cn.unioncard.app.config.AgentConfig.Bank;
import cn.unioncard.app.config.AgentConfig.Checkout;
import cn.unioncard.app.config.AgentConfig.DayClose;
import cn.unioncard.app.config.AgentConfig.Gate;
import cn.unioncard.app.config.AgentConfig.Kind;
import cn.unioncard.app.config.AgentConfig.Logging;
import cn.unioncard.app.config.AgentConfig.PinPad;
import cn.unioncard.app.config.AgentConfig.Readers;
import cn.unioncard.app.config.AgentConfig.Reference;
import cn.unioncard.app.config.AgentConfig.Register;
import cn.unioncard.app.config.AgentConfig.Retention;
import cn.unioncard.app.config.AgentConfig.Store;
import cn.unioncard.app.config.AgentConfig.Terminal;
import cn.unioncard.app.config.AgentConfig.Upload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Locale;

/**
 * The sections of {@link AgentConfig}, key by key. Every problem goes into the sections' shared list and reading
 * goes on, so {@link AgentConfig#load} reports all of a file's problems at once; only a wrong {@code terminal.kind}
 * leaves out the sections that depend on it.
 */
final class AgentConfigReader {
  private static final String LEVELS = "(error|warn|info|debug|trace)";

  private AgentConfigReader() {}

  static AgentConfig read(Path file, Section root) {
    Section t = root.section("terminal");
    String id = t.matching("id", "[A-Z0-9]{8,16}", "8 to 16 of A-Z and 0-9");
    Kind kind = t.choice("kind", Kind.class, null);
    String merchant = null;
    if (kind == Kind.CHECKOUT) {
      merchant = t.matching("merchant_id", "[A-Z0-9]{1,32}", "1 to 32 of A-Z and 0-9");
    } else if (kind == null) {
      t.skip("merchant_id");
    }
    t.noOtherKeys();
    Terminal terminal = new Terminal(id, kind, merchant);

    Section r = root.section("readers");
    String contactless = r.regex("contactless");
    if (contactless == null && !r.has("contactless")) {
      r.problem("contactless", "missing (a regular expression found in the reader's name)");
    }
    String contact = kind == Kind.CHECKOUT ? r.regex("contact") : null;
    String psam = kind != null && kind.isGate() ? r.regex("psam") : null;
    if (kind != null && kind.isGate() && psam == null && !r.has("psam")) {
      r.problem("psam", "missing: a " + kind.key() + " needs its PSAM's slot");
    }
    if (kind == null) {
      r.skip("contact");
      r.skip("psam");
    }
    r.noOtherKeys();
    Readers readers = new Readers(contactless, contact, psam);

    Register register = null;
    PinPad pinPad = null;
    Checkout checkout = null;
    Gate gate = null;
    if (kind == null) {
      for (String dependent : new String[] {"register", "pin_pad", "checkout", "gate"}) {
        root.skip(dependent);
      }
    } else {
      for (String other : kind == Kind.CHECKOUT ? new String[] {"gate"}
          : new String[] {"register", "pin_pad", "checkout"}) {
        if (root.has(other)) {
          root.problem(other, "not a section of a " + kind.key() + " terminal (terminal.kind)");
          root.skip(other);
        }
      }
    }
    if (kind == Kind.CHECKOUT) {
      register = register(root.section("register"));
      pinPad = pinPad(root.section("pin_pad"));
      Section c = root.section("checkout");
      checkout = new Checkout(
          c.integer("no_pin_limit_fen", 0, 100_000_000, 100_000),
          c.duration("card_timeout", Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofSeconds(60)));
      c.noOtherKeys();
    } else if (kind != null) {
      gate = gate(root.section("gate"), kind);
    }

    Section s = root.section("store");
    Path storePath = s.path("path");
    if (storePath == null && !s.has("path")) {
      s.problem("path", "missing (the SQLite file of the terminal's transactions)");
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

  private static PinPad pinPad(Section p) {
    boolean onRegister = p.flag("on_register", false);
    int pinTimeout = (int) p.duration("timeout", Duration.ofSeconds(1), Duration.ofSeconds(255),
        Duration.ofSeconds(60)).getSeconds();
    for (String own : new String[] {"serial", "baud"}) {
      if (onRegister && p.has(own)) {
        p.problem(own, "not with on_register: true (the PIN pad is on the register's link)");
      }
    }
    PinPad out = null;
    if (p.has("serial") || onRegister) {
      out = new PinPad(onRegister ? null : p.text("serial"), baud(p, 9600), onRegister, pinTimeout);
    }
    if (onRegister) {
      p.skip("serial"); // already a problem above
      p.skip("baud");
    }
    p.noOtherKeys();
    return out;
  }

  private static Gate gate(Section g, Kind kind) {
    FareEngine.Direction fallback = kind == Kind.BUS_VALIDATOR ? FareEngine.Direction.BOARDING : null;
    FareEngine.Direction direction = g.choice("direction", FareEngine.Direction.class, fallback);
    Gate gate = new Gate(
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
    return gate;
  }

  private static Register register(Section g) {
    boolean serial = g.has("serial");
    boolean tcp = g.has("tcp_listen");
    Register out = null;
    if (serial == tcp) {
      g.problem(serial ? "tcp_listen" : "serial", serial
          ? "give serial or tcp_listen, not both"
          : "missing: a checkout needs its register's link (serial: PORT, or tcp_listen: HOST:PORT)");
      g.skip("serial");
      g.skip("tcp_listen");
      g.skip("baud");
    } else if (serial) {
      out = new Register(g.text("serial"), baud(g, 115200), null, 0);
    } else {
      String hp = g.text("tcp_listen");
      int colon = hp == null ? -1 : hp.lastIndexOf(':');
      int port = -1;
      if (colon > 0) {
        try {
          port = Integer.parseInt(hp.substring(colon + 1));
        } catch (NumberFormatException e) {
          port = -1;
        }
      }
      if (hp != null && (port < 1 || port > 65535)) {
        g.problem("tcp_listen", "must be HOST:PORT with a port 1 to 65535, not '" + hp + "'");
      } else if (hp != null) {
        out = new Register(null, 0, hp.substring(0, colon), port);
      }
    }
    g.noOtherKeys();
    return out;
  }

  private static int baud(Section g, int fallback) {
    long b = g.integer("baud", 0, Integer.MAX_VALUE, fallback);
    for (int ok : new int[] {9600, 19200, 38400, 57600, 115200}) {
      if (b == ok) {
        return ok;
      }
    }
    g.problem("baud", "must be 9600, 19200, 38400, 57600 or 115200, not " + b);
    return fallback;
  }

  private static Bank bank(Section b) {
    String url = b.text("url");
    if (url != null && !url.startsWith("https://")) {
      b.problem("url", "must be an https:// address (plain HTTP is refused), not '" + url + "'");
    }
    Path ca = existing(b, "ca_certificate");
    List<String> pins = b.textList("certificate_pins");
    for (int i = 0; i < pins.size(); i++) {
      if (!pins.get(i).matches("sha256/[A-Za-z0-9+/]{43}=")) {
        b.problem("certificate_pins[" + i + "]",
            "must be sha256/ and the base64 SHA-256 of the certificate's public key");
      }
    }
    if (ca == null && pins.isEmpty() && !b.has("ca_certificate")) {
      b.problem("ca_certificate",
          "missing: give the bank's CA certificate (PEM) or certificate_pins, so no other server is trusted");
    }
    String algorithm = b.text("signing_algorithm", "sm2");
    if (!algorithm.equals("sm2") && !algorithm.equals("ecdsa_p256")) {
      b.problem("signing_algorithm", "must be sm2 or ecdsa_p256, not '" + algorithm + "'");
    }
    Path signing = existing(b, "signing_key_file");
    Path master = existing(b, "master_key_file");
    if (signing == null && !b.has("signing_key_file")) {
      b.problem("signing_key_file", "missing (the terminal's private signing key, hex)");
    }
    if (master == null && !b.has("master_key_file")) {
      b.problem("master_key_file", "missing (the terminal master key for sign-on, hex)");
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
  private static Path existing(Section s, String name) {
    Path p = s.path(name);
    if (p == null) {
      return null;
    }
    if (!Files.isRegularFile(p)) {
      s.problem(name, "no file " + p);
    } else if (!Files.isReadable(p)) {
      s.problem(name, "cannot read " + p);
    }
    return p;
  }

  private static String level(Section l, String name, String fallback) {
    String v = l.text(name, fallback).toLowerCase(Locale.ROOT);
    if (!v.matches(LEVELS)) {
      l.problem(name, "must be error, warn, info, debug or trace, not '" + v + "'");
      return fallback;
    }
    return v;
  }
}
