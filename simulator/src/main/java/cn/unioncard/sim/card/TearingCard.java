package cn.unioncard.sim.card;

import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.ports.card.ReaderIoException;

/**
 * A card that leaves the field at the Nth APDU counted from its insertion (GET RESPONSE included): before running
 * it (nothing of that command happened) or after (the command ran and its state was saved, but the answer never
 * reached the terminal). Either way the terminal gets {@link CardIoException} and the card is out of the field
 * until {@link #enterField()}. By default only the first insertion tears, so the next tap can finish the
 * transaction, as with a real card.
 */
public final class TearingCard implements FieldCard {
  private final FieldCard inner;
  private final int atApdu;
  private final boolean afterExecuting;
  private final boolean everyInsertion;
  private int count;
  private boolean torn;

  public TearingCard(FieldCard inner, int atApdu, boolean afterExecuting, boolean everyInsertion) {
    if (atApdu < 1) {
      throw new IllegalArgumentException("tears at APDU " + atApdu + ": counting starts at 1");
    }
    this.inner = inner;
    this.atApdu = atApdu;
    this.afterExecuting = afterExecuting;
    this.everyInsertion = everyInsertion;
  }

  @Override
  public synchronized byte[] transmit(byte[] command) throws CardIoException, ReaderIoException {
    if (!inner.inField()) {
      return inner.transmit(command); // fails as an absent card does
    }
    count++;
    if (count != atApdu || (torn && !everyInsertion)) {
      return inner.transmit(command);
    }
    torn = true;
    if (afterExecuting) {
      inner.transmit(command);
    }
    inner.leaveField();
    throw new CardIoException("the card left the field at APDU " + atApdu
        + (afterExecuting ? " after executing it" : " before executing it"));
  }

  /** Whether the card has torn once. */
  public synchronized boolean torn() {
    return torn;
  }

  @Override
  public byte[] atr() {
    return inner.atr();
  }

  @Override
  public synchronized void leaveField() {
    inner.leaveField();
  }

  @Override
  public synchronized void enterField() {
    count = 0;
    inner.enterField();
  }

  @Override
  public boolean inField() {
    return inner.inField();
  }
}
