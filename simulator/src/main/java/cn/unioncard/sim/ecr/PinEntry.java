package cn.unioncard.sim.ecr;

import cn.unioncard.protocol.crypto.BlockAlgorithm;
import cn.unioncard.protocol.crypto.PinBlock;
import cn.unioncard.protocol.ecr.PinKeyAlgorithm;
import cn.unioncard.protocol.ecr.PinRequest;
import cn.unioncard.protocol.ecr.PinResponse;
import cn.unioncard.protocol.ecr.PinStatus;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a simulated PIN pad does with a PIN REQUEST (docs/ecr-protocol.md §10): the member types the PIN set with
 * {@link #typePin}, presses Cancel, or walks away; a typed PIN goes back as the ISO 9564 format-0 block encrypted
 * under the PIN key (TDEA, or SM4 with the widened 16-byte block). The same behaviour serves a PIN pad on its own
 * line ({@link PinPadSimulator}) and one built into the register ({@link RegisterSimulator}).
 */
public final class PinEntry {
  private static final Logger LOG = LoggerFactory.getLogger(PinEntry.class);

  /** The PIN key for an algorithm, asked at every request (a terminal signs on again and gets a new key). */
  @FunctionalInterface
  public interface Keys {
    /** The key, or null when the pad has none (then it gives no answer). */
    byte[] key(PinKeyAlgorithm algorithm);
  }

  /** What the member does at the next requests. */
  public enum Member {
    TYPES,
    CANCELS,
    WALKS_AWAY
  }

  private final Keys keys;
  private final AtomicInteger requests = new AtomicInteger();
  private volatile String pin = "1234";
  private volatile Member member = Member.TYPES;
  private volatile long typingMillis;

  public PinEntry(Keys keys) {
    this.keys = keys;
  }

  /** Fixed keys: the TDEA key (16 or 24 bytes) and the SM4 key (16 bytes), either may be null. */
  public static PinEntry withKeys(byte[] tdeaKey, byte[] sm4Key) {
    byte[] tdea = tdeaKey == null ? null : tdeaKey.clone();
    byte[] sm4 = sm4Key == null ? null : sm4Key.clone();
    return new PinEntry(a -> a == PinKeyAlgorithm.SM4 ? sm4 : tdea);
  }

  /** The member types {@code pin} (4–12 digits) at every following request. */
  public void typePin(String pin) {
    if (pin == null || !pin.matches("[0-9]{4,12}")) {
      throw new IllegalArgumentException("a PIN is 4 to 12 digits");
    }
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

  /** How long the member takes to type the PIN or press Cancel (0 by default). */
  public void typingMillis(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("a time is not negative");
    }
    this.typingMillis = millis;
  }

  public Member member() {
    return member;
  }

  /** PIN REQUESTs received. */
  public int requests() {
    return requests.get();
  }

  /**
   * The member's answer to {@code request}, after the request's timeout when the member walks away; null when the
   * pad has no key for the algorithm (it then stays silent, as a pad without a loaded key).
   */
  PinResponse answer(PinRequest request) throws InterruptedException {
    requests.incrementAndGet();
    if (member != Member.WALKS_AWAY) {
      Thread.sleep(typingMillis);
    }
    switch (member) {
      case CANCELS:
        return new PinResponse(PinStatus.CANCELLED, null);
      case WALKS_AWAY:
        Thread.sleep(request.timeoutSeconds() * 1000L);
        return new PinResponse(PinStatus.TIMEOUT, null);
      default:
        byte[] key = keys.key(request.algorithm());
        if (key == null) {
          LOG.warn("PIN pad: no {} PIN key (has the terminal signed on?); no answer", request.algorithm());
          return null;
        }
        return PinResponse.entered(block(request, key));
    }
  }

  /** The typed PIN's format-0 block under the key. The 12 digits plus any check digit make a PAN whose PAN field they are. */
  private byte[] block(PinRequest request, byte[] key) {
    String pan = request.panDigits() + "0";
    if (request.algorithm() == PinKeyAlgorithm.SM4) {
      return PinBlock.encrypt(BlockAlgorithm.SM4, key, PinBlock.format0ForSm4(pin, pan));
    }
    return PinBlock.encrypt(BlockAlgorithm.TDEA, key, PinBlock.format0(pin, pan));
  }
}
