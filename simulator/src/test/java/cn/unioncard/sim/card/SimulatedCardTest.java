package cn.unioncard.sim.card;

import static cn.unioncard.sim.testing.Apdus.SELECT_DEBIT;
import static cn.unioncard.sim.testing.Apdus.SELECT_PPSE;
import static cn.unioncard.sim.testing.Apdus.SELECT_PSE;
import static cn.unioncard.sim.testing.Apdus.ok;
import static cn.unioncard.sim.testing.Apdus.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.apdu.ResponseApdu;
import cn.unioncard.protocol.emv.Directory;
import cn.unioncard.protocol.emv.DirectoryEntry;
import cn.unioncard.protocol.emv.Fci;
import cn.unioncard.sim.testing.Apdus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SimulatedCardTest {
  @TempDir Path dir;

  /** A card with the debit application and two test applications sharing the UnionPay RID, for partial selection. */
  private SimulatedCard threeApplications() throws Exception {
    return SimulatedCard.builder()
        .profile(Profiles.load("non-member-unionpay"))
        .application(ListedApplication.contactless(new SimulatedCardTestEcho("A00000033301010299"), "ECHO ONE", 2))
        .application(new SimulatedCardTestEcho("A0000003330101029A"))
        .build();
  }

  @Test
  void ppseListsTheApplicationsWithPriorities() throws Exception {
    SimulatedCard card = threeApplications();
    Fci fci = Fci.decode(ok(card, SELECT_PPSE).data());
    List<DirectoryEntry> entries = Directory.fromPpse(fci).entries();
    assertEquals(2, entries.size());
    assertEquals("A000000333010101", Hex.encode(entries.get(0).name()));
    assertEquals("PBOC DEBIT", entries.get(0).label());
    assertEquals(1, entries.get(0).priority().priority());
    assertEquals("A00000033301010299", Hex.encode(entries.get(1).name()));
    assertEquals(2, entries.get(1).priority().priority());
  }

  @Test
  void pseNamesItsDirectoryFileAndReadRecordReadsIt() throws Exception {
    SimulatedCard card = threeApplications();
    Fci fci = Fci.decode(ok(card, SELECT_PSE).data());
    assertEquals(1, fci.directorySfi());
    List<byte[]> records = new ArrayList<>();
    records.add(ok(card, "00B2010C00").data());
    assertEquals(0x6A83, send(card, "00B2020C00").sw());
    assertEquals(0x6A82, send(card, "00B2011400").sw());
    List<DirectoryEntry> entries = Directory.fromRecords(records).entries();
    assertEquals(1, entries.size(), "the contactless-only application is not in the PSE");
    assertEquals("A000000333010101", Hex.encode(entries.get(0).name()));
  }

  @Test
  void partialSelectionWalksTheMatchingApplications() throws Exception {
    SimulatedCard card = threeApplications();
    String partial = "A000000333010102";
    assertEquals("A00000033301010299", dfName(ok(card, "00A4040008" + partial + "00")));
    assertEquals("A0000003330101029A", dfName(ok(card, "00A4040208" + partial + "00")));
    assertEquals(0x6A82, send(card, "00A4040208" + partial + "00").sw());
    // the RID alone matches all three, the debit application first
    assertEquals("A000000333010101", dfName(ok(card, "00A4040005A00000033300")));
    assertEquals("A00000033301010299", dfName(ok(card, "00A4040205A00000033300")));
  }

  @Test
  void statusWordsForBadCommands() throws Exception {
    SimulatedCard card = threeApplications();
    assertEquals(0x6985, send(card, "80A8000002830000").sw(), "GPO with nothing selected");
    assertEquals(0x6985, send(card, "00B2010C00").sw(), "READ RECORD with nothing selected");
    assertEquals(0x6D00, send(card, "00EE000000").sw(), "unknown instruction, nothing selected");
    assertEquals(0x6E00, send(card, "FFA4040000").sw(), "class FF");
    assertEquals(0x6E00, send(card, "40A4040008A00000033301010100").sw());
    assertEquals(0x6A82, send(card, "00A4040008A00000033301019900").sw(), "no such application");
    assertEquals(0x6A86, send(card, "00A4040408A00000033301010100").sw(), "SELECT P2 04");
    assertEquals(0x6700, send(card, "00A40400").sw(), "SELECT without a name");
    assertEquals(0x6700, send(card, "00A40400FF").sw(), "Lc without data");
    assertEquals(0x6700, send(card, "00").sw(), "not an APDU");
    assertEquals(0x6700, send(card, "").sw(), "empty");
    ok(card, SELECT_DEBIT);
    assertEquals(0x6D00, send(card, "80EE000000").sw(), "unknown instruction in the debit application");
    assertEquals(0x6E00, send(card, "00A8000002830000").sw(), "GPO in class 00");
    assertEquals(0x6A86, send(card, "80A8010002830000").sw(), "GPO with P1 01");
    assertEquals(0x6985, send(card, "00C0000010").sw(), "GET RESPONSE with nothing waiting");
  }

  @Test
  void leavingTheFieldDeselectsAndStopsAnswering() throws Exception {
    SimulatedCard card = threeApplications();
    ok(card, SELECT_DEBIT);
    card.leaveField();
    assertFalse(card.inField());
    assertThrows(CardIoException.class, () -> card.transmit(Hex.of("00B2010C00")));
    card.enterField();
    assertEquals(0x6985, send(card, "80CA9F7900").sw(), "nothing selected after a new tap");
  }

  @Test
  void theAtrIsTheProfiles() throws Exception {
    assertArrayEquals(Hex.of(CardProfile.DEFAULT_ATR), threeApplications().atr());
  }

  /** Random APDUs, valid and not, to a card in every state: always a 2-byte status word, never an exception. */
  @ParameterizedTest
  @MethodSource("seeds")
  void randomApdusAlwaysGetAStatusWord(long seed) throws Exception {
    Random rnd = new Random(seed);
    SimulatedCard card = Apdus.card("ordinary-member", dir);
    String[] starts = {SELECT_PPSE, SELECT_PSE, SELECT_DEBIT, Apdus.gpo(Apdus.TTQ_CONTACT, 100, Apdus.DATE)};
    for (int i = 0; i < 60; i++) {
      byte[] apdu;
      int kind = rnd.nextInt(4);
      if (kind == 0) {
        apdu = Hex.of(starts[rnd.nextInt(starts.length)]);
      } else if (kind == 1) {
        apdu = new byte[rnd.nextInt(12)];
        rnd.nextBytes(apdu);
      } else {
        int[] classes = {0x00, 0x80, 0x84, 0x04, 0xFF, rnd.nextInt(256)};
        int[] ins = {0xA4, 0xB2, 0xA8, 0xAE, 0xCA, 0x82, 0xC0, 0xB0, rnd.nextInt(256)};
        byte[] data = new byte[rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(60)];
        rnd.nextBytes(data);
        apdu = new CommandApdu(classes[rnd.nextInt(classes.length)], ins[rnd.nextInt(ins.length)],
            rnd.nextInt(256), rnd.nextInt(256), data, rnd.nextInt(3) == 0 ? 0 : 1 + rnd.nextInt(256)).encode();
      }
      byte[] r = card.transmit(apdu);
      if (r.length < 2) {
        fail("seed " + seed + ": no status word for " + Hex.encode(apdu));
      }
      int sw = ResponseApdu.parse(r).sw();
      assertTrue(sw != 0x6F00, "seed " + seed + ": the card failed inside on " + Hex.encode(apdu));
    }
    // and its state file still loads
    CardFile.load(dir.resolve("ordinary-member.json"));
  }

  static java.util.stream.LongStream seeds() {
    return java.util.stream.LongStream.range(0, 50).map(i -> 0xCA4D_0000L + i * 7919);
  }

  private static String dfName(ResponseApdu r) throws Exception {
    return Hex.encode(Fci.decode(r.data()).dfName());
  }
}
