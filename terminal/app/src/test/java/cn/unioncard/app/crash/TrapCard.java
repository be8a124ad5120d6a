package cn.unioncard.app.crash;

import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.ports.card.ReaderIoException;
import cn.unioncard.sim.CardFactory;
import cn.unioncard.sim.CardSpec;
import cn.unioncard.sim.card.FieldCard;
import java.util.Locale;

/**
 * A card that stops the agent's process at a chosen step of a transaction, for the crash test to kill it there:
 * {@code trap:WINDOW:SPEC} is the card {@code SPEC} with a trap at {@code WINDOW}. When the trap springs, the agent
 * process prints {@code trapped WINDOW} and the thread talking to the card waits for ever (the test kills the
 * process at once). The windows:
 *
 * <ul>
 *   <li>{@code first}: the card's first command arrives (nothing of this transaction is stored yet);
 *   <li>{@code before-value}: the first command that can move value on the card arrives, before the card sees it:
 *       GET PROCESSING OPTIONS (a qPBOC card decides offline and debits its electronic cash there, JR/T 0025.12),
 *       GENERATE AC (JR/T 0025.5), or a purse DEBIT (JT/T 978, {@code 80 54});
 *   <li>{@code after-value}: that command has run on the card (its state file written), before its answer returns.
 * </ul>
 */
final class TrapCard implements FieldCard {
  private final FieldCard card;
  private final String window;
  private boolean sprung;

  private TrapCard(FieldCard card, String window) {
    this.card = card;
    this.window = window;
  }

  /** Registers the {@code trap} kind with {@code cards}. */
  static void register(CardFactory cards) {
    cards.register("trap", (spec, name) -> {
      int colon = name.indexOf(':');
      String window = colon < 0 ? "" : name.substring(0, colon);
      if (!window.equals("first") && !window.equals("before-value") && !window.equals("after-value")) {
        throw new IllegalArgumentException("a trap is trap:first|before-value|after-value:SPEC, not " + spec);
      }
      CardSpec inner = cards.open(name.substring(colon + 1));
      if (!(inner.transport() instanceof FieldCard)) {
        throw new IllegalArgumentException("a trap needs a simulated card, not " + inner.spec());
      }
      TrapCard trap = new TrapCard((FieldCard) inner.transport(), window);
      return new CardSpec(spec, "trapped " + inner.description(), trap, inner.atr(), inner.state());
    });
  }

  @Override
  public byte[] transmit(byte[] command) throws CardIoException, ReaderIoException {
    if (!sprung && window.equals("first")) {
      spring();
    }
    boolean value = !sprung && movesValue(command);
    if (value && window.equals("before-value")) {
      spring();
    }
    byte[] answer = card.transmit(command);
    if (value && window.equals("after-value")) {
      spring();
    }
    return answer;
  }

  private static boolean movesValue(byte[] c) {
    if (c.length < 2 || (c[0] & 0xFF) != 0x80) {
      return false;
    }
    int ins = c[1] & 0xFF;
    return ins == 0xA8 || ins == 0xAE || ins == 0x54;
  }

  /** Tells the test, then holds this thread until the process is killed. */
  private void spring() {
    sprung = true;
    synchronized (System.out) {
      System.out.println("trapped " + window.toLowerCase(Locale.ROOT));
      System.out.flush();
    }
    while (true) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        // only the kill ends it
      }
    }
  }

  @Override
  public byte[] atr() {
    return card.atr();
  }

  @Override
  public void leaveField() {
    card.leaveField();
  }

  @Override
  public void enterField() {
    sprung = false;
    card.enterField();
  }

  @Override
  public boolean inField() {
    return card.inField();
  }
}
