package cn.unioncard.sim.smartcardio;

import java.security.Provider;
import java.security.Security;

/**
 * A {@code javax.smartcardio} provider whose readers are the simulator's ({@link SimulatedReaders}), so that
 * unmodified PC/SC code lists them and talks to the simulated cards in them:
 *
 * <pre>{@code
 * TerminalFactory f = TerminalFactory.getInstance("Simulator", readers, new SimulatorProvider());
 * }</pre>
 *
 * or, for code that calls {@code TerminalFactory.getDefault()}, {@link #installAsDefault()} before its first
 * call. It behaves as the JDK's own provider (SunPCSC) does on pcsc-lite: {@code 61xx} and {@code 6Cxx} are
 * answered below the API, a removed card fails with {@code SCARD_W_REMOVED_CARD}, a card that left mid-command
 * with {@code SCARD_E_NOT_TRANSACTED}, and {@code T=1} is the protocol.
 */
public final class SimulatorProvider extends Provider {
  private static final long serialVersionUID = 1L;

  /** The {@code TerminalFactory} type this provider offers. */
  public static final String TYPE = "Simulator";

  public SimulatorProvider() {
    super("UnionCardSimulator", "1.0", "UnionCard simulator readers for javax.smartcardio");
    put("TerminalFactory." + TYPE, SimulatorTerminalFactorySpi.class.getName());
  }

  /**
   * Makes {@code TerminalFactory.getDefault()} answer with {@link SimulatedReaders#shared()}: adds this provider
   * and sets the system property {@code javax.smartcardio.TerminalFactory.DefaultType} (the same as
   * {@code -Djavax.smartcardio.TerminalFactory.DefaultType=Simulator}). Must run before the JVM's first
   * {@code getDefault()}, which reads the property once.
   */
  public static synchronized void installAsDefault() {
    if (Security.getProvider("UnionCardSimulator") == null) {
      Security.addProvider(new SimulatorProvider());
    }
    System.setProperty("javax.smartcardio.TerminalFactory.DefaultType", TYPE);
  }
}
