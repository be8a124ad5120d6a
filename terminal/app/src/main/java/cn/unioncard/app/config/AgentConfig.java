package cn.unioncard.app.config;

import cn.unioncard.agent.gate.fare.FareEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
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

  /**
   * Reads and checks {@code file}: strictly (docs/configuration.md, Reading the file), and every key. The exception
   * carries every problem of the file ({@link ConfigException#problems()}), each naming its key.
   */
  public static AgentConfig load(Path file) throws ConfigException {
    List<ConfigException> problems = new ArrayList<>();
    ConfigNode root = StrictYaml.read(file, problems);
    if (root == null || root.type != ConfigNode.Type.MAPPING) {
      throw new ConfigException("", file + " must be a YAML mapping of sections (terminal, readers, store, bank, ...)");
    }
    Path base = file.toAbsolutePath().getParent();
    AgentConfig config = AgentConfigReader.read(file, new Section("", root, base, problems));
    if (!problems.isEmpty()) {
      throw ConfigException.of(problems).withPartial(config);
    }
    return config;
  }
}
