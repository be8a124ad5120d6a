package cn.unioncard.agent.card;

import cn.unioncard.ports.card.ApduTransport;
import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.ports.card.ReaderIoException;
import cn.unioncard.ports.card.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every exchange at debug level on the logger {@code cn.unioncard.apdu}: the command, the masked response
 * ({@link ApduRedactor}) and the time the card took, in microseconds. Costs nothing when debug is off.
 */
public final class TracingTransport implements ApduTransport {
  private static final Logger LOG = LoggerFactory.getLogger("cn.unioncard.apdu");

  private final ApduTransport inner;
  private final String name;

  /** {@code name} tells readers apart in the log (for example "contactless", "psam"). */
  public TracingTransport(ApduTransport inner, String name) {
    this.inner = inner;
    this.name = name;
  }

  @Override
  public byte[] transmit(byte[] command) throws CardIoException, ReaderIoException {
    if (!LOG.isDebugEnabled()) {
      return inner.transmit(command);
    }
    long start = System.nanoTime();
    try {
      byte[] response = inner.transmit(command);
      LOG.debug("{} > {} < {} ({} us)", name, ApduRedactor.command(command),
          ApduRedactor.response(command, response), (System.nanoTime() - start) / 1000);
      return response;
    } catch (TransportException e) {
      LOG.debug("{} > {} failed after {} us: {}", name, ApduRedactor.command(command),
          (System.nanoTime() - start) / 1000, e.getMessage());
      throw e;
    }
  }
}
