package cn.unioncard.agent.checkout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.agent.card.TerminalData;
import cn.unioncard.agent.card.payment.CardDecision;
import cn.unioncard.agent.card.payment.Completion;
import cn.unioncard.agent.card.payment.IssuerAnswer;
import cn.unioncard.agent.card.payment.Purchase;
import cn.unioncard.agent.card.payment.UnionPayKernel;
import cn.unioncard.ports.card.ApduTransport;
import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.ports.card.ReaderIoException;
import cn.unioncard.ports.card.TransportException;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.emv.CryptogramInput;
import cn.unioncard.protocol.tlv.BerTlv;
import cn.unioncard.protocol.tlv.Tag;
import cn.unioncard.protocol.tlv.Tlv;
import cn.unioncard.sim.card.ProfileException;
import cn.unioncard.sim.card.Profiles;
import cn.unioncard.sim.card.SimulatedCard;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A simulated card whose answers a chooser spoils: passed through, a bit flipped, cut short, replaced by a bare
 * status word or by arbitrary bytes (with or without a status word). Drives one purchase through the kernel and
 * checks that it ends only in a well-formed decision (and completion) or a {@link TransportException}.
 */
final class HostileCard implements ApduTransport {
  /** Where the choices come from: a seeded random source or the fuzzer's bytes. */
  interface Chooser {
    /** A number in {@code [0, bound)}; 0 when the source is exhausted. */
    int next(int bound);
  }

  static final List<String> PROFILES = List.of("ordinary-member", "non-member-unionpay", "model-worker",
      "foreign-visa", "expired", "low-ecash", "chaining-61xx");
  private static final int[] STATUS_WORDS = {0x9000, 0x6A82, 0x6A83, 0x6A88, 0x6985, 0x6700, 0x6D00, 0x6110, 0x6C05,
      0x6283, 0x0000};

  private final ApduTransport genuine;
  private final Chooser choose;
  /** Choices 1 to 5 of {@code [0, odds)} spoil an answer; the rest pass it. */
  private final int odds;

  HostileCard(ApduTransport genuine, Chooser choose, int odds) {
    this.genuine = genuine;
    this.choose = choose;
    this.odds = odds;
  }

  @Override
  public byte[] transmit(byte[] command) throws CardIoException, ReaderIoException {
    byte[] r = genuine.transmit(command);
    int mode = choose.next(odds);
    switch (mode) {
      case 1: // flip one bit
        r = r.clone();
        r[choose.next(r.length)] ^= (byte) (1 << choose.next(8));
        return r;
      case 2: // cut the data short, keep the status word
        int keep = choose.next(r.length - 1);
        byte[] cut = Arrays.copyOf(r, keep + 2);
        cut[keep] = r[r.length - 2];
        cut[keep + 1] = r[r.length - 1];
        return cut;
      case 3: // a bare status word
        int sw = STATUS_WORDS[choose.next(STATUS_WORDS.length)];
        return new byte[] {(byte) (sw >> 8), (byte) sw};
      case 4: // arbitrary bytes ending 9000
      case 5: // arbitrary bytes
        byte[] any = new byte[choose.next(80) + (mode == 4 ? 2 : 0)];
        for (int i = 0; i < any.length; i++) {
          any[i] = (byte) choose.next(256);
        }
        if (mode == 4) {
          any[any.length - 2] = (byte) 0x90;
          any[any.length - 1] = 0x00;
        }
        return any;
      default:
        return r;
    }
  }

  /** One purchase on a card of a bundled profile, every answer open to spoiling. */
  static void purchase(Chooser choose, int odds) {
    SimulatedCard real;
    try {
      real = SimulatedCard.of(Profiles.load(PROFILES.get(choose.next(PROFILES.size()))));
    } catch (ProfileException e) {
      throw new AssertionError(e);
    }
    TerminalData terminal = new TerminalData(
        Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneId.of("Asia/Shanghai")), new Random(choose.next(99)),
        Hex.of(TerminalData.DEFAULT_TTQ));
    UnionPayKernel kernel = new UnionPayKernel(terminal);
    HostileCard card = new HostileCard(real, choose, odds);
    Purchase p = new Purchase(choose.next(60_000), choose.next(2) == 1, choose.next(2) == 0);
    try {
      CardDecision d = kernel.begin(card, p);
      check(d);
      if (d.kind() == CardDecision.Kind.ONLINE) {
        IssuerAnswer a;
        switch (choose.next(3)) {
          case 0:
            a = IssuerAnswer.unreachable();
            break;
          default:
            byte[] arpc = new byte[8];
            for (int i = 0; i < 8; i++) {
              arpc[i] = (byte) choose.next(256);
            }
            a = new IssuerAnswer(choose.next(2) == 0, Hex.of("3030"), arpc);
        }
        Completion c = kernel.complete(card, d, a);
        assertNotNull(c);
        if (c.approved()) {
          assertNull(c.reason());
        } else {
          assertNotNull(c.reason());
        }
      }
    } catch (TransportException expected) {
      // the card "left": the only exception a purchase may end in
    }
  }

  static void check(CardDecision d) {
    assertNotNull(d.kind());
    if (d.kind() == CardDecision.Kind.REFUSED) {
      assertNotNull(d.reason());
      assertEquals(0, d.iccData().length);
      assertNull(d.kernelState());
      return;
    }
    assertNotNull(d.pan());
    assertTrue(d.pan().luhnValid());
    assertNotNull(d.expiry());
    assertNotNull(d.aid());
    assertEquals(d.kind() == CardDecision.Kind.ONLINE, d.kernelState() != null);
    Map<Tag, byte[]> m = new HashMap<>();
    try {
      for (Tlv t : BerTlv.decode(d.iccData())) {
        assertNull(m.put(t.tag(), t.value()), "tag twice in iccData");
      }
      CryptogramInput.build(m);
    } catch (DecodeException e) {
      throw new AssertionError("iccData the bank cannot read: " + e.getMessage(), e);
    }
  }
}
