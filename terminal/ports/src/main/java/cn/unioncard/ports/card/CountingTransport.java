package cn.unioncard.ports.card;


/** Counts the exchanges that pass through it, for benchmarks and for "no more APDUs than needed" tests. */
public final class CountingTransport implements ApduTransport {
  private final ApduTransport inner;
  // A card's exchanges come one at a time; volatile lets another thread (a status page) read the count.
  private volatile int count;

  public CountingTransport(ApduTransport inner) {
    this.inner = inner;
  }

  @Override
  public byte[] transmit(byte[] command) throws CardIoException, ReaderIoException {
    count = count + 1;
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
