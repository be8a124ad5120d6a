package cn.unioncard.sim.testing;

import cn.unioncard.sim.vpcd.PcscDaemon;
import java.io.IOException;
import java.util.Collections;

/**
 * The one pcscd of this module's test JVM, shared by every test class that needs it. The JDK's PC/SC provider binds
 * to the pcscd running when it is first used and never recovers from a restart, and the tests share one JVM, so
 * pcscd is started once, on first use, and stopped when the JVM ends ({@link PcscDaemon}'s exit hook).
 *
 * <p>One vpcd reader with its two slots: slot 0 (port 35981) a contactless reader, slot 1 (35982) a PSAM slot.
 * Clear of terminal/pcsc's tests (35991) and {@code ucard bench} (35995).
 */
public final class SharedPcscd {
  public static final PcscDaemon.Reader READER = new PcscDaemon.Reader("UnionCard SimTest", 35981);

  private static PcscDaemon pcscd;
  private static String failure;

  private SharedPcscd() {}

  /** Starts pcscd unless it runs already; the reason it cannot run here, or null when it runs. */
  public static synchronized String start() {
    if (pcscd != null && pcscd.isRunning()) {
      return null;
    }
    if (failure != null) {
      return failure;
    }
    String why = PcscDaemon.unavailableReason();
    if (why != null) {
      failure = why;
      return why;
    }
    try {
      pcscd = PcscDaemon.start(Collections.singletonList(READER));
      return null;
    } catch (IOException e) {
      failure = e.getMessage();
      return failure;
    }
  }
}
