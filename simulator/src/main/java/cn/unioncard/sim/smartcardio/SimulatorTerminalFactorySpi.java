package cn.unioncard.sim.smartcardio;

import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactorySpi;

/** The factory {@link SimulatorProvider} registers; its parameter is the {@link SimulatedReaders} (or null). */
public final class SimulatorTerminalFactorySpi extends TerminalFactorySpi {
  private final SimulatedReaders readers;

  public SimulatorTerminalFactorySpi(Object params) {
    if (params != null && !(params instanceof SimulatedReaders)) {
      throw new IllegalArgumentException(
          "the Simulator terminal factory takes SimulatedReaders, not " + params.getClass().getName());
    }
    this.readers = params == null ? SimulatedReaders.shared() : (SimulatedReaders) params;
  }

  @Override
  protected CardTerminals engineTerminals() {
    return new SimCardTerminals(readers);
  }
}
