package cn.unioncard.tools;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: {@code ucard sim} ended by SIGTERM stops its PIN pad's socat. Each case runs in a JVM of its own, which
 * the test ends with SIGTERM: {@code ucard sim} itself (readers inside that JVM, the bank on an ephemeral port), and
 * a bare {@link SimPinPad} whose owner never closes it (only the pad's own shutdown hook can stop socat there).
 */
class SimSigtermTest {
  @TempDir Path dir;

  /** A PIN pad on socat, never closed: the JVM waits until it is ended. */
  public static final class UnclosedPadMain {
    public static void main(String[] args) throws Exception {
      SimPinPad.start(Path.of(args[0]), new cn.unioncard.sim.ecr.PinEntry(algorithm -> null),
          cn.unioncard.ports.ecr.EcrConfig.defaults());
      System.out.println("ucard sim: running");
      Thread.sleep(Long.MAX_VALUE);
    }
  }

  @Test
  void sigtermStopsTheSocatOfAPadNobodyCloses() throws Exception {
    assumeTrue(SimPinPad.unavailable() == null, "socat");
    sigtermStopsSocat(new ProcessBuilder(java(UnclosedPadMain.class.getName(), dir.resolve("pinpad").toString())));
  }

  @Test
  void sigtermStopsUcardSimsSocat() throws Exception {
    assumeTrue(SimPinPad.unavailable() == null, "socat");
    sigtermStopsSocat(new ProcessBuilder(java(UcardTools.class.getName(),
        "sim", "--readers", "provider", "--control-port", "0", "--bank-port", "0", "--state-dir", dir.toString())));
  }

  /**
   * A JVM of this test's class path running {@code main}, with jssc's library from the build as this JVM has it
   * (jssc's own extractor fails when the date is moved ahead: docs/testing.md).
   */
  static List<String> java(String main, String... args) {
    List<String> command = new java.util.ArrayList<>();
    command.add(new File(System.getProperty("java.home"), "bin/java").getPath());
    String jssc = System.getProperty("jssc.boot.library.path");
    if (jssc != null) {
      command.add("-Djssc.boot.library.path=" + jssc);
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main);
    command.addAll(List.of(args));
    return command;
  }

  /** Starts the JVM, waits for "ucard sim: running", finds its socat, sends SIGTERM, and sees socat end. */
  static void sigtermStopsSocat(ProcessBuilder command) throws Exception {
    Process sim = command.redirectErrorStream(true).start();
    StringBuilder out = new StringBuilder();
    List<ProcessHandle> socat = new java.util.ArrayList<>();
    try {
      BufferedReader r = new BufferedReader(new InputStreamReader(sim.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null && !line.startsWith("ucard sim: running")) {
        out.append(line).append('\n');
      }
      assertTrue(line != null, "ucard sim did not come up:\n" + out);
      socat.addAll(sim.descendants()
          .filter(p -> p.info().command().map(c -> c.endsWith("socat")).orElse(false))
          .collect(Collectors.toList()));
      assertFalse(socat.isEmpty(), "the PIN pad's socat runs:\n" + out);
      sim.destroy(); // SIGTERM
      assertTrue(sim.waitFor(30, TimeUnit.SECONDS), "ucard sim ends on SIGTERM");
      for (ProcessHandle s : socat) {
        s.onExit().get(15, TimeUnit.SECONDS); // fails with a TimeoutException while socat runs on
        assertFalse(s.isAlive(), "socat " + s.pid() + " still runs after ucard sim ended");
      }
    } finally {
      socat.forEach(ProcessHandle::destroyForcibly);
      sim.destroyForcibly();
    }
  }
}
