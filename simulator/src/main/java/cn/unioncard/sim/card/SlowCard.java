package cn.unioncard.sim.card;

import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.ports.card.ReaderIoException;

/** A card that takes {@code latencyMs} longer to answer every APDU (a slow chip, a weak field). */
public final class SlowCard implements FieldCard {
  private final FieldCard inner;
  private final long latencyMs;

  public SlowCard(FieldCard inner, long latencyMs) {
    if (latencyMs < 0) {
      throw new IllegalArgumentException("latency " + latencyMs);
    }
    this.inner = inner;
    this.latencyMs = latencyMs;
  }

  @Override
  public byte[] transmit(byte[] command) throws CardIoException, ReaderIoException {
    try {
      Thread.sleep(latencyMs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReaderIoException("interrupted while the card was answering", e);
    }
    return inner.transmit(command);
  }

  @Override
  public byte[] atr() {
    return inner.atr();
  }

  @Override
  public void leaveField() {
    inner.leaveField();
  }

  @Override
  public void enterField() {
    inner.enterField();
  }

  @Override
  public boolean inField() {
    return inner.inField();
  }
}
