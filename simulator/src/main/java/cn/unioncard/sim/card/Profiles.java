package cn.unioncard.sim.card;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The bundled card profiles ({@code cn/unioncard/sim/profiles/NAME.json}), by name, and a user's own profile
 * files. A user copies a bundled profile ({@link #copy}) and edits it; the copy then serves as the card's state
 * file ({@link SimulatedCard#open}).
 */
public final class Profiles {
  /** Every bundled profile, in the order docs/card-profile.md lists them. */
  public static final List<String> NAMES = Collections.unmodifiableList(Arrays.asList(
      "ordinary-member",
      "model-worker",
      "migrant-worker",
      "in-hardship",
      "non-member-unionpay",
      "foreign-visa",
      "expired",
      "hotlisted",
      "blocked-transit",
      "empty-purse",
      "low-ecash",
      "chaining-61xx",
      "slow-card",
      "tearing-card"));

  private static final String DIR = "/cn/unioncard/sim/profiles/";

  private Profiles() {}

  /** The bundled profile's document, as shipped. */
  public static byte[] bytes(String name) throws ProfileException {
    if (!NAMES.contains(name)) {
      throw new ProfileException(null, "no bundled profile named '" + name + "'; there are " + NAMES);
    }
    try (InputStream in = Profiles.class.getResourceAsStream(DIR + name + ".json")) {
      if (in == null) {
        throw new IllegalStateException("bundled profile missing from the jar: " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read a bundled profile: " + name, e);
    }
  }

  /** A bundled profile, with the registered plug-in sections. */
  public static CardProfile load(String name) throws ProfileException {
    return CardFile.parse(name + ".json", bytes(name));
  }

  /** A user's profile or state file. */
  public static CardProfile loadFile(Path file) throws ProfileException, IOException {
    return CardFile.load(file);
  }

  /** Writes a bundled profile to {@code target} (atomically), to edit or to use as a card's state file. */
  public static void copy(String name, Path target) throws ProfileException, IOException {
    CardFile.write(target, bytes(name));
  }

  /**
   * A bundled card with its behaviours applied, its state kept in {@code stateFile}: the file is made from the
   * bundled profile when it does not exist, and used as it is (the card's state from an earlier run) when it does.
   */
  public static FieldCard card(String name, Path stateFile) throws ProfileException, IOException {
    if (!Files.exists(stateFile)) {
      copy(name, stateFile);
    }
    return open(stateFile);
  }

  /** The card whose state file is {@code stateFile}, with the behaviours its profile asks for. */
  public static FieldCard open(Path stateFile) throws ProfileException, IOException {
    SimulatedCard card = SimulatedCard.open(stateFile);
    return card.profile().behaviour().wrap(card);
  }
}
