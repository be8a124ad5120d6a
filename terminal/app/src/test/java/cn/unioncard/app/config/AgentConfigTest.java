package cn.unioncard.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.agent.gate.fare.FareEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The configuration file: the shipped examples read as documented, and every bad key is named in one line. */
class AgentConfigTest {
  static final Path EXAMPLES = Paths.get("src/dist/etc");

  @TempDir Path dir;

  private String example(String name) throws IOException {
    return new String(Files.readAllBytes(EXAMPLES.resolve(name)), StandardCharsets.UTF_8);
  }

  /** Writes {@code yaml} as dir/ucard.yaml with the files its keys name, and loads it. */
  private AgentConfig load(String yaml) throws Exception {
    Files.createDirectories(dir.resolve("keys"));
    Files.write(dir.resolve("keys/terminal-signing.key"), "00".getBytes(StandardCharsets.US_ASCII));
    Files.write(dir.resolve("keys/terminal-master.key"), "00".getBytes(StandardCharsets.US_ASCII));
    Files.write(dir.resolve("bank-ca.pem"), "pem".getBytes(StandardCharsets.US_ASCII));
    Files.write(dir.resolve("fares.json"), "{}".getBytes(StandardCharsets.US_ASCII));
    Path file = dir.resolve("ucard.yaml");
    Files.write(file, yaml.getBytes(StandardCharsets.UTF_8));
    return AgentConfig.load(file);
  }

  @Test
  void theCheckoutExampleReadsAsDocumented() throws Exception {
    AgentConfig c = load(example("ucard.example.yaml"));
    assertEquals("T0000001", c.terminal().id());
    assertEquals(AgentConfig.Kind.CHECKOUT, c.terminal().kind());
    assertEquals("M0000001", c.terminal().merchantId());
    assertEquals("PICC|Virtual PCD 00 00", c.readers().contactless());
    assertNull(c.readers().psam());
    assertEquals("/dev/ttyS0", c.register().serialPort());
    assertEquals(115200, c.register().baud());
    assertEquals(9600, c.pinPad().baud());
    assertEquals("/dev/ttyUSB0", c.pinPad().serialPort());
    assertTrue(!c.pinPad().onRegister());
    assertEquals(60, c.pinPad().timeoutSeconds());
    assertEquals(100_000, c.checkout().noPinLimitFen());
    assertEquals(Duration.ofSeconds(60), c.checkout().cardTimeout());
    assertEquals(Paths.get("/var/lib/ucard/store.db"), c.store().path());
    assertEquals(1024L * 1024 * 1024, c.store().maxBytes());
    assertEquals(dir.resolve("keys/terminal-signing.key"), c.bank().signingKeyFile());
    assertEquals(dir.resolve("bank-ca.pem"), c.bank().caCertificate());
    assertEquals(500, c.upload().batchSize());
    assertEquals(Duration.ofMinutes(30), c.upload().maxBackoff());
    assertEquals(LocalTime.of(1, 0), c.dayClose().at());
    assertEquals(Duration.ofHours(2), c.dayClose().spread());
    assertEquals(Duration.ofDays(90), c.retention().accepted());
    assertEquals("info", c.logging().level());
    assertNull(c.gate());
  }

  @Test
  void theGateExampleReadsAsDocumented() throws Exception {
    AgentConfig c = load(example("ucard-gate.example.yaml"));
    assertEquals(AgentConfig.Kind.METRO_GATE, c.terminal().kind());
    assertEquals("SAM|Virtual PCD 00 01", c.readers().psam());
    assertEquals(FareEngine.Direction.ENTRY, c.gate().direction());
    assertEquals("0101", c.gate().station());
    assertEquals(dir.resolve("fares.json"), c.gate().fareTable());
    assertNull(c.gate().hotlist());
    assertEquals(Duration.ofMinutes(5), c.upload().interval());
    assertEquals(500, c.upload().batchSize());
    assertNull(c.register());
  }

  @Test
  void aBusValidatorBoardsAndNeedsNoStation() throws Exception {
    String yaml = example("ucard-gate.example.yaml")
        .replace("kind: metro_gate", "kind: bus_validator")
        .replace("  station: \"0101\"             # station code, 4 hex digits (metro gates)\n", "")
        .replace("  direction: entry            # boarding | entry | exit\n", "");
    AgentConfig c = load(yaml);
    assertEquals(FareEngine.Direction.BOARDING, c.gate().direction());
    assertEquals("0000", c.gate().station());
  }

  /** Each row: text of the checkout example replaced by other text, and the one-line error expected. */
  @ParameterizedTest
  @CsvSource(delimiter = '~', quoteCharacter = '`', ignoreLeadingAndTrailingWhitespace = false, value = {
    "id: T0000001~id: t1~terminal.id: must be 8 to 16 of A-Z and 0-9, not 't1'",
    "kind: checkout~kind: till~terminal.kind: must be one of checkout, bus_validator, metro_gate, not 'till'",
    "card_timeout: 60s~card_timout: 60s~checkout.card_timout: unknown key",
    "contactless: \"PICC|Virtual PCD 00 00\"~contactless: \"PICC[\"~readers.contactless: is not a valid regular expression",
    "baud: 115200~baud: 4800~register.baud: must be 9600, 19200, 38400, 57600 or 115200, not 4800",
    "  # tcp_listen: 0.0.0.0:9100~  tcp_listen: 0.0.0.0:9100~register.tcp_listen: give serial or tcp_listen, not both",
    "no_pin_limit_fen: 100000~no_pin_limit_fen: 1000.50~checkout.no_pin_limit_fen: must be a whole number, not 1000.5",
    "card_timeout: 60s~card_timeout: 60~checkout.card_timeout: must be a number and a unit (ms, s, m, h, d) such as 30s",
    "card_timeout: 60s~card_timeout: 1s~checkout.card_timeout: must be from 5s to 10m, not 1s",
    "url: https://bank.example.cn:8443/~url: http://bank.example.cn/~bank.url: must be an https:// address",
    "ca_certificate: bank-ca.pem~ca_certificate: nowhere.pem~bank.ca_certificate: no file ",
    "signing_algorithm: sm2~signing_algorithm: rsa~bank.signing_algorithm: must be sm2 or ecdsa_p256, not 'rsa'",
    "certificate_pins: []~certificate_pins: [abc]~bank.certificate_pins[0]: must be sha256/",
    "response_key: 04720939~response_key: 05720939~bank.response_key: must be the bank's response public key",
    "at: \"01:00\"~at: \"25:00\"~day_close.at: must be a time of day HH:MM, not '25:00'",
    "batch_size: 500~batch_size: 501~upload.batch_size: must be 1 to 500, not 501",
    "level: info~level: loud~logging.level: must be error, warn, info, debug or trace, not 'loud'",
    "retention:~gate: {}\\nretention:~gate: not a section of a checkout terminal (terminal.kind)",
    "logging:~colour: blue\\nlogging:~colour: unknown key",
    "  # on_register: true ~  on_register: true ~pin_pad.serial: not with on_register: true",
    "  # on_register: true ~  on_register: yes please ~pin_pad.on_register: must be true or false",
    "  timeout: 60s ~  timeout: 300s ~pin_pad.timeout: must be from 1s to 255s, not 300s",
    "  # on_register: true ~  on_regster: true ~pin_pad.on_regster: unknown key",
  })
  void aBadKeyIsNamedWithWhatIsWrong(String from, String to, String expected) throws Exception {
    String yaml = example("ucard.example.yaml");
    String f = from.replace("\\n", "\n");
    assertTrue(yaml.contains(f), "the example has '" + f + "'");
    ConfigException e = assertThrows(ConfigException.class, () -> load(yaml.replace(f, to.replace("\\n", "\n"))));
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }

  @Test
  void aPinPadOnTheRegistersLinkHasNoLineOfItsOwn() throws Exception {
    String yaml = example("ucard.example.yaml")
        .replace("  serial: /dev/ttyUSB0\n  baud: 9600\n  # on_register: true", "  on_register: true")
        .replace("\n  timeout: 60s ", "\n  timeout: 20s ");
    AgentConfig c = load(yaml);
    assertTrue(c.pinPad().onRegister());
    assertNull(c.pinPad().serialPort());
    assertEquals(20, c.pinPad().timeoutSeconds());
    assertEquals("/dev/ttyS0", c.register().serialPort());
  }

  @Test
  void aGateWithoutItsPsamIsRefusedAndWithoutFaresWaitsForTheBanks() throws Exception {
    String gate = example("ucard-gate.example.yaml");
    ConfigException psam = assertThrows(ConfigException.class,
        () -> load(gate.replace("  psam: \"SAM|Virtual PCD 00 01\"", "")));
    assertTrue(psam.getMessage().startsWith("readers.psam: missing: a metro_gate needs its PSAM's slot"),
        psam.getMessage());
    // no initial fare table: the gate is out of service until the first signed one comes from the bank
    assertEquals(null, load(gate.replace("  fare_table: fares.json", "")).gate().fareTable());
    assertEquals(java.time.Duration.ofMinutes(15), load(gate).reference().interval());
    ConfigException interval = assertThrows(ConfigException.class,
        () -> load(gate.replace("  interval: 15m ", "  interval: 1s ")));
    assertTrue(interval.getMessage().startsWith("reference.interval: "), interval.getMessage());
    ConfigException unknown = assertThrows(ConfigException.class,
        () -> load(gate.replace("  interval: 15m ", "  every: 1m ")));
    assertTrue(unknown.getMessage().startsWith("reference.every: "), unknown.getMessage());
  }

  @Test
  void notYamlOrNoFileIsOneLine() throws Exception {
    ConfigException bad = assertThrows(ConfigException.class, () -> load("terminal: [unclosed\n"));
    assertTrue(bad.getMessage().contains("is not valid YAML at line"), bad.getMessage());
    assertTrue(!bad.getMessage().contains("\n"), bad.getMessage());
    ConfigException none = assertThrows(ConfigException.class, () -> AgentConfig.load(dir.resolve("absent.yaml")));
    assertEquals("no configuration file " + dir.resolve("absent.yaml"), none.getMessage());
    ConfigException list = assertThrows(ConfigException.class, () -> load("- a\n- b\n"));
    assertTrue(list.getMessage().contains("must be a YAML mapping of sections"), list.getMessage());
  }
}
