package cn.unioncard.agent.card;

/** Counts the exchanges that pass through it, for benchmarks and for "no more APDUs than needed" tests. */
public final class CountingTransport implements ApduTransport {
  private final ApduTransport inner;
  private int count;

  public CountingTransport(ApduTransport inner) {
    this.inner = inner;
  }

  @Override
  public byte[] transmit(byte[] command) throws CardIoException, ReaderIoException {
    count++;
    return inner.transmit(command);
  }

  /** Exchanges so far (including failed ones). */
  public int count() {
    return count;
  }

  public void reset() {
    count = 0;
  }
}
