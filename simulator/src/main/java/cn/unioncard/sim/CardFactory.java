package cn.unioncard.sim;

import cn.unioncard.sim.replay.BundledTraces;
import cn.unioncard.sim.replay.ReplayCard;
import cn.unioncard.sim.replay.ReplayTrace;
import cn.unioncard.sim.replay.TraceFormatException;
import cn.unioncard.sim.vpcd.VpcdCard;
import java.io.IOException;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Opens cards from spec strings, {@code kind:name}. Built in:
 *
 * <ul>
 *   <li>{@code profile:NAME}: a bundled card profile ({@code docs/card-profile.md}), its state kept in
 *       {@code STATE_DIR/NAME.json} (made from the profile on first use, so the card keeps its balances, counters
 *       and records from one insertion, and one run, to the next);
 *   <li>{@code profile-file:PATH}: the user's own profile or state file, used as the card's state file;
 *   <li>{@code psam:NAME}: a transit PSAM (terminal number 010203040506 and the test keys), its state in
 *       {@code STATE_DIR/psam-NAME.json};
 *   <li>{@code trace:NAME}: a bundled trace, with or without {@code .trace}; {@code trace-file:PATH}: a trace file.
 * </ul>
 *
 * Other kinds are registered with {@link #register}.
 */
public final class CardFactory {
  /** Opens one kind of card. */
  @FunctionalInterface
  public interface Opener {
    /** @throws IllegalArgumentException with a one-line reason when the name is not a card of this kind */
    CardSpec open(String spec, String name);
  }

  private final Map<String, Opener> kinds = new LinkedHashMap<>();

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /** Cards from traces only (no state directory): for tests that need no stateful card. */
  public CardFactory() {
    this(null);
  }

  /** @param stateDir where {@code profile:NAME} cards keep their state files (made when needed); null: none */
  public CardFactory(java.nio.file.Path stateDir) {
    if (stateDir != null) {
      register("profile", (spec, name) -> {
        if (!cn.unioncard.sim.card.Profiles.NAMES.contains(name)) {
          throw new IllegalArgumentException(
              "no bundled profile " + name + "; there are " + cn.unioncard.sim.card.Profiles.NAMES);
        }
        java.nio.file.Path file = stateDir.resolve(name + ".json");
        try {
          java.nio.file.Files.createDirectories(stateDir);
          return stateful(spec, file, cn.unioncard.sim.card.Profiles.card(name, file));
        } catch (cn.unioncard.sim.card.ProfileException e) {
          throw new IllegalArgumentException(e.getMessage());
        } catch (IOException e) {
          throw new IllegalArgumentException("cannot keep the card's state in " + file + ": " + e.getMessage());
        }
      });
    }
    if (stateDir != null) {
      register("psam", (spec, name) -> {
        if (!name.matches("[a-z0-9-]{1,32}")) {
          throw new IllegalArgumentException("a PSAM's name is 1 to 32 of a-z, 0-9 and '-', not '" + name + "'");
        }
        java.nio.file.Path file = stateDir.resolve("psam-" + name + ".json");
        try {
          java.nio.file.Files.createDirectories(stateDir);
          cn.unioncard.sim.card.psam.PsamCard psam = cn.unioncard.sim.card.psam.PsamCard.open(file);
          return stateful(spec, file, psam);
        } catch (IOException e) {
          throw new IllegalArgumentException("cannot keep the PSAM's state in " + file + ": " + e.getMessage());
        }
      });
    }
    register("profile-file", (spec, name) -> {
      java.nio.file.Path file = Paths.get(name);
      try {
        return stateful(spec, file, cn.unioncard.sim.card.Profiles.open(file));
      } catch (cn.unioncard.sim.card.ProfileException e) {
        throw new IllegalArgumentException(e.getMessage());
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + name + ": " + e.getMessage());
      }
    });
    register("trace", (spec, name) -> {
      String file = name.endsWith(".trace") ? name : name + ".trace";
      if (!BundledTraces.NAMES.contains(file)) {
        throw new IllegalArgumentException("no bundled trace " + name + "; there are " + BundledTraces.NAMES);
      }
      return replay(spec, BundledTraces.load(file));
    });
    register("trace-file", (spec, name) -> {
      try {
        return replay(spec, ReplayTrace.read(Paths.get(name)));
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + name + ": " + e.getMessage());
      } catch (TraceFormatException e) {
        throw new IllegalArgumentException(e.getMessage());
      }
    });
  }

  private static CardSpec stateful(String spec, java.nio.file.Path file, cn.unioncard.sim.card.FieldCard card) {
    return new CardSpec(spec, "card kept in " + file, card, card.atr(), () -> {
      try {
        return JSON.readTree(cn.unioncard.ports.files.BoundedFile.read(file, cn.unioncard.sim.card.CardFile.MAX_BYTES));
      } catch (IOException e) {
        return null;
      }
    });
  }

  private static CardSpec replay(String spec, ReplayTrace trace) {
    return new CardSpec(spec, "replay of " + trace.source(), new ReplayCard(trace), VpcdCard.CONTACTLESS_ATR, null);
  }

  /** Adds (or replaces) a kind of card. */
  public synchronized CardFactory register(String kind, Opener opener) {
    kinds.put(kind, opener);
    return this;
  }

  /** The kinds it knows, in the order registered. */
  public synchronized java.util.Set<String> kinds() {
    return new java.util.LinkedHashSet<>(kinds.keySet());
  }

  /** @throws IllegalArgumentException with a one-line reason */
  public CardSpec open(String spec) {
    int colon = spec == null ? -1 : spec.indexOf(':');
    if (colon <= 0 || colon == spec.length() - 1) {
      throw new IllegalArgumentException("a card is kind:name (kinds: " + kinds() + "), not '" + spec + "'");
    }
    Opener opener;
    synchronized (this) {
      opener = kinds.get(spec.substring(0, colon));
    }
    if (opener == null) {
      throw new IllegalArgumentException("no kind of card '" + spec.substring(0, colon) + "'; kinds: " + kinds());
    }
    return opener.open(spec, spec.substring(colon + 1));
  }
}
