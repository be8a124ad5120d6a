package cn.unioncard.agent.ecr;

import cn.unioncard.ports.ecr.EcrConfig;
import cn.unioncard.ports.ecr.EcrPort;
import cn.unioncard.ports.ecr.FrameLink;
import cn.unioncard.ports.ecr.PinPad;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.ecr.EcrMessage;
import cn.unioncard.protocol.ecr.PinKeyAlgorithm;
import cn.unioncard.protocol.ecr.PinResponse;
import java.io.Closeable;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminal's end of a PIN pad on its own line (docs/ecr-protocol.md §10): the same frames, ACK/NAK and resends
 * as the register's link, one PIN REQUEST at a time. The terminal sends the 12 PAN digits of the format-0 PAN
 * field, never the PAN itself, and gets back only the encrypted PIN block; neither is ever logged.
 */
public final class PinPadLink implements PinPad, Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(PinPadLink.class);

  private final FrameLink link;
  private final PinExchange exchange;

  public PinPadLink(EcrPort port, EcrConfig config) {
    this.link = new FrameLink(port, config, this::received, "pinpad-terminal");
    this.exchange = new PinExchange(link, config, "the PIN pad");
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
    exchange.received((PinResponse) m);
  }

  @Override
  public PinResponse requestPin(String pan, long amount, PinKeyAlgorithm algorithm, int timeoutSeconds)
      throws IOException {
    return exchange.requestPin(pan, amount, algorithm, timeoutSeconds);
  }

  @Override
  public void close() {
    link.close();
  }
}
