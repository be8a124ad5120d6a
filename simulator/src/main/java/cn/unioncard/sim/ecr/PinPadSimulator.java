package cn.unioncard.sim.ecr;

import cn.unioncard.agent.ecr.EcrConfig;
import cn.unioncard.agent.ecr.EcrPort;
import cn.unioncard.agent.ecr.FrameLink;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.ecr.EcrMessage;
import cn.unioncard.protocol.ecr.PinKeyAlgorithm;
import cn.unioncard.protocol.ecr.PinRequest;
import cn.unioncard.protocol.ecr.PinResponse;
import cn.unioncard.protocol.ecr.PinStatus;
import cn.unioncard.protocol.crypto.BlockAlgorithm;
import cn.unioncard.protocol.crypto.PinBlock;
import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PIN pad (docs/ecr-protocol.md §10): it holds the PIN key and the PIN the simulated member "types", and
 * answers each PIN REQUEST with the ISO 9564 format-0 block of that PIN encrypted under the key (TDEA, or
 * SM4 with the widened 16-byte block), or CANCELLED, or TIMEOUT. The line faults of {@link
 * RegisterSimulator} apply to it too.
 */
public final class PinPadSimulator implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(PinPadSimulator.class);

  /** What the member does at the next request. */
  private enum Member {
    TYPES,
    CANCELS,
    WALKS_AWAY
  }

  private final FaultyPort port;
  private final FrameLink link;
  private final byte[] tdeaKey;
  private final byte[] sm4Key;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "ecr-pinpad-sim");
    t.setDaemon(true);
    return t;
  });
  private final AtomicInteger requests = new AtomicInteger();
  private volatile String pin = "1234";
  private volatile Member member = Member.TYPES;

  /**
   * @param tdeaKey the TDEA PIN key (16 or 24 bytes), or null
   * @param sm4Key the SM4 PIN key (16 bytes), or null
   */
  public PinPadSimulator(EcrPort port, EcrConfig config, byte[] tdeaKey, byte[] sm4Key) {
    this.port = new FaultyPort(port, 11);
    this.tdeaKey = tdeaKey == null ? null : tdeaKey.clone();
    this.sm4Key = sm4Key == null ? null : sm4Key.clone();
    this.link = new FrameLink(this.port, config, this::received, "pinpad");
  }

  public PinPadSimulator start() {
    link.start();
    return this;
  }

  /** The member types {@code pin} (4–12 digits) at every following request. */
  public void typePin(String pin) {
    this.pin = pin;
    this.member = Member.TYPES;
  }

  /** The member presses Cancel at the next requests. */
  public void pressCancel() {
    this.member = Member.CANCELS;
  }

  /** The member types nothing: the requests end with TIMEOUT after their timeout. */
  public void walkAway() {
    this.member = Member.WALKS_AWAY;
  }

  /** PIN REQUESTs received. */
  public int requests() {
    return requests.get();
  }

  public FrameLink frames() {
    return link;
  }

  public void lineNoise(int bytes) {
    port.noiseBeforeNextFrame(bytes);
  }

  public void cutNextFrame() {
    port.cutNextFrame();
  }

  public void dropNextAck() {
    port.dropAcks(1);
  }

  public void nakStorm(int naks) {
    link.refuseNextFrames(naks);
  }

  private void received(byte[] payload) {
    EcrMessage m;
    try {
      m = EcrMessage.parse(payload);
    } catch (DecodeException e) {
      LOG.warn("PIN pad: bad request: {}", e.getMessage());
      return;
    }
    if (!(m instanceof PinRequest)) {
      LOG.warn("PIN pad: unexpected {}", m.type());
      return;
    }
    requests.incrementAndGet();
    PinRequest request = (PinRequest) m;
    worker.execute(() -> answer(request));
  }

  private void answer(PinRequest request) {
    PinResponse response;
    switch (member) {
      case CANCELS:
        response = new PinResponse(PinStatus.CANCELLED, null);
        break;
      case WALKS_AWAY:
        try {
          Thread.sleep(request.timeoutSeconds() * 1000L);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        response = new PinResponse(PinStatus.TIMEOUT, null);
        break;
      default:
        response = PinResponse.entered(block(request));
    }
    try {
      link.send(response.encode());
    } catch (IOException e) {
      LOG.warn("PIN pad: response undelivered: {}", e.getMessage());
    }
  }

  /** The typed PIN's format-0 block under the PIN key. The 12 digits plus any check digit make a PAN whose PAN field they are. */
  private byte[] block(PinRequest request) {
    String pan = request.panDigits() + "0";
    if (request.algorithm() == PinKeyAlgorithm.SM4) {
      return PinBlock.encrypt(BlockAlgorithm.SM4, sm4Key, PinBlock.format0ForSm4(pin, pan));
    }
    return PinBlock.encrypt(BlockAlgorithm.TDEA, tdeaKey, PinBlock.format0(pin, pan));
  }

  @Override
  public void close() {
    link.close();
    worker.shutdownNow();
  }
}
