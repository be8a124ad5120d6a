package cn.unioncard.agent.ecr;

import cn.unioncard.ports.ecr.EcrConfig;
import cn.unioncard.ports.ecr.FrameLink;
import cn.unioncard.ports.ecr.PinPad;
import cn.unioncard.protocol.ecr.PinKeyAlgorithm;
import cn.unioncard.protocol.ecr.PinRequest;
import cn.unioncard.protocol.ecr.PinResponse;
import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PIN REQUEST at a time over a frame link and the wait for its PIN RESPONSE (docs/ecr-protocol.md §10), the
 * same whether the link is the PIN pad's own or the register's. The PAN digits and the block are never logged.
 */
final class PinExchange implements PinPad {
  private static final Logger LOG = LoggerFactory.getLogger(PinExchange.class);

  private final FrameLink link;
  private final EcrConfig config;
  private final String peer;
  private final LinkedBlockingQueue<PinResponse> responses = new LinkedBlockingQueue<>();
  private final Object oneAtATime = new Object();

  /** @param peer who answers, for messages ("the PIN pad", "the register") */
  PinExchange(FrameLink link, EcrConfig config, String peer) {
    this.link = link;
    this.config = config;
    this.peer = peer;
  }

  /** A PIN RESPONSE arrived on the link. */
  void received(PinResponse response) {
    if (!responses.offer(response)) {
      LOG.info("{}: a PIN response nobody waits for ({}); dropped", peer, response);
    }
  }

  @Override
  public PinResponse requestPin(String pan, long amount, PinKeyAlgorithm algorithm, int timeoutSeconds)
      throws IOException {
    PinRequest request = new PinRequest(PinRequest.panField(pan), amount, algorithm, timeoutSeconds);
    synchronized (oneAtATime) {
      responses.clear(); // a late answer to an earlier request that was given up
      LOG.debug("{} tx {}", peer, request);
      link.send(request.encode());
      try {
        // the pad answers TIMEOUT itself after timeoutSeconds; the line may then take every resend to deliver it
        long lineMillis = (long) config.ackTimeoutMillis() * (config.maxResends() + 1);
        PinResponse r = responses.poll(timeoutSeconds * 1000L + lineMillis, TimeUnit.MILLISECONDS);
        if (r == null) {
          throw new IOException("no PIN response from " + peer + " within " + timeoutSeconds + " s + "
              + lineMillis + " ms");
        }
        if (r.pinBlock() != null && r.pinBlock().length != algorithm.blockSize()) {
          throw new IOException(peer + " returned a PIN block of " + r.pinBlock().length + " bytes for " + algorithm);
        }
        LOG.debug("{} rx {}", peer, r);
        return r;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted waiting for " + peer, e);
      }
    }
  }
}
