package cn.unioncard.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The configuration is read as YAML 1.2, strictly (issue 19): no YAML 1.1 octal, hex or yes/no, a key once, UTF-8
 * only, a bounded size, and every problem of a file reported in one run.
 */
class StrictConfigTest {
  @TempDir Path dir;

  private String example() throws IOException {
    return new String(Files.readAllBytes(AgentConfigTest.EXAMPLES.resolve("ucard.example.yaml")),
        StandardCharsets.UTF_8);
  }

  /** The line (from 1) where {@code text} starts in {@code yaml}. */
  private static int lineOf(String yaml, String text) {
    assertTrue(yaml.contains(text), text);
    return yaml.substring(0, yaml.indexOf(text)).split("\n", -1).length;
  }

  private Path write(byte[] content) throws IOException {
    Files.createDirectories(dir.resolve("keys"));
    Files.write(dir.resolve("keys/terminal-signing.key"), "00".getBytes(StandardCharsets.US_ASCII));
    Files.write(dir.resolve("keys/terminal-master.key"), "00".getBytes(StandardCharsets.US_ASCII));
    Files.write(dir.resolve("bank-ca.pem"), "pem".getBytes(StandardCharsets.US_ASCII));
    Path file = dir.resolve("ucard.yaml");
    Files.write(file, content);
    return file;
  }

  private AgentConfig load(String yaml) throws Exception {
    return AgentConfig.load(write(yaml.getBytes(StandardCharsets.UTF_8)));
  }

  private ConfigException refused(String yaml) {
    ConfigException e = assertThrows(ConfigException.class, () -> load(yaml));
    for (ConfigException p : e.problems()) {
      assertTrue(!p.getMessage().contains("\n"), "one line: " + p.getMessage());
    }
    return e;
  }

  @Test
  void leadingZerosStayTextAndTimesAreNotSexagesimal() throws Exception {
    AgentConfig c = load(example().replace("merchant_id: M0000001", "merchant_id: 000123")
        .replace("at: \"01:00\"", "at: 01:30"));
    assertEquals("000123", c.terminal().merchantId()); // YAML 1.1 made it octal 83
    assertEquals(LocalTime.of(1, 30), c.dayClose().at()); // YAML 1.1 made it 90
    assertEquals(10, load(example().replace("batch_size: 500", "batch_size: 010")).upload().batchSize());
  }

  /** Each row: text of the checkout example replaced, and the one line expected (YAML 1.1 would have taken it). */
  @ParameterizedTest
  @CsvSource(delimiter = '~', value = {
    "merchant_id: M0000001~merchant_id: 0x1F~terminal.merchant_id: must be 1 to 32 of A-Z and 0-9, not '0x1F'",
    "batch_size: 500~batch_size: 0x1F~upload.batch_size: must be a whole number, not 0x1F",
    "batch_size: 500~batch_size: 0o17~upload.batch_size: must be a whole number, not 0o17",
    "batch_size: 500~batch_size: 1_0~upload.batch_size: must be a whole number, not '1_0'",
    "batch_size: 500~batch_size: \"500\"~upload.batch_size: must be a whole number, not '500'",
    "batch_size: 500~batch_size: 99999999999999999999~upload.batch_size: must be a whole number, not 9999",
    "  # on_register: true ~  on_register: yes ~pin_pad.on_register: must be true or false, not 'yes'",
    "  # on_register: true ~  on_register: on ~pin_pad.on_register: must be true or false, not 'on'",
    "id: T0000001~id: true~terminal.id: must be text, not true",
  })
  void scalarsFollowTheCoreSchema(String from, String to, String expected) throws Exception {
    String yaml = example();
    assertTrue(yaml.contains(from), from);
    ConfigException e = refused(yaml.replace(from, to));
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
  }

  @Test
  void aDuplicatedKeyOrSectionIsNamedWithItsLines() throws Exception {
    String yaml = example();
    ConfigException key = refused(yaml.replace("  id: T0000001 ", "  id: T0000001\n  id: T0000002 "));
    int id = lineOf(yaml, "  id: T0000001 ");
    assertEquals("terminal.id: duplicated at line " + (id + 1) + " (first at line " + id + "): a key is given once",
        key.getMessage());
    ConfigException section = refused(yaml + "logging:\n  level: debug\n");
    int first = yaml.substring(0, yaml.indexOf("\nlogging:")).split("\n", -1).length + 1;
    int again = yaml.split("\n", -1).length;
    assertEquals("logging: duplicated at line " + again + " (first at line " + first + "): a key is given once",
        section.getMessage());
  }

  @Test
  void everyProblemOfTheFileIsReportedInOneRun() throws Exception {
    ConfigException e = refused(example()
        .replace("id: T0000001", "id: t1")
        .replace("baud: 115200", "baud: 4800")
        .replace("card_timeout: 60s", "card_timout: 60s")
        .replace("level: info", "level: loud")
        .replace("  id: t1", "  id: t1\n  kind: checkout"));
    List<String> lines = e.problems().stream().map(Throwable::getMessage).collect(Collectors.toList());
    assertEquals(5, lines.size(), lines.toString());
    // the kind added after the id comes first; the example's own kind is the duplicate
    assertTrue(lines.get(0).startsWith("terminal.kind: duplicated at line " + (lineOf(example(), "  kind: checkout") + 1)
        + " (first at line " + (lineOf(example(), "  id: T0000001") + 1) + ")"), lines.toString());
    assertTrue(lines.get(1).startsWith("terminal.id: must be 8 to 16"), lines.toString());
    assertTrue(lines.get(2).startsWith("register.baud: must be"), lines.toString());
    assertTrue(lines.get(3).startsWith("checkout.card_timout: unknown key"), lines.toString());
    assertTrue(lines.get(4).startsWith("logging.level: must be"), lines.toString());
  }

  @Test
  void invalidUtf8IsRefusedWithItsLine() throws Exception {
    byte[] yaml = example().replace("M0000001", "M000000X").getBytes(StandardCharsets.UTF_8);
    String text = new String(yaml, StandardCharsets.UTF_8);
    int at = text.indexOf("M000000X") + 7;
    yaml[at] = (byte) 0xC3; // a lead byte followed by a space: not UTF-8
    Path file = write(yaml);
    ConfigException e = assertThrows(ConfigException.class, () -> AgentConfig.load(file));
    assertEquals(file + " is not UTF-8: byte " + (at + 1) + " (line " + lineOf(text, "M000000X")
        + ") is not valid UTF-8", e.getMessage());
    // a byte order mark is allowed (YAML 1.2)
    byte[] bom = ("\uFEFF" + example()).getBytes(StandardCharsets.UTF_8);
    assertEquals("T0000001", AgentConfig.load(write(bom)).terminal().id());
  }

  @Test
  void aHugeOrEndlessFileIsRefusedQuicklyInOneLine() throws Exception {
    byte[] big = new byte[10 * 1024 * 1024];
    java.util.Arrays.fill(big, (byte) '#');
    Path file = write(big);
    ConfigException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
        () -> assertThrows(ConfigException.class, () -> AgentConfig.load(file)));
    assertEquals(file + " is larger than 256 KiB, the bound of a configuration file", e.getMessage());
    Path zero = Paths.get("/dev/zero");
    if (Files.isReadable(zero)) {
      ConfigException z = assertTimeoutPreemptively(Duration.ofSeconds(5),
          () -> assertThrows(ConfigException.class, () -> AgentConfig.load(zero)));
      assertEquals("/dev/zero is larger than 256 KiB, the bound of a configuration file", z.getMessage());
    }
  }

  /** A FIFO with no writer would block the open for ever (issue 19): refused before it is opened. */
  @Test
  void aPipeIsNotAConfigurationFile() throws Exception {
    Path fifo = dir.resolve("config.fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo is here");
    ConfigException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> assertThrows(ConfigException.class, () -> AgentConfig.load(fifo)));
    assertEquals(fifo + " is not a regular file, so not a configuration file", e.getMessage());
  }

  @Test
  void aliasesTagsAndSecondDocumentsAreRefused() throws Exception {
    String yaml = example();
    assertTrue(refused(yaml.replace("id: T0000001", "id: &t T0000001").replace("merchant_id: M0000001",
        "merchant_id: *t")).getMessage().contains("an alias (*) at line " + lineOf(yaml, "  merchant_id: M")
        + ": aliases are not used"));
    assertTrue(refused(yaml.replace("batch_size: 500", "batch_size: !!int 500")).getMessage()
        .contains("a tag (tag:yaml.org,2002:int) at line"));
    assertTrue(refused(yaml + "---\nterminal: {}\n").getMessage().contains("holds more than one YAML document"));
    assertTrue(refused("? [a, b]\n: c\n").getMessage().contains("keys are names"));
    String deep = "a: " + "[".repeat(40) + "]".repeat(40) + "\n";
    assertTrue(refused(deep).getMessage().contains("nested deeper than 16 levels"));
  }
}
