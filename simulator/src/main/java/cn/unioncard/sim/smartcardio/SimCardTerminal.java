package cn.unioncard.sim.smartcardio;

import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardNotPresentException;
import javax.smartcardio.CardTerminal;

/** One simulated reader slot as a {@link CardTerminal}. */
final class SimCardTerminal extends CardTerminal {
  private final SimulatedReaders.Slot slot;

  SimCardTerminal(SimulatedReaders.Slot slot) {
    this.slot = slot;
  }

  @Override
  public String getName() {
    return slot.name();
  }

  @Override
  public Card connect(String protocol) throws CardException {
    if (protocol == null) {
      throw new NullPointerException("protocol");
    }
    if (!protocol.equals("*") && !protocol.equals("T=1") && !protocol.equals("T=CL")) {
      throw new CardException("connect() failed", new SimPcscException("SCARD_E_PROTO_MISMATCH"));
    }
    SimulatedReaders.Inserted inserted = slot.inserted();
    if (inserted == null) {
      throw new CardNotPresentException("No card present", new SimPcscException("SCARD_E_NO_SMARTCARD"));
    }
    return new SimCard(slot, inserted);
  }

  @Override
  public boolean isCardPresent() {
    return slot.isCardPresent();
  }

  @Override
  public boolean waitForCardPresent(long timeout) throws CardException {
    return waitFor(true, timeout);
  }

  @Override
  public boolean waitForCardAbsent(long timeout) throws CardException {
    return waitFor(false, timeout);
  }

  private boolean waitFor(boolean present, long timeout) throws CardException {
    if (timeout < 0) {
      throw new IllegalArgumentException("timeout is negative: " + timeout);
    }
    long deadline = timeout == 0 ? Long.MAX_VALUE : System.currentTimeMillis() + timeout;
    SimulatedReaders readers = slot.readers();
    try {
      while (true) {
        long generation = readers.generation();
        if (slot.isCardPresent() == present) {
          return true;
        }
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return false;
        }
        readers.awaitChange(generation, timeout == 0 ? 0 : left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CardException("interrupted while waiting for a card", e);
    }
  }

  @Override
  public String toString() {
    return "Simulated reader " + slot.name();
  }
}
