package cn.unioncard.sim.smartcardio;

import cn.unioncard.ports.card.ApduTransport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's readers as unmodified {@code javax.smartcardio} code sees them through {@link SimulatorProvider}:
 * a set of named slots into which the simulator inserts cards and from which it removes them. Insertion and
 * removal are real reader events: {@code CardTerminals.waitForChange} and {@code CardTerminal.waitForCardPresent}
 * wake on them.
 */
public final class SimulatedReaders {
  /** The contactless reader of a checkout or a gate. */
  public static final String CONTACTLESS = "UnionCard Simulator Contactless 0";

  /** The PSAM slot of a gate. */
  public static final String PSAM = "UnionCard Simulator PSAM 1";

  private static final SimulatedReaders SHARED = new SimulatedReaders(CONTACTLESS, PSAM);

  private final Map<String, Slot> slots = new LinkedHashMap<>();
  private final Object changes = new Object();
  private long generation;

  /** Readers with these names, in this order, all empty. */
  public SimulatedReaders(String... names) {
    for (String name : names) {
      if (slots.put(name, new Slot(name, this)) != null) {
        throw new IllegalArgumentException("two readers named " + name);
      }
    }
  }

  /**
   * The readers {@code TerminalFactory.getInstance("Simulator", null)} and the default factory use: a contactless
   * reader ({@link #CONTACTLESS}) and a PSAM slot ({@link #PSAM}).
   */
  public static SimulatedReaders shared() {
    return SHARED;
  }

  public List<Slot> slots() {
    return Collections.unmodifiableList(new ArrayList<>(slots.values()));
  }

  /** The reader of that name; {@link IllegalArgumentException} when there is none. */
  public Slot slot(String name) {
    Slot s = slots.get(name);
    if (s == null) {
      throw new IllegalArgumentException("no simulated reader named " + name);
    }
    return s;
  }

  long generation() {
    synchronized (changes) {
      return generation;
    }
  }

  void changed() {
    synchronized (changes) {
      generation++;
      changes.notifyAll();
    }
  }

  /** Waits until the generation moves past {@code seen} or the timeout (ms; 0 = for ever) passes. */
  boolean awaitChange(long seen, long timeoutMillis) throws InterruptedException {
    long deadline = timeoutMillis == 0 ? Long.MAX_VALUE : System.currentTimeMillis() + timeoutMillis;
    synchronized (changes) {
      while (generation == seen) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return false;
        }
        changes.wait(Math.min(left, 60_000));
      }
      return true;
    }
  }

  /** One reader slot: empty, or holding one card. */
  public static final class Slot {
    private final String name;
    private final SimulatedReaders readers;
    private volatile Inserted inserted;

    Slot(String name, SimulatedReaders readers) {
      this.name = name;
      this.readers = readers;
    }

    public String name() {
      return name;
    }

    /** Puts a card in the field; it answers with {@code card} and reports {@code atr}. */
    public void insert(ApduTransport card, byte[] atr) {
      synchronized (this) {
        if (inserted != null) {
          throw new IllegalStateException(name + " already holds a card");
        }
        inserted = new Inserted(card, atr.clone());
      }
      readers.changed();
    }

    /** Takes the card out of the field; a session with it fails from now on as a removed card does. */
    public void remove() {
      synchronized (this) {
        if (inserted == null) {
          return;
        }
        inserted = null;
      }
      readers.changed();
    }

    public boolean isCardPresent() {
      return inserted != null;
    }

    Inserted inserted() {
      return inserted;
    }

    SimulatedReaders readers() {
      return readers;
    }
  }

  /** A card in a slot: identity matters, so a removed and re-inserted card is a new insertion. */
  static final class Inserted {
    final ApduTransport card;
    final byte[] atr;

    Inserted(ApduTransport card, byte[] atr) {
      this.card = card;
      this.atr = atr;
    }
  }
}
