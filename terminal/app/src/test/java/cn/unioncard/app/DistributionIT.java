package cn.unioncard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.ports.ecr.EcrConfig;
import cn.unioncard.ports.ecr.TcpEcrPort;
import cn.unioncard.protocol.ecr.Item;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Result;
import cn.unioncard.sim.ecr.RegisterSimulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged distribution (target/ucard-app-dist.tar.gz), unpacked and run as an integrator would: bin/ucard with
 * only a Java runtime (no Maven, no build tree), the configuration checked before anything starts, and the daemon
 * stopped by SIGTERM with exit status 0.
 */
class DistributionIT {
  static final String SIGNING_KEY = "30AA0FE610A12E1C87F2063D2604962F5D92BDE112402C0658E0F24374A04A0C";
  static final String MASTER_KEY = "9EF1E20E4E2AE2452E8A1FC5CED0279E";

  @TempDir static Path dir;
  static Path home;

  @BeforeAll
  static void unpack() throws Exception {
    Path tar = Paths.get("target/ucard-app-dist.tar.gz");
    assertTrue(Files.isRegularFile(tar), "mvn package made " + tar);
    Process p = new ProcessBuilder("tar", "xzf", tar.toAbsolutePath().toString()).directory(dir.toFile())
        .inheritIO().start();
    assertEquals(0, p.waitFor());
    try (java.util.stream.Stream<Path> s = Files.list(dir)) {
      home = s.filter(Files::isDirectory).findFirst().orElseThrow(() -> new AssertionError("nothing unpacked"));
    }
  }

  /** bin/ucard with {@code args}, JAVA_HOME this runtime, and a PATH without Maven. */
  static ProcessBuilder ucard(String... args) {
    List<String> command = new ArrayList<>();
    command.add(home.resolve("bin/ucard").toString());
    command.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    env.clear();
    env.put("PATH", "/usr/bin:/bin");
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("HOME", dir.toString());
    return pb;
  }

  static String run(ProcessBuilder pb, int expectedStatus) throws Exception {
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(expectedStatus, p.exitValue(), out);
    return out;
  }

  @Test
  void theDistributionHoldsTheLauncherTheExamplesAndTheUnit() {
    assertTrue(Files.isExecutable(home.resolve("bin/ucard")));
    assertTrue(Files.isRegularFile(home.resolve("etc/ucard.example.yaml")));
    assertTrue(Files.isRegularFile(home.resolve("etc/ucard-gate.example.yaml")));
    assertTrue(Files.isRegularFile(home.resolve("systemd/ucard.service")));
    assertTrue(Files.isRegularFile(home.resolve("docs/configuration.md")));
    assertTrue(Files.isRegularFile(home.resolve("lib/ucard-app.jar")));
  }

  /** The product holds no simulator: no simulated bank, no test keys, no control API, no tools' commands. */
  @Test
  void theDistributionHoldsNoSimulatorNoTestKeyAndNoControlApi() throws Exception {
    List<Path> jars;
    try (java.util.stream.Stream<Path> lib = Files.list(home.resolve("lib"))) {
      jars = lib.filter(f -> f.toString().endsWith(".jar")).collect(java.util.stream.Collectors.toList());
    }
    assertTrue(jars.size() > 5, jars.toString());
    for (Path jar : jars) {
      String name = jar.getFileName().toString();
      assertTrue(!name.startsWith("ucard-simulator") && !name.startsWith("ucard-tools"), name);
      try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
        List<String> simulated = zip.stream().map(java.util.zip.ZipEntry::getName)
            .filter(e -> e.startsWith("cn/unioncard/sim/") || e.endsWith("/TestKeys.class")
                || e.endsWith("/ControlServer.class"))
            .collect(java.util.stream.Collectors.toList());
        assertEquals(List.of(), simulated, name);
      }
    }
    String help = run(ucard("--help"), 0);
    assertTrue(help.contains("run") && help.contains("status"), help);
    for (String tool : List.of("demo", "sim", "bench", "read")) {
      assertTrue(!help.contains("\n  " + tool + " "), tool + " in:\n" + help);
    }
  }

  @Test
  void itRunsWithOnlyAJavaRuntime() throws Exception {
    String out = run(ucard("--version"), 0);
    assertTrue(out.startsWith("ucard "), out);
  }

  @Test
  void aBadConfigurationIsOneLineAndStatus2() throws Exception {
    String out = run(ucard("run", "--config", "absent.yaml"), 2);
    assertEquals("ucard: no configuration file absent.yaml\n", out);
    Path bad = dir.resolve("bad.yaml");
    Files.write(bad, config(9100).replace("kind: checkout", "kind: till").getBytes(StandardCharsets.UTF_8));
    out = run(ucard("run", "--config", "bad.yaml"), 2);
    assertEquals("ucard: bad.yaml: terminal.kind: must be one of checkout, bus_validator, metro_gate, not 'till'\n",
        out);
  }

  @Test
  void theDaemonStartsAnswersTheRegisterAndStopsCleanlyOnSigterm() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path file = dir.resolve("ucard.yaml");
    Files.write(file, config(port).getBytes(StandardCharsets.UTF_8));
    assertTrue(run(ucard("run", "--config", "ucard.yaml", "--check"), 0).contains("ucard.yaml is good: checkout T0000001"));

    ProcessBuilder pb = ucard("run", "--config", "ucard.yaml");
    Path log = dir.resolve("daemon.log");
    pb.redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    Process daemon = pb.start();
    java.util.function.Supplier<List<String>> lines = () -> {
      try {
        return Files.readAllLines(log, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return Collections.singletonList("cannot read the log: " + e);
      }
    };
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (lines.get().stream().noneMatch(l -> l.contains("running")) && System.nanoTime() < deadline) {
        assertTrue(daemon.isAlive(), String.join("\n", lines.get()));
        Thread.sleep(50);
      }
      assertTrue(lines.get().stream().anyMatch(l -> l.startsWith("ucard run: checkout T0000001 running")),
          String.join("\n", lines.get()));
      try (RegisterSimulator register = new RegisterSimulator(TcpEcrPort.connect("127.0.0.1", port), EcrConfig.fast())
          .start()) {
        Result r = register.sale("D-1", 9700,
            Collections.singletonList(new Item("6901234567892", "面粉 25kg", "GRAIN", 1000, 9700, 9700)))
            .get(20, TimeUnit.SECONDS);
        assertTrue(r.outcome() != Outcome.APPROVED, r.toString());
      }
      Path status = dir.resolve("store.db.agent.json");
      assertTrue(new String(Files.readAllBytes(status), StandardCharsets.UTF_8).contains("\"state\" : \"running\""));
      String running = run(ucard("status", "--config", "ucard.yaml"), 0);
      for (int i = 0; i < 60 && !running.contains("\nbank: last error at "); i++) {
        Thread.sleep(500); // the sign-on to a bank that is not there fails after its attempts
        running = run(ucard("status", "--config", "ucard.yaml"), 0);
      }
      assertTrue(running.startsWith("terminal T0000001 (checkout), store "), running);
      assertTrue(running.contains("\nagent: running (pid "), running);
      assertTrue(running.contains("\nregister: tcp 127.0.0.1:" + port), running);
      assertTrue(running.contains("\nbank: last error at "), "the bank cannot be reached: " + running);
      assertTrue(running.contains("\nrecords: pending 0, accepted 0"), running);
    } finally {
      daemon.destroy(); // SIGTERM
    }
    assertTrue(daemon.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, daemon.exitValue(), String.join("\n", lines.get()));
    assertTrue(lines.get().contains("ucard run: stopped"), String.join("\n", lines.get()));
    String status = new String(Files.readAllBytes(dir.resolve("store.db.agent.json")), StandardCharsets.UTF_8);
    assertTrue(status.contains("\"state\" : \"stopped\""), status);
    String stopped = run(ucard("status", "--config", "ucard.yaml", "--json"), 0);
    com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(stopped);
    assertEquals("stopped", json.path("agent").path("state").asText(), stopped);
    assertEquals("T0000001", json.path("terminal_id").asText());
    assertEquals(0, json.path("records").path("counts").path("pending").asLong());
    for (String l : lines.get()) {
      assertTrue(!l.matches("\\s+at \\S+\\(.*") && !l.startsWith("Caused by:")
          && !l.matches("([a-z0-9_]+\\.)+[A-Z]\\w*(Exception|Error)(: .*)?"), "no stack trace: " + l);
    }
  }

  /** A checkout on loopback: the register on {@code port}, a bank nobody answers, keys from docs/bank-api.md. */
  static String config(int port) throws IOException {
    Files.createDirectories(dir.resolve("keys"));
    Files.write(dir.resolve("keys/signing.key"), (SIGNING_KEY + "\n").getBytes(StandardCharsets.US_ASCII));
    Files.write(dir.resolve("keys/master.key"), (MASTER_KEY + "\n").getBytes(StandardCharsets.US_ASCII));
    return String.join("\n",
        "terminal:",
        "  id: T0000001",
        "  kind: checkout",
        "  merchant_id: M0000001",
        "readers:",
        "  contactless: 'no reader has this name'",
        "register:",
        "  tcp_listen: 127.0.0.1:" + port,
        "checkout:",
        "  card_timeout: 5s",
        "store:",
        "  path: store.db",
        "bank:",
        "  url: https://127.0.0.1:9/",
        "  certificate_pins: [sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=]",
        "  signing_key_file: keys/signing.key",
        "  master_key_file: keys/master.key",
        "  response_key: 04720939471415DE60396E7A4092D919C9C12B8809FF477F71C654EAC2E9DD6FEB5227ACE3E3998BBA3FCA2A79AE3F13BB0579B07EB4E48BF969BC40C3C3A9FBF8",
        "  reference_key: 048B8D6CA892DFFC671DC4ED4C658AF448454E7E9209534AF8EF3BA956855D6498EC32FC47C3202AD28ACE6CF3DEFD70F61CF5251F8CB81498A442F8F514B49171",
        "logging:",
        "  level: info",
        "");
  }
}
