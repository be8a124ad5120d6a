package cn.unioncard.sim.card.psam;

import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.apdu.ResponseApdu;
import cn.unioncard.sim.card.FieldCard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * A PSAM in its slot: one application, which also answers at the master file (terminals read the terminal number,
 * file 0016, before they select the application). Its state (the terminal transaction serial above all) is saved
 * to its file after every command that changed it, so serials never repeat across runs.
 */
public final class PsamCard implements FieldCard {
  /** The ATR of a contact PSAM (T=0 style, as SIM-sized SAMs report it). */
  public static final byte[] ATR = Hex.of("3B6900000000000000000000");

  private final PsamState state;
  private final PsamApplication application;
  private final Path file;
  private boolean inField = true;

  private PsamCard(PsamState state, Path file) {
    this.state = state;
    this.file = file;
    this.application = PsamApplications.application(state, this::save);
  }

  /**
   * The PSAM whose state is in {@code file}, made from the bundled {@code default.json} when it does not exist.
   * The file is read with the bound of a card's document ({@link cn.unioncard.sim.card.CardFile#MAX_BYTES}).
   *
   * @throws IllegalArgumentException when the file is not a PSAM state (one line naming the field)
   */
  public static PsamCard open(Path file) throws IOException {
    PsamState s;
    if (Files.exists(file)) {
      String json = new String(
          cn.unioncard.ports.files.BoundedFile.read(file, cn.unioncard.sim.card.CardFile.MAX_BYTES),
          StandardCharsets.UTF_8);
      s = PsamState.fromJson(json.startsWith("\uFEFF") ? json.substring(1) : json); // a byte order mark skipped
    } else {
      s = PsamState.bundled("default.json");
    }
    PsamCard card = new PsamCard(s, file);
    if (!Files.exists(file)) {
      card.save();
    }
    return card;
  }

  @Override
  public synchronized byte[] transmit(byte[] command) throws CardIoException {
    if (!inField) {
      throw new CardIoException("the PSAM is not in its slot");
    }
    CommandApdu c;
    try {
      c = CommandApdu.parse(command);
    } catch (DecodeException e) {
      return ResponseApdu.of(0x6700).encode();
    }
    if (c.cla() == 0x00 && c.ins() == 0xA4 && c.p1() == 0x04) {
      return Arrays.equals(c.data(), application.aid())
          ? application.select().encode()
          : ResponseApdu.of(0x6A82).encode();
    }
    try {
      return application.process(c).encode();
    } catch (UncheckedIOException e) {
      return ResponseApdu.of(0x6581).encode(); // memory failure (ISO 7816-4): the state could not be written
    }
  }

  private void save() {
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(tmp, state.toJson().getBytes(StandardCharsets.UTF_8));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the PSAM's state to " + file, e);
    }
  }

  @Override
  public byte[] atr() {
    return ATR.clone();
  }

  @Override
  public synchronized void leaveField() {
    inField = false;
    application.deselect();
  }

  @Override
  public synchronized void enterField() {
    inField = true;
  }

  @Override
  public synchronized boolean inField() {
    return inField;
  }
}
