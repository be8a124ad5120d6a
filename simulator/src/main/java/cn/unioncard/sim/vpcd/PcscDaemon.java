package cn.unioncard.sim.vpcd;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real PC/SC daemon ({@code pcscd -f}) with the project's own virtual readers: each a vsmartcard
 * {@code vpcd} reader with its own name and TCP port, written to a reader configuration directory of our own
 * ({@code pcscd -c DIR}), so the system's reader files are not used.
 *
 * <p>There is one pcscd per machine (its socket {@code /run/pcscd/pcscd.comm} is fixed), and the JDK's PC/SC
 * provider binds to the pcscd running when it is first used: start this before the JVM first touches
 * {@code javax.smartcardio}.
 */
public final class PcscDaemon implements AutoCloseable {
  /** Debian's vpcd driver. */
  public static final Path VPCD_DRIVER = Paths.get("/usr/lib/pcsc/drivers/serial/libifdvpcd.so");
  /** Where pcscd listens. */
  public static final Path SOCKET = Paths.get("/run/pcscd/pcscd.comm");

  /**
   * A virtual reader: its friendly name (pcscd appends {@code " 00 00"}) and the TCP port vpcd listens on.
   *
   * <p>Each vpcd reader has two slots: slot 0 on {@code port} and slot 1 on {@code port + 1}, listed as
   * {@code " 00 00"} and {@code " 00 01"} (a contactless reader and its PSAM slot). Give pcscd one vpcd reader
   * only: the driver keeps its state per slot number, so a second reader file takes over the first one's slots
   * (tried here: with two, only the reader configured last sees its cards).
   */
  public record Reader(String friendlyName, int port) {
    /** The name PC/SC lists for slot 0: pcscd appends the slot numbers. */
    public String pcscName() {
      return pcscName(0);
    }

    /** The name PC/SC lists for slot 0 or 1. */
    public String pcscName(int slot) {
      return friendlyName + " 00 0" + checkSlot(slot);
    }

    /** The TCP port a card connects to for slot 0 or 1. */
    public int port(int slot) {
      return port + checkSlot(slot);
    }

    private static int checkSlot(int slot) {
      if (slot != 0 && slot != 1) {
        throw new IllegalArgumentException("a vpcd reader has slots 0 and 1, not " + slot);
      }
      return slot;
    }
  }

  private final Process process;
  private final Path configDir;
  private final List<Reader> readers;
  private final Thread stopAtExit;

  private PcscDaemon(Process process, Path configDir, List<Reader> readers) {
    this.process = process;
    this.configDir = configDir;
    this.readers = readers;
    // a JVM that ends without close() (a failed test, Ctrl-C) must not leave pcscd running: there is one per machine
    this.stopAtExit = new Thread(process::destroy, "pcscd-stop-at-exit");
    Runtime.getRuntime().addShutdownHook(stopAtExit);
  }

  /** Why pcscd with vpcd cannot run here, or null when it can. */
  public static String unavailableReason() {
    if (findPcscd() == null) {
      return "pcscd is not installed (Debian: apt-get install pcscd)";
    }
    if (!Files.exists(VPCD_DRIVER)) {
      return "the vsmartcard virtual reader is not installed (Debian: apt-get install vsmartcard-vpcd)";
    }
    if (Files.exists(SOCKET) && isAnotherPcscdRunning()) {
      return "another pcscd is already running (socket " + SOCKET + "); stop it to run these tests";
    }
    return null;
  }

  /** Starts pcscd with these readers and waits until its socket answers (at most 10 s). */
  public static PcscDaemon start(List<Reader> readers) throws IOException {
    String why = unavailableReason();
    if (why != null) {
      throw new IOException(why);
    }
    Path dir = Files.createTempDirectory("ucard-pcscd");
    int i = 0;
    for (Reader r : readers) {
      String conf = "FRIENDLYNAME \"" + r.friendlyName() + "\"\n"
          + "DEVICENAME /dev/null:0x" + Integer.toHexString(r.port()).toUpperCase() + "\n"
          + "LIBPATH " + VPCD_DRIVER + "\n"
          + "CHANNELID 0x" + Integer.toHexString(r.port()).toUpperCase() + "\n";
      Files.write(dir.resolve("ucard-reader-" + (i++)), conf.getBytes(StandardCharsets.US_ASCII));
    }
    Files.deleteIfExists(SOCKET);
    Path log = dir.resolve("pcscd.log");
    Process p = new ProcessBuilder(findPcscd(), "-f", "-c", dir.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    PcscDaemon d = new PcscDaemon(p, dir, Collections.unmodifiableList(new ArrayList<>(readers)));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!Files.exists(SOCKET) || !portsListening(readers)) {
      if (!p.isAlive()) {
        String out = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).trim();
        d.close();
        throw new IOException("pcscd exited at start: " + out);
      }
      if (System.nanoTime() > deadline) {
        d.close();
        throw new IOException("pcscd did not start within 10 s");
      }
      sleep(50);
    }
    return d;
  }

  public List<Reader> readers() {
    return readers;
  }

  /** Whether this pcscd is still running. */
  public boolean isRunning() {
    return process.isAlive();
  }

  /** Stops pcscd (SIGTERM, then SIGKILL after 5 s) and removes its configuration directory. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(stopAtExit);
    } catch (IllegalStateException exiting) {
      // the JVM is shutting down; the hook runs anyway
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    File[] files = configDir.toFile().listFiles();
    if (files != null) {
      for (File f : files) {
        f.delete();
      }
    }
    configDir.toFile().delete();
  }

  /**
   * Whether vpcd listens on every reader's port, read from the kernel's socket tables (connecting to find out
   * would look like a card insertion to vpcd).
   */
  private static boolean portsListening(List<Reader> readers) {
    List<String> listening = new ArrayList<>();
    for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
      try {
        for (String line : Files.readAllLines(Paths.get(table))) {
          String[] f = line.trim().split("\\s+");
          if (f.length > 3 && "0A".equals(f[3])) { // state LISTEN
            listening.add(f[1].substring(f[1].lastIndexOf(':') + 1));
          }
        }
      } catch (IOException | RuntimeException unreadable) {
        // no such table
      }
    }
    for (Reader r : readers) {
      if (!listening.contains(String.format("%04X", r.port()))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAnotherPcscdRunning() {
    return ProcessHandle.allProcesses()
        .anyMatch(ph -> ph.info().command().map(c -> c.endsWith("/pcscd")).orElse(false));
  }

  private static String findPcscd() {
    for (String p : new String[] {"/usr/sbin/pcscd", "/usr/bin/pcscd", "/sbin/pcscd"}) {
      if (Files.isExecutable(Paths.get(p))) {
        return p;
      }
    }
    return null;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
