package cn.unioncard.sim.smartcardio;

/**
 * The cause of a {@code CardException} from the simulated readers, named as pcsc-lite names its error codes
 * ({@code SCARD_W_REMOVED_CARD}, {@code SCARD_E_NOT_TRANSACTED}, ...), as the JDK's provider does, so code that
 * classifies PC/SC failures by name treats both alike.
 */
public final class SimPcscException extends Exception {
  private static final long serialVersionUID = 1L;

  public SimPcscException(String pcscErrorName) {
    super(pcscErrorName);
  }
}
