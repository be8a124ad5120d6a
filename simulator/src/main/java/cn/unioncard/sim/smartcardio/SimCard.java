package cn.unioncard.sim.smartcardio;

import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.ports.card.ReaderIoException;
import javax.smartcardio.ATR;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;

/** A connection to the card in a simulated reader; it fails as a removed card once that card leaves. */
final class SimCard extends Card {
  private final SimulatedReaders.Slot slot;
  private final SimulatedReaders.Inserted inserted;
  private final SimCardChannel basic;
  private volatile boolean disconnected;

  SimCard(SimulatedReaders.Slot slot, SimulatedReaders.Inserted inserted) {
    this.slot = slot;
    this.inserted = inserted;
    this.basic = new SimCardChannel(this);
  }

  @Override
  public ATR getATR() {
    return new ATR(inserted.atr);
  }

  @Override
  public String getProtocol() {
    return "T=1";
  }

  @Override
  public CardChannel getBasicChannel() {
    checkConnected();
    return basic;
  }

  @Override
  public CardChannel openLogicalChannel() throws CardException {
    checkConnected();
    throw new CardException("openLogicalChannel() failed: the simulated cards have no logical channels");
  }

  @Override
  public void beginExclusive() throws CardException {
    checkConnected();
    checkPresent();
  }

  @Override
  public void endExclusive() throws CardException {
    checkConnected();
  }

  @Override
  public byte[] transmitControlCommand(int controlCode, byte[] command) throws CardException {
    checkConnected();
    throw new CardException(
        "transmitControlCommand() failed", new SimPcscException("SCARD_E_UNSUPPORTED_FEATURE"));
  }

  @Override
  public void disconnect(boolean reset) {
    disconnected = true;
  }

  /** One exchange with the card, failing as pcsc-lite does when the card left. */
  byte[] exchange(byte[] command) throws CardException {
    checkConnected();
    checkPresent();
    try {
      return inserted.card.transmit(command);
    } catch (CardIoException e) {
      throw new CardException("transmit() failed", new SimPcscException("SCARD_E_NOT_TRANSACTED"));
    } catch (ReaderIoException e) {
      throw new CardException("transmit() failed", new SimPcscException("SCARD_E_READER_UNAVAILABLE"));
    }
  }

  void checkConnected() {
    if (disconnected) {
      throw new IllegalStateException("Card has been disconnected");
    }
  }

  private void checkPresent() throws CardException {
    if (slot.inserted() != inserted) {
      throw new CardException("transmit() failed", new SimPcscException("SCARD_W_REMOVED_CARD"));
    }
  }

  @Override
  public String toString() {
    return "Simulated card in " + slot.name();
  }
}
