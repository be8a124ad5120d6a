package cn.unioncard.sim.card;

import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.apdu.ResponseApdu;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A multi-application card: selects its applications by DF name (exact, or partial with P2 {@code 00} first and
 * {@code 02} next occurrence, EMV Book 1 12.3.3 and ISO/IEC 7816-4 7.1.1), answers from its payment system
 * directories (PPSE and PSE, built from the applications it carries), and hands every other command to the
 * selected application. Never throws for a command: an unparsable APDU gets {@code 6700}, a class the card does
 * not use {@code 6E00}, an instruction it does not know {@code 6D00}, a command that needs an application when
 * none is selected {@code 6985} (ISO/IEC 7816-4 table 6, "conditions of use not satisfied").
 *
 * <p>When it has a state file, the card saves its whole document there (atomically, {@link CardFile#save}) after
 * every command that changed it, before it answers; so an answer the terminal got is always on disk.
 */
public final class SimulatedCard implements FieldCard {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatedCard.class);

  /** Instructions some application of a card of this kind defines: with nothing selected they get 6985. */
  private static final int[] KNOWN_INS = {
    0xB0, 0xB2, 0xA8, 0xAE, 0xCA, 0x82, 0x84, 0x88, 0x20, 0x24, 0x50, 0x52, 0x54, 0x5A, 0x5C, 0x1E, 0x18, 0xD6,
    0xDC, 0xE2, 0x70
  };

  private final byte[] atr;
  private final List<CardApplication> applications;
  private final CardProfile profile;
  private final Path stateFile;
  private byte[] saved;
  private CardApplication current;
  private boolean inField = true;

  private SimulatedCard(Builder b) throws IOException {
    this.atr = b.atr;
    this.profile = b.profile;
    this.stateFile = b.stateFile;
    List<CardApplication> apps = new ArrayList<>();
    if (b.listed.stream().anyMatch(ListedApplication::inPpse)) {
      apps.add(DirectoryApplication.ppse(b.listed));
    }
    if (b.listed.stream().anyMatch(ListedApplication::inPse)) {
      apps.add(DirectoryApplication.pse(b.listed));
    }
    for (ListedApplication l : b.listed) {
      apps.add(l.application());
    }
    this.applications = Collections.unmodifiableList(apps);
    if (stateFile != null) {
      if (profile == null) {
        throw new IllegalStateException("a state file needs a profile");
      }
      // the document as it stands; a file that holds it (in whatever layout a user gave it) is left alone
      saved = CardFile.encode(profile);
      if (!Files.exists(stateFile)) {
        CardFile.write(stateFile, saved);
      }
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The card a profile describes, without a state file (its state lives in memory only). */
  public static SimulatedCard of(CardProfile profile) {
    try {
      return builder().profile(profile).build();
    } catch (IOException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /** The card whose state file is {@code file}: loaded from it and saved back to it as it runs. */
  public static SimulatedCard open(Path file) throws ProfileException, IOException {
    return builder().profile(CardFile.load(file)).stateFile(file).build();
  }

  /** Builds a card: the applications of a profile and any added one, in the order added. */
  public static final class Builder {
    private byte[] atr = Hex.of(CardProfile.DEFAULT_ATR);
    private final List<ListedApplication> listed = new ArrayList<>();
    private CardProfile profile;
    private Path stateFile;

    private Builder() {}

    public Builder atr(byte[] value) {
      this.atr = value.clone();
      return this;
    }

    /** Adds an application selectable by its AID and listed in no directory. */
    public Builder application(CardApplication app) {
      listed.add(ListedApplication.unlisted(app));
      return this;
    }

    /** Adds an application with its directory listing. */
    public Builder application(ListedApplication app) {
      listed.add(app);
      return this;
    }

    /**
     * The applications of a profile: debit (with the member data), the foreign ones, then those of the plug-in
     * sections its factories made; and its ATR.
     */
    public Builder profile(CardProfile p) {
      this.profile = p;
      this.atr = p.atr();
      if (p.debit != null) {
        listed.add(ListedApplication.listed(new DebitApplication(p.debit, p.member), p.debit.label, p.debit.priority));
      }
      for (ForeignApplication f : p.foreign) {
        listed.add(ListedApplication.listed(f, f.label(), f.priority()));
      }
      for (CardSection s : p.sections.values()) {
        listed.addAll(s.applications());
      }
      return this;
    }

    /** Saves the profile's document to {@code file} after every command that changes it. */
    public Builder stateFile(Path file) {
      this.stateFile = file;
      return this;
    }

    /** @throws IOException when the state file cannot be written */
    public SimulatedCard build() throws IOException {
      return new SimulatedCard(this);
    }
  }

  /** The profile this card runs, or null when built from applications alone. */
  public CardProfile profile() {
    return profile;
  }

  /** The state file, or null. */
  public Path stateFile() {
    return stateFile;
  }

  @Override
  public byte[] atr() {
    return atr.clone();
  }

  @Override
  public synchronized byte[] transmit(byte[] command) throws CardIoException {
    if (!inField) {
      throw new CardIoException("the card is not in the field");
    }
    ResponseApdu r;
    try {
      r = execute(command == null ? new byte[0] : command);
    } catch (RuntimeException e) {
      LOG.warn("simulated card failed on a command; answering 6F00", e);
      r = ResponseApdu.of(0x6F00);
    }
    persist();
    return r.encode();
  }

  @Override
  public synchronized void leaveField() {
    deselect();
    inField = false;
  }

  @Override
  public synchronized void enterField() {
    deselect();
    inField = true;
  }

  @Override
  public synchronized boolean inField() {
    return inField;
  }

  private void deselect() {
    if (current != null) {
      current.deselect();
      current = null;
    }
  }

  private void persist() throws CardIoException {
    if (stateFile == null) {
      return;
    }
    byte[] now = CardFile.encode(profile);
    if (Arrays.equals(now, saved)) {
      return;
    }
    try {
      CardFile.write(stateFile, now);
      saved = now;
    } catch (IOException e) {
      throw new CardIoException("the simulated card cannot save its state file: " + e.getMessage(), e);
    }
  }

  private ResponseApdu execute(byte[] bytes) {
    CommandApdu c;
    try {
      c = CommandApdu.parse(bytes);
    } catch (DecodeException e) {
      return ResponseApdu.of(0x6700);
    }
    int cla = c.cla();
    if (cla != 0x00 && cla != 0x04 && cla != 0x80 && cla != 0x84) {
      return ResponseApdu.of(0x6E00);
    }
    if (c.ins() == 0xA4 && c.p1() == 0x04) {
      return cla == 0x00 ? select(c) : ResponseApdu.of(0x6E00);
    }
    if (c.ins() == 0xC0) {
      return ResponseApdu.of(0x6985); // GET RESPONSE with no response data waiting
    }
    if (current == null) {
      if (c.ins() == 0xA4) {
        return ResponseApdu.of(0x6A86);
      }
      for (int ins : KNOWN_INS) {
        if (ins == c.ins()) {
          return ResponseApdu.of(0x6985);
        }
      }
      return ResponseApdu.of(0x6D00);
    }
    ResponseApdu r = current.process(c);
    return r == null ? ResponseApdu.of(0x6F00) : r;
  }

  private ResponseApdu select(CommandApdu c) {
    if (c.p2() != 0x00 && c.p2() != 0x02) {
      return ResponseApdu.of(0x6A86);
    }
    byte[] name = c.data();
    if (name.length == 0 || name.length > 16) {
      return ResponseApdu.of(0x6700);
    }
    List<CardApplication> matches = new ArrayList<>();
    for (CardApplication a : applications) {
      if (Arrays.equals(a.aid(), name)) {
        matches.add(0, a);
      } else if (name.length >= 5 && startsWith(a.aid(), name)) {
        matches.add(a);
      }
    }
    CardApplication pick = null;
    if (c.p2() == 0x00) {
      pick = matches.isEmpty() ? null : matches.get(0);
    } else {
      int at = matches.indexOf(current);
      if (at < 0) {
        pick = matches.isEmpty() ? null : matches.get(0);
      } else if (at + 1 < matches.size()) {
        pick = matches.get(at + 1);
      }
    }
    if (pick == null) {
      return ResponseApdu.of(0x6A82);
    }
    deselect();
    ResponseApdu r = pick.select();
    if (r != null && (r.sw() == 0x9000 || r.sw1() == 0x62 || r.sw1() == 0x63)) {
      current = pick;
    }
    return r == null ? ResponseApdu.of(0x6F00) : r;
  }

  private static boolean startsWith(byte[] aid, byte[] prefix) {
    return aid.length > prefix.length && Arrays.equals(Arrays.copyOf(aid, prefix.length), prefix);
  }
}
