package cn.unioncard.app.daemon;

import cn.unioncard.agent.store.StoreException;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.app.config.AgentConfig;
import cn.unioncard.app.config.ConfigException;
import cn.unioncard.bank.BankClient;
import cn.unioncard.bank.signing.SignatureAlgorithm;
import cn.unioncard.bank.signing.Signer;
import cn.unioncard.bank.signing.Verifier;
import cn.unioncard.protocol.Hex;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything {@code ucard run} would fail on at start that needs no card reader: the key files hold keys, the CA
 * file holds certificates, the bank's public keys are points of the curve, the store can be opened or created,
 * the register's TCP port is free or its serial device is there, the PIN pad's device is there, a gate's fare
 * table and hotlist parse. {@link #check} reports all of them at once; {@code run} and {@code run --check} both
 * call it before anything starts. The readers are not checked: pcscd and the readers must be present for that
 * (docs/configuration.md, Checking a file).
 */
public final class StartChecks {
  /** A key file holds at most this many bytes (a key is 64 hex digits). */
  static final long MAX_KEY_FILE_BYTES = 4096;
  /** The bank's CA file holds at most this many bytes. */
  static final long MAX_CA_FILE_BYTES = 1024 * 1024;

  private final AgentConfig config;
  private final Set<String> wrongKeys;
  private final List<ConfigException> problems = new ArrayList<>();

  private StartChecks(AgentConfig config, Set<String> wrongKeys) {
    this.config = config;
    this.wrongKeys = wrongKeys;
  }

  /** Every problem found, each naming its key (empty: the agent can start, readers aside). */
  public static List<ConfigException> check(AgentConfig config) {
    return check(config, List.of());
  }

  /**
   * As {@link #check(AgentConfig)} for a configuration read with {@code known} problems ({@link
   * ConfigException#partial()}): what those keys name is not checked again.
   */
  public static List<ConfigException> check(AgentConfig config, List<ConfigException> known) {
    Set<String> wrong = new HashSet<>();
    for (ConfigException e : known) {
      wrong.add(e.key().replaceAll("\\[[0-9]+]$", ""));
    }
    StartChecks c = new StartChecks(config, wrong);
    c.bank();
    c.store();
    AgentConfig.Register r = config.register();
    if (r != null && c.ok(r.isSerial() ? "register.serial" : "register.tcp_listen")) {
      c.register(r);
    }
    AgentConfig.PinPad p = config.pinPad();
    if (p != null && p.serialPort() != null && c.ok("pin_pad.serial")) {
      c.device("pin_pad.serial", Path.of(p.serialPort()));
      if (r != null && p.serialPort().equals(r.serialPort())) {
        c.problem("pin_pad.serial", p.serialPort() + " is the register's port too");
      }
    }
    AgentConfig.Gate g = config.gate();
    if (g != null && g.fareTable() != null && c.ok("gate.fare_table") && c.ok("gate.hotlist")) {
      c.attempt(() -> Agent.fareTable(config));
      c.attempt(() -> Agent.hotlist(config));
    }
    return c.problems;
  }

  /** Whether {@code key} read without a problem (so what it names can be checked). */
  private boolean ok(String key) {
    return !wrongKeys.contains(key) && !wrongKeys.contains("");
  }

  private void bank() {
    AgentConfig.Bank b = config.bank();
    int before = problems.size();
    boolean algorithm = ok("bank.signing_algorithm");
    if (algorithm && b.signingKeyFile() != null && ok("bank.signing_key_file")
        && small(b.signingKeyFile(), "bank.signing_key_file", MAX_KEY_FILE_BYTES, "a key file")) {
      attempt(() -> {
        byte[] d = BankSetup.hexFile(b.signingKeyFile(), "bank.signing_key_file", 32);
        try {
          Signer.of(b.signingAlgorithm().equals("sm2") ? SignatureAlgorithm.SM2_SM3
              : SignatureAlgorithm.ECDSA_P256_SHA256, d, new SecureRandom());
        } catch (RuntimeException e) {
          problem("bank.signing_key_file", b.signingKeyFile() + " is not a private key for " + b.signingAlgorithm()
              + ": " + e.getMessage());
        }
        return null;
      });
    }
    if (b.masterKeyFile() != null && ok("bank.master_key_file")
        && small(b.masterKeyFile(), "bank.master_key_file", MAX_KEY_FILE_BYTES, "a key file")) {
      attempt(() -> BankSetup.masterKey(config));
    }
    if (b.caCertificate() != null && ok("bank.ca_certificate") && small(b.caCertificate(), "bank.ca_certificate", MAX_CA_FILE_BYTES, "a CA file")) {
      certificates(b.caCertificate());
    }
    publicKey("bank.response_key", b.responseKey());
    publicKey("bank.reference_key", b.referenceKey());
    if (problems.size() == before && wrongKeys.isEmpty()) { // what is left: the client as run makes it
      attempt(() -> {
        BankClient client = BankSetup.client(config);
        client.close();
        return null;
      });
    }
  }

  private void certificates(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      if (CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(in.readAllBytes())).isEmpty()) {
        problem("bank.ca_certificate", file + " is not a PEM certificate (-----BEGIN CERTIFICATE-----)");
      }
    } catch (CertificateException e) {
      problem("bank.ca_certificate", file + " is not a PEM certificate (-----BEGIN CERTIFICATE-----): "
          + oneLine(e));
    } catch (IOException e) {
      problem("bank.ca_certificate", "cannot read " + file + ": " + e.getMessage());
    }
  }

  private void publicKey(String key, String hex) {
    if (hex == null || !ok(key)) {
      return;
    }
    try {
      Verifier.of(SignatureAlgorithm.SM2_SM3, Hex.of(hex));
    } catch (IllegalArgumentException e) {
      problem(key, e.getMessage());
    }
  }

  /** The store as run opens it when the file is there; else the directory it will be made in. */
  private void store() {
    Path file = config.store().path();
    if (file == null || !ok("store.path")) {
      return;
    }
    Path parent = file.toAbsolutePath().getParent();
    if (Files.isDirectory(file)) {
      problem("store.path", file + " is a directory: name the store's file in it, such as " + file.resolve("store.db"));
    } else if (parent == null || !Files.isDirectory(parent)) {
      problem("store.path", "no directory " + parent + " for the store (create it, writable by the agent's user)");
    } else if (!Files.isWritable(parent)) {
      problem("store.path", "cannot write in " + parent + " (the store, its journal and status file go there)");
    } else if (Files.exists(file) && ok("terminal.id") && ok("store.max_size_mb")) {
      try {
        TransactionStore.open(file, config.terminal().id(), Clock.systemUTC(), config.store().maxBytes()).close();
      } catch (StoreException | RuntimeException e) {
        problem("store.path", "cannot open the store: " + oneLine(e));
      }
    }
  }

  private void register(AgentConfig.Register r) {
    if (r.isSerial()) {
      device("register.serial", Path.of(r.serialPort()));
      return;
    }
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true); // as the agent's listener
      s.bind(new InetSocketAddress(InetAddress.getByName(r.tcpHost()), r.tcpPort()));
    } catch (IOException | RuntimeException e) {
      problem("register.tcp_listen", "cannot listen on " + r.tcpHost() + ":" + r.tcpPort() + ": " + oneLine(e)
          + " (another program has the port, or the address is not this machine's)");
    }
  }

  /** A serial device: present, a character device, readable and writable by this user. */
  private void device(String key, Path p) {
    if (!Files.exists(p)) {
      problem(key, "no device " + p + " (is it plugged in? ls /dev/tty*)");
      return;
    }
    try {
      Object mode = Files.getAttribute(p, "unix:mode");
      if (mode instanceof Integer && ((Integer) mode & 0170000) != 0020000) {
        problem(key, p + " is not a serial device (not a character device)");
        return;
      }
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      // no unix attributes here: the open at start decides
    }
    if (!Files.isReadable(p) || !Files.isWritable(p)) {
      problem(key, "cannot read and write " + p + " (the agent's user needs the dialout group)");
    }
  }

  /** Whether a file is at most {@code max} bytes (else a problem). */
  private boolean small(Path file, String key, long max, String what) {
    try {
      if (Files.size(file) > max) {
        problem(key, file + " is larger than " + max + " bytes, the bound of " + what);
        return false;
      }
      return true;
    } catch (IOException e) {
      problem(key, "cannot read " + file + ": " + e.getMessage());
      return false;
    }
  }

  private interface Step {
    Object run() throws ConfigException;
  }

  private void attempt(Step step) {
    try {
      step.run();
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    } catch (RuntimeException e) {
      problems.add(new ConfigException("", oneLine(e)));
    }
  }

  private void problem(String key, String what) {
    problems.add(new ConfigException(key, what));
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isEmpty() ? e.getClass().getSimpleName() : m.replaceAll("\\s*\n\\s*", "; ");
  }
}
