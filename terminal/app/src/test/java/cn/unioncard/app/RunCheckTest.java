package cn.unioncard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cn.unioncard.protocol.Hex;
import cn.unioncard.serial.SocatPair;
import cn.unioncard.sim.bank.BankCertificates;
import cn.unioncard.sim.bank.TestKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ucard run --check} (issue 19): the shipped examples pass once the files docs/configuration.md names are put
 * where it says, and a file's every problem that {@code run} would fail on is reported in one run, a line each.
 * The installation is made under a temporary root: the examples' absolute paths (/var/lib/ucard, the serial
 * devices) are moved under it, the devices being pseudo-terminals.
 */
class RunCheckTest {
  static final Path EXAMPLES = Paths.get("src/dist/etc");
  static final String ID = "T0000001";

  @TempDir Path root;

  /** ucard with {@code args}: the exit status, and standard output and error together. */
  static Object[] ucard(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = System.out;
    PrintStream err = System.err;
    PrintStream both = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    System.setOut(both);
    System.setErr(both);
    try {
      int status = Ucard.run(args);
      return new Object[] {status, bytes.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  /** The installation steps of docs/configuration.md (Installing the distribution) under {@link #root}. */
  private Path install(String example) throws Exception {
    Path etc = root.resolve("etc/ucard");
    Files.createDirectories(etc.resolve("keys"));
    Files.createDirectories(root.resolve("var/lib/ucard"));
    String yaml = new String(Files.readAllBytes(EXAMPLES.resolve(example)), StandardCharsets.UTF_8)
        .replace("/var/lib/ucard/", root.resolve("var/lib/ucard") + "/");
    Files.write(etc.resolve("bank-ca.pem"), BankCertificates.create(Instant.now(), Duration.ofDays(30)).caPem()
        .getBytes(StandardCharsets.US_ASCII));
    Files.write(etc.resolve("keys/terminal-signing.key"),
        Hex.encode(TestKeys.terminalSigningKey(ID)).getBytes(StandardCharsets.US_ASCII));
    Files.write(etc.resolve("keys/terminal-master.key"),
        Hex.encode(TestKeys.terminalMasterKey(ID)).getBytes(StandardCharsets.US_ASCII));
    Files.write(etc.resolve("fares.json"), faresExample().getBytes(StandardCharsets.UTF_8));
    Path file = etc.resolve("ucard.yaml");
    Files.write(file, yaml.getBytes(StandardCharsets.UTF_8));
    return file;
  }

  /** The example fare table of docs/fares.md, as the docs tell a gate's installer to copy it. */
  static String faresExample() throws IOException {
    String doc = new String(Files.readAllBytes(Paths.get("../../docs/fares.md")), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("```json\n(.*?)```", Pattern.DOTALL).matcher(doc);
    assertTrue(m.find(), "docs/fares.md has its example fare table");
    return m.group(1);
  }

  private static void replace(Path file, String from, String to) throws IOException {
    String yaml = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    assertTrue(yaml.contains(from), from);
    Files.write(file, yaml.replace(from, to).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theGateExamplePassesOnceItsFilesAreInPlace() throws Exception {
    Path file = install("ucard-gate.example.yaml");
    Object[] r = ucard("run", "--config", file.toString(), "--check");
    assertEquals(0, r[0], (String) r[1]);
    assertTrue(((String) r[1]).contains(" is good: metro_gate G0000001"), (String) r[1]);
  }

  @Test
  void theCheckoutExamplePassesOnceItsFilesAndSerialDevicesAreInPlace() throws Exception {
    String why = SocatPair.unavailable();
    assumeTrue(why == null, why);
    Path file = install("ucard.example.yaml");
    Object[] missing = ucard("run", "--config", file.toString(), "--check");
    if (!Files.exists(Paths.get("/dev/ttyUSB0"))) {
      assertEquals(2, missing[0], (String) missing[1]);
      assertTrue(((String) missing[1]).contains("pin_pad.serial: no device /dev/ttyUSB0"), (String) missing[1]);
    }
    try (SocatPair ports = new SocatPair(root).start()) {
      replace(file, "serial: /dev/ttyS0", "serial: " + ports.a);
      replace(file, "serial: /dev/ttyUSB0", "serial: " + ports.b);
      Object[] r = ucard("run", "--config", file.toString(), "--check");
      assertEquals(0, r[0], (String) r[1]);
      assertTrue(((String) r[1]).contains(" is good: checkout T0000001"), (String) r[1]);
    }
  }

  @Test
  void everyProblemRunWouldFailOnIsALineInOneRun() throws Exception {
    Path file = install("ucard.example.yaml");
    Path etc = file.getParent();
    Files.write(etc.resolve("keys/terminal-signing.key"), "00".getBytes(StandardCharsets.US_ASCII));
    Files.write(etc.resolve("keys/terminal-master.key"), "00\n".getBytes(StandardCharsets.US_ASCII));
    Files.write(etc.resolve("bank-ca.pem"), "pem".getBytes(StandardCharsets.US_ASCII));
    replace(file, "serial: /dev/ttyS0", "serial: " + root.resolve("no-such-tty"));
    replace(file, "serial: /dev/ttyUSB0", "serial: " + etc.resolve("bank-ca.pem"));
    replace(file, "path: " + root.resolve("var/lib/ucard/store.db"), "path: " + root.resolve("var/lib/ucard"));
    replace(file, "level: info", "level: loud");
    Object[] r = ucard("run", "--config", file.toString(), "--check");
    String out = (String) r[1];
    assertEquals(2, r[0], out);
    List<String> lines = Arrays.asList(out.split("\n"));
    String f = "ucard: " + file + ": ";
    String ca = f + "bank.ca_certificate: " + etc.resolve("bank-ca.pem") + " is not a PEM certificate";
    assertTrue(lines.get(3).startsWith(ca), out); // then the JDK's reason
    lines.set(3, ca);
    assertEquals(List.of(
        f + "logging.level: must be error, warn, info, debug or trace, not 'loud'",
        f + "bank.signing_key_file: " + etc.resolve("keys/terminal-signing.key") + " must hold 32 bytes as 64 hex digits",
        f + "bank.master_key_file: " + etc.resolve("keys/terminal-master.key") + " must hold 16 bytes as 32 hex digits",
        ca,
        f + "store.path: " + root.resolve("var/lib/ucard") + " is a directory: name the store's file in it, such as "
            + root.resolve("var/lib/ucard/store.db"),
        f + "register.serial: no device " + root.resolve("no-such-tty") + " (is it plugged in? ls /dev/tty*)",
        f + "pin_pad.serial: " + etc.resolve("bank-ca.pem") + " is not a serial device (not a character device)"),
        lines, out);
  }

  @Test
  void aKeyOfTheRightLengthMustStillBeAKey() throws Exception {
    Path file = install("ucard-gate.example.yaml");
    Files.write(file.resolveSibling("keys/terminal-signing.key"), "00".repeat(32).getBytes(StandardCharsets.US_ASCII));
    replace(file, "response_key: 04720939", "response_key: 04720938");
    Object[] r = ucard("run", "--config", file.toString(), "--check");
    String out = (String) r[1];
    assertEquals(2, r[0], out);
    String[] lines = out.split("\n");
    assertEquals(2, lines.length, out);
    assertTrue(lines[0].startsWith("ucard: " + file + ": bank.signing_key_file: "
        + file.resolveSibling("keys/terminal-signing.key") + " is not a private key for sm2"), out);
    assertTrue(lines[1].startsWith("ucard: " + file + ": bank.response_key: not a SM2"), out);
  }

  /** A fare table past its bound (1 MiB) is one line, not read whole (issue 19). */
  @Test
  void aFareTableLargerThanItsBoundIsOneLine() throws Exception {
    Path file = install("ucard-gate.example.yaml");
    byte[] huge = new byte[2 * 1024 * 1024];
    java.util.Arrays.fill(huge, (byte) ' ');
    Files.write(file.resolveSibling("fares.json"), huge);
    Object[] r = ucard("run", "--config", file.toString(), "--check");
    String out = (String) r[1];
    assertEquals(2, r[0], out);
    assertEquals(1, out.split("\n").length, out);
    assertTrue(out.contains("gate.fare_table: cannot read " + file.resolveSibling("fares.json") + ": "
        + file.resolveSibling("fares.json") + ": larger than 1048576 bytes"), out);
  }

  @Test
  void aTakenRegisterPortAndAStoreWithoutItsDirectoryAreRefused() throws Exception {
    Path file = install("ucard.example.yaml");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      replace(file, "  serial: /dev/ttyS0 ", "  tcp_listen: 127.0.0.1:" + taken.getLocalPort() + " ");
      replace(file, "  baud: 115200 ", "  # baud ");
      replace(file, "  serial: /dev/ttyUSB0\n  baud: 9600\n  # on_register: true", "  on_register: true");
      replace(file, "path: " + root.resolve("var/lib/ucard/store.db"), "path: " + root.resolve("nowhere/store.db"));
      Object[] r = ucard("run", "--config", file.toString(), "--check");
      String out = (String) r[1];
      assertEquals(2, r[0], out);
      String f = "ucard: " + file + ": ";
      assertTrue(out.startsWith(f + "store.path: no directory " + root.resolve("nowhere")), out);
      assertTrue(out.contains("\n" + f + "register.tcp_listen: cannot listen on 127.0.0.1:" + taken.getLocalPort()),
          out);
      assertEquals(2, out.split("\n").length, out);
      // run itself refuses the same, before anything starts
      Object[] run = ucard("run", "--config", file.toString());
      assertEquals(2, run[0], (String) run[1]);
      assertEquals(out, run[1]);
    }
  }
}
