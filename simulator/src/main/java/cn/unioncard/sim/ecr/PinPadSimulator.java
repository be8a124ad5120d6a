package cn.unioncard.sim.ecr;

import cn.unioncard.ports.ecr.EcrConfig;
import cn.unioncard.ports.ecr.EcrPort;
import cn.unioncard.ports.ecr.FrameLink;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.ecr.EcrMessage;
import cn.unioncard.protocol.ecr.PinRequest;
import java.io.Closeable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PIN pad on its own line (docs/ecr-protocol.md §10): it answers each PIN REQUEST as its {@link PinEntry} says
 * (the member types the PIN, cancels or walks away). The line faults of {@link RegisterSimulator} apply to it too.
 */
public final class PinPadSimulator implements LineFaults, Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(PinPadSimulator.class);

  private final FaultyPort port;
  private final FrameLink link;
  private final PinEntry entry;
  private final PinAnswers answers;

  /**
   * @param tdeaKey the TDEA PIN key (16 or 24 bytes), or null
   * @param sm4Key the SM4 PIN key (16 bytes), or null
   */
  public PinPadSimulator(EcrPort port, EcrConfig config, byte[] tdeaKey, byte[] sm4Key) {
    this(port, config, PinEntry.withKeys(tdeaKey, sm4Key));
  }

  public PinPadSimulator(EcrPort port, EcrConfig config, PinEntry entry) {
    this.port = new FaultyPort(port, 11);
    this.entry = entry;
    this.link = new FrameLink(this.port, config, this::received, "pinpad");
    this.answers = new PinAnswers(entry, link, "ecr-pinpad-sim");
  }

  public PinPadSimulator start() {
    link.start();
    return this;
  }

  /** The member's behaviour at the next requests. */
  public PinEntry entry() {
    return entry;
  }

  /** The member types {@code pin} (4–12 digits) at every following request. */
  public void typePin(String pin) {
    entry.typePin(pin);
  }

  /** The member presses Cancel at the next requests. */
  public void pressCancel() {
    entry.pressCancel();
  }

  /** The member types nothing: the requests end with TIMEOUT after their timeout. */
  public void walkAway() {
    entry.walkAway();
  }

  /** PIN REQUESTs received. */
  public int requests() {
    return entry.requests();
  }

  public FrameLink frames() {
    return link;
  }

  @Override
  public void lineNoise(int bytes) {
    port.noiseBeforeNextFrame(bytes);
  }

  @Override
  public void cutNextFrame() {
    port.cutNextFrame();
  }

  @Override
  public void dropNextAck() {
    port.dropAcks(1);
  }

  @Override
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
    answers.answer((PinRequest) m);
  }

  @Override
  public void close() {
    link.close();
    answers.close();
  }
}
