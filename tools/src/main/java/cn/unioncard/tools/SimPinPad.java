package cn.unioncard.tools;

import cn.unioncard.ports.ecr.EcrConfig;
import cn.unioncard.serial.JsscEcrPort;
import cn.unioncard.serial.SocatPair;
import cn.unioncard.sim.bank.BankSimulator;
import cn.unioncard.sim.ecr.PinEntry;
import cn.unioncard.sim.ecr.PinPadSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The PIN pad {@code ucard sim} hosts: a {@link PinPadSimulator} on one end of a socat pseudo-terminal pair, the
 * other end ({@link #device()}) for the daemon's {@code pin_pad.serial}. Its PIN key is the one the simulator's bank
 * issued to the terminal at its latest sign-on, looked up at every PIN REQUEST.
 */
public final class SimPinPad implements AutoCloseable {
  /** The pad's line speed (a pseudo-terminal ignores it; the daemon's {@code pin_pad.baud} default). */
  static final int BAUD = 9600;

  private final SocatPair pair;
  private final PinPadSimulator pad;
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
  private final Thread stopAtExit;

  private SimPinPad(SocatPair pair, PinPadSimulator pad) {
    this.pair = pair;
    this.pad = pad;
    // a JVM ended by SIGTERM or Ctrl-C must not leave socat running (issue 19): its hooks run, its finally blocks not
    this.stopAtExit = new Thread(this::stop, "sim-pin-pad-stop-at-exit");
    Runtime.getRuntime().addShutdownHook(stopAtExit);
  }

  /** Null when the PIN pad can be hosted here, else why not (socat missing). */
  public static String unavailable() {
    return SocatPair.unavailable() == null ? null
        : "socat is not installed (apt-get install socat): the PIN pad runs on a socat pseudo-terminal pair";
  }

  /**
   * The member's behaviour with the PIN key of {@code terminalId}: the current key the bank issued at the terminal's
   * latest sign-on (the bank's working keys are SM4; the same 16 bytes serve a TDEA request).
   */
  public static PinEntry entryFor(BankSimulator bank, String terminalId) {
    return new PinEntry(algorithm -> bank.currentPinKey(terminalId));
  }

  /** Starts socat in {@code dir} (its devices {@code dir/ttyA} and {@code dir/ttyB}) and the pad on {@code ttyB}. */
  public static SimPinPad start(Path dir, PinEntry entry, EcrConfig config) throws IOException, InterruptedException {
    String why = unavailable();
    if (why != null) {
      throw new IOException(why);
    }
    Files.createDirectories(dir);
    SocatPair pair = new SocatPair(dir);
    Files.deleteIfExists(pair.a); // links left by a simulator that was killed
    Files.deleteIfExists(pair.b);
    pair.start();
    try {
      PinPadSimulator pad = new PinPadSimulator(
          new JsscEcrPort(new JsscEcrPort.Settings(pair.b.toString(), BAUD)).open(), config, entry).start();
      return new SimPinPad(pair, pad);
    } catch (IOException | RuntimeException e) {
      pair.close();
      throw e;
    }
  }

  /** The device the terminal opens ({@code pin_pad.serial}). */
  public Path device() {
    return pair.a;
  }

  public PinPadSimulator pad() {
    return pad;
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(stopAtExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to: stop() is idempotent
    }
    stop();
  }

  /** Stops the pad and ends socat (SIGTERM, then SIGKILL after 5 s); once, whoever calls first. */
  private void stop() {
    if (closed.compareAndSet(false, true)) {
      pad.close();
      pair.close();
    }
  }
}
