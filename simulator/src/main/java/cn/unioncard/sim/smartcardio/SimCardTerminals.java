package cn.unioncard.sim.smartcardio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;

/**
 * The simulator's readers as a {@link CardTerminals}: insertion and removal are tracked between calls of
 * {@link #waitForChange(long)}, as the {@code javax.smartcardio} contract says.
 */
final class SimCardTerminals extends CardTerminals {
  private final SimulatedReaders readers;
  private final Map<String, SimCardTerminal> terminals = new HashMap<>();
  private Map<String, SimulatedReaders.Inserted> snapshot;
  private Set<String> insertedSinceLast = Collections.emptySet();
  private Set<String> removedSinceLast = Collections.emptySet();

  SimCardTerminals(SimulatedReaders readers) {
    this.readers = readers;
    for (SimulatedReaders.Slot slot : readers.slots()) {
      terminals.put(slot.name(), new SimCardTerminal(slot));
    }
  }

  @Override
  public synchronized List<CardTerminal> list(State state) throws CardException {
    if (state == null) {
      throw new NullPointerException("state");
    }
    List<CardTerminal> out = new ArrayList<>();
    for (SimulatedReaders.Slot slot : readers.slots()) {
      boolean present = slot.isCardPresent();
      boolean wanted;
      switch (state) {
        case ALL:
          wanted = true;
          break;
        case CARD_PRESENT:
          wanted = present;
          break;
        case CARD_ABSENT:
          wanted = !present;
          break;
        case CARD_INSERTION:
          wanted = insertedSinceLast.contains(slot.name());
          break;
        case CARD_REMOVAL:
          wanted = removedSinceLast.contains(slot.name());
          break;
        default:
          wanted = false;
      }
      if (wanted) {
        out.add(terminals.get(slot.name()));
      }
    }
    return Collections.unmodifiableList(out);
  }

  @Override
  public synchronized CardTerminal getTerminal(String name) {
    return terminals.get(name);
  }

  @Override
  public synchronized boolean waitForChange(long timeout) throws CardException {
    if (timeout < 0) {
      throw new IllegalArgumentException("timeout is negative: " + timeout);
    }
    long deadline = timeout == 0 ? Long.MAX_VALUE : System.currentTimeMillis() + timeout;
    boolean first = snapshot == null;
    if (first) {
      snapshot = current();
    }
    try {
      while (true) {
        long generation = readers.generation();
        Map<String, SimulatedReaders.Inserted> now = current();
        if (!first && !now.equals(snapshot)) {
          record(now);
          return true;
        }
        first = false;
        long left = deadline - System.currentTimeMillis();
        if (left <= 0 || !readers.awaitChange(generation, timeout == 0 ? 0 : left)) {
          if (timeout != 0) {
            record(current());
            return !insertedSinceLast.isEmpty() || !removedSinceLast.isEmpty();
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CardException("interrupted while waiting for a reader change", e);
    }
  }

  private void record(Map<String, SimulatedReaders.Inserted> now) {
    Set<String> inserted = new HashSet<>();
    Set<String> removed = new HashSet<>();
    for (Map.Entry<String, SimulatedReaders.Inserted> e : now.entrySet()) {
      SimulatedReaders.Inserted before = snapshot.get(e.getKey());
      SimulatedReaders.Inserted after = e.getValue();
      if (before != after) {
        if (before != null) {
          removed.add(e.getKey());
        }
        if (after != null) {
          inserted.add(e.getKey());
        }
      }
    }
    snapshot = now;
    insertedSinceLast = inserted;
    removedSinceLast = removed;
  }

  private Map<String, SimulatedReaders.Inserted> current() {
    Map<String, SimulatedReaders.Inserted> now = new HashMap<>();
    for (SimulatedReaders.Slot slot : readers.slots()) {
      now.put(slot.name(), slot.inserted());
    }
    return now;
  }
}
