package cn.unioncard.agent.ecr;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.ecr.EcrMessage;
import cn.unioncard.protocol.ecr.PinKeyAlgorithm;
import cn.unioncard.protocol.ecr.PinRequest;
import cn.unioncard.protocol.ecr.PinResponse;
import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminal's end of a PIN pad link (docs/ecr-protocol.md §10): the same frames, ACK/NAK and resends as
 * the register's link, one PIN REQUEST at a time. The terminal sends the 12 PAN digits of the format-0 PAN
 * field, never the PAN itself, and gets back only the encrypted PIN block; neither is ever logged.
 */
public final class PinPadLink implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(PinPadLink.class);

  private final FrameLink link;
  private final EcrConfig config;
  private final LinkedBlockingQueue<PinResponse> responses = new LinkedBlockingQueue<>();
  private final Object oneAtATime = new Object();

  public PinPadLink(EcrPort port, EcrConfig config) {
    this.config = config;
    this.link = new FrameLink(port, config, this::received, "pinpad-terminal");
  }

  public PinPadLink start() {
    link.start();
    return this;
  }

  public FrameLink frames() {
    return link;
  }

  private void received(byte[] payload) {
    EcrMessage m;
    try {
      m = EcrMessage.parse(payload);
    } catch (DecodeException e) {
      LOG.warn("PIN pad: bad message: {}", e.getMessage());
      return;
    }
    if (!(m instanceof PinResponse)) {
      LOG.warn("PIN pad: unexpected {}", m.type());
      return;
    }
    if (!responses.offer((PinResponse) m)) {
      LOG.info("PIN pad: a response nobody waits for ({}); dropped", m);
    }
  }

  /**
   * Asks the member for the PIN.
   *
   * @param pan the card's PAN: only its 12 format-0 digits go to the PIN pad
   * @return ENTERED with the encrypted block, CANCELLED or TIMEOUT
   * @throws IOException the request could not be delivered, or no answer came within the PIN timeout plus
   *     the answer timeout
   */
  public PinResponse requestPin(String pan, long amount, PinKeyAlgorithm algorithm, int timeoutSeconds) throws IOException {
    PinRequest request = new PinRequest(PinRequest.panField(pan), amount, algorithm, timeoutSeconds);
    synchronized (oneAtATime) {
      responses.clear();
      LOG.debug("PIN pad tx {}", request);
      link.send(request.encode());
      try {
        PinResponse r = responses.poll(timeoutSeconds * 1000L + config.answerTimeoutMillis(), TimeUnit.MILLISECONDS);
        if (r == null) {
          throw new IOException("no answer from the PIN pad within " + timeoutSeconds + " s + "
              + config.answerTimeoutMillis() + " ms");
        }
        if (r.pinBlock() != null && r.pinBlock().length != algorithm.blockSize()) {
          throw new IOException("the PIN pad returned a block of " + r.pinBlock().length + " bytes for " + algorithm);
        }
        LOG.debug("PIN pad rx {}", r);
        return r;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted waiting for the PIN pad", e);
      }
    }
  }

  @Override
  public void close() {
    link.close();
  }
}
