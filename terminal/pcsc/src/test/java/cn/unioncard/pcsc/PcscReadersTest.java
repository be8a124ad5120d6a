package cn.unioncard.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.agent.card.CardRead;
import cn.unioncard.agent.card.CardSession;
import cn.unioncard.agent.card.TerminalData;
import cn.unioncard.ports.card.ApduTransport;
import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.ports.card.ReaderIoException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.sim.replay.BundledTraces;
import cn.unioncard.sim.replay.ReplayCard;
import cn.unioncard.sim.vpcd.PcscDaemon;
import cn.unioncard.sim.vpcd.VpcdCard;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The adapter against the real pcscd, with the simulator's cards in vsmartcard virtual readers. pcscd is started
 * here, before this JVM first touches PC/SC, and stopped (and restarted) by these tests only.
 *
 * <p>One vpcd reader with its two slots (pcscd can serve only one vpcd reader: see {@link PcscDaemon.Reader}):
 * slot 0, port 35991, is the contactless reader; slot 1, port 35992, the PSAM slot. Clear of the simulator's own
 * VpcdCardTest (35981).
 */
class PcscReadersTest {
  static final PcscDaemon.Reader READER = new PcscDaemon.Reader("UnionCard PcscTest", 35991);
  static final int CONTACTLESS = 0;
  static final int PSAM = 1;
  static final PcscConfig CONFIG = PcscConfig.builder()
      .reader(ReaderRole.CONTACTLESS, "^UnionCard PcscTest 00 00$")
      .reader(ReaderRole.PSAM, "^UnionCard PcscTest 00 01$")
      .pollTimeout(Duration.ofMillis(200))
      .maxBackoff(Duration.ofMillis(500))
      .transmitTimeout(Duration.ofSeconds(5))
      .settleTime(Duration.ofMillis(500))
      .build();
  static final TerminalData TERMINAL = new TerminalData(
      Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneId.of("Asia/Shanghai")), new Random(1), Hex.of("A6000000"));
  static final long EVENT_WAIT_S = 10;

  static PcscDaemon pcscd;

  final Map<ReaderRole, BlockingQueue<ReaderEvent>> events = new EnumMap<>(ReaderRole.class);
  final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeAll
  static void startPcscd() throws Exception {
    String why = PcscDaemon.unavailableReason();
    Assumptions.assumeTrue(why == null, () -> "skipped: " + why);
    pcscd = PcscDaemon.start(Arrays.asList(READER));
  }

  @AfterAll
  static void stopPcscd() {
    if (pcscd != null) {
      pcscd.close();
    }
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  PcscReaders startAdapter() throws Exception {
    for (ReaderRole r : ReaderRole.values()) {
      events.put(r, new LinkedBlockingQueue<>());
    }
    PcscReaders readers = PcscReaders.start(CONFIG, e -> events.get(e.role()).add(e));
    toClose.add(readers);
    expect(ReaderRole.CONTACTLESS, ReaderEvent.Type.READER_FOUND);
    expect(ReaderRole.PSAM, ReaderEvent.Type.READER_FOUND);
    settle();
    return readers;
  }

  /** Waits out the settle time after a reader appeared, so the next card is a tap, not one lying there. */
  static void settle() throws InterruptedException {
    Thread.sleep(CONFIG.settleTime().toMillis() + 100);
  }

  VpcdCard insert(ApduTransport card, int slot) throws Exception {
    VpcdCard c = new VpcdCard(card, VpcdCard.CONTACTLESS_ATR);
    c.insert("127.0.0.1", READER.port(slot));
    toClose.add(c);
    return c;
  }

  ReaderEvent expect(ReaderRole role, ReaderEvent.Type type) throws InterruptedException {
    ReaderEvent e = events.get(role).poll(EVENT_WAIT_S, TimeUnit.SECONDS);
    assertNotNull(e, () -> "no " + type + " event for " + role + " within " + EVENT_WAIT_S + " s");
    assertEquals(type, e.type(), () -> "event for " + role + ": " + e);
    assertEquals(role, e.role());
    return e;
  }

  static void restartPcscd(PcscDaemon.Reader... readers) throws Exception {
    pcscd.close();
    pcscd = PcscDaemon.start(Arrays.asList(readers));
  }

  static ReplayCard replay(String trace) {
    return new ReplayCard(BundledTraces.load(trace));
  }

  static CardRead inProcessRead(String trace) throws Exception {
    return new CardSession(replay(trace), TERMINAL).read();
  }

  static void assertSameRead(CardRead expected, CardRead actual) {
    assertEquals(expected.panMasked(), actual.panMasked());
    assertEquals(expected.cardholderName(), actual.cardholderName());
    assertEquals(expected.selectedAid(), actual.selectedAid());
    assertEquals(expected.expiry(), actual.expiry());
    assertEquals(expected.ecBalanceFen(), actual.ecBalanceFen());
    assertEquals(expected.applications(), actual.applications());
    assertEquals(expected.transit() == null, actual.transit() == null);
    if (expected.transit() != null) {
      assertEquals(expected.transit().balanceFen(), actual.transit().balanceFen());
      assertEquals(expected.transit().cardNumber(), actual.transit().cardNumber());
      assertEquals(expected.transit().purseRecords(), actual.transit().purseRecords());
    }
    assertEquals(expected.apduCount(), actual.apduCount(), "APDUs");
    assertEquals(expected.problems(), actual.problems());
  }

  @Test
  void insertionRemovalAndTheFreshTapRule() throws Exception {
    PcscReaders readers = startAdapter();
    assertEquals("UnionCard PcscTest 00 00", readers.readerName(ReaderRole.CONTACTLESS).orElse(null));
    assertFalse(readers.isCardPresent(ReaderRole.CONTACTLESS));
    assertFalse(readers.takeFreshCard(ReaderRole.CONTACTLESS).isPresent());

    VpcdCard card = insert(replay(BundledTraces.DEBIT_CHINESE_NAME), CONTACTLESS);
    expect(ReaderRole.CONTACTLESS, ReaderEvent.Type.CARD_INSERTED);
    assertTrue(readers.isCardFresh(ReaderRole.CONTACTLESS));
    ApduTransport tap = readers.takeFreshCard(ReaderRole.CONTACTLESS).orElseThrow();
    byte[] ppse = tap.transmit(Hex.of("00A404000E325041592E5359532E444446303100"));
    assertEquals("9000", Hex.encode(Arrays.copyOfRange(ppse, ppse.length - 2, ppse.length)));

    // left on the reader: present, but not fresh, and no second event while it stays
    assertTrue(readers.isCardPresent(ReaderRole.CONTACTLESS));
    assertFalse(readers.isCardFresh(ReaderRole.CONTACTLESS));
    assertFalse(readers.takeFreshCard(ReaderRole.CONTACTLESS).isPresent());
    assertNull(events.get(ReaderRole.CONTACTLESS).poll(1500, TimeUnit.MILLISECONDS), "no event while the card stays");
    assertFalse(readers.awaitFreshCard(ReaderRole.CONTACTLESS, Duration.ofMillis(300)).isPresent());

    card.remove();
    expect(ReaderRole.CONTACTLESS, ReaderEvent.Type.CARD_REMOVED);
    assertFalse(readers.isCardPresent(ReaderRole.CONTACTLESS));
    CardIoException gone = assertThrows(CardIoException.class, () -> tap.transmit(Hex.of("00A4040000")));
    assertTrue(gone.getMessage().contains("left the field"), gone.getMessage());

    // back in the field: a new tap, and the old tap's transport still refuses (it belonged to the first tap)
    card.insert("127.0.0.1", READER.port(CONTACTLESS));
    expect(ReaderRole.CONTACTLESS, ReaderEvent.Type.CARD_INSERTED);
    ApduTransport second = readers.awaitFreshCard(ReaderRole.CONTACTLESS, Duration.ofSeconds(1)).orElseThrow();
    assertThrows(CardIoException.class, () -> tap.transmit(Hex.of("00A4040000")));
    assertEquals("621700*********0122", new CardSession(second, TERMINAL).read().panMasked());
  }

  @Test
  void aCardAlreadyOnTheReaderWhenTheAdapterStartsIsNotATap() throws Exception {
    VpcdCard card = insert(replay(BundledTraces.DEBIT_CHINESE_NAME), CONTACTLESS);
    Thread.sleep(1500); // pcscd has seen it
    for (ReaderRole r : ReaderRole.values()) {
      events.put(r, new LinkedBlockingQueue<>());
    }
    PcscReaders readers = PcscReaders.start(CONFIG, e -> events.get(e.role()).add(e));
    toClose.add(readers);
    expect(ReaderRole.CONTACTLESS, ReaderEvent.Type.READER_FOUND);
    assertNull(events.get(ReaderRole.CONTACTLESS).poll(1000, TimeUnit.MILLISECONDS), "no CARD_INSERTED");
    assertTrue(readers.isCardPresent(ReaderRole.CONTACTLESS));
    assertFalse(readers.isCardFresh(ReaderRole.CONTACTLESS));
    assertFalse(readers.takeFreshCard(ReaderRole.CONTACTLESS).isPresent());

    card.remove();
    expect(ReaderRole.CONTACTLESS, ReaderEvent.Type.CARD_REMOVED);
    card.insert("127.0.0.1", READER.port(CONTACTLESS));
    expect(ReaderRole.CONTACTLESS, ReaderEvent.Type.CARD_INSERTED);
    assertTrue(readers.takeFreshCard(ReaderRole.CONTACTLESS).isPresent());
  }

  @Test
  void theTraceLogsEachCommandWithItsTimeAndThePanMaskedAlsoWhenTheCardChainsItsResponses() throws Exception {
    ch.qos.logback.classic.Logger apdu =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("cn.unioncard.apdu");
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> log =
        new ch.qos.logback.core.read.ListAppender<>();
    log.start();
    apdu.addAppender(log);
    apdu.setLevel(ch.qos.logback.classic.Level.DEBUG);
    try {
      PcscReaders readers = startAdapter();
      insert(new ChainingCard(replay(BundledTraces.DEBIT_CHINESE_NAME)), CONTACTLESS);
      ApduTransport tap = readers.awaitFreshCard(ReaderRole.CONTACTLESS, Duration.ofSeconds(EVENT_WAIT_S)).orElseThrow();
      assertEquals("621700*********0122", new CardSession(tap, TERMINAL).read().panMasked());
    } finally {
      apdu.detachAppender(log);
      apdu.setLevel(null);
    }
    List<String> wire = new ArrayList<>();
    for (ch.qos.logback.classic.spi.ILoggingEvent e : log.list) {
      String line = e.getFormattedMessage();
      assertFalse(java.util.regex.Pattern.compile("621700\\d{9}0122").matcher(line).find(), "PAN in clear: " + line);
      if (line.startsWith("pcsc contactless > ")) {
        wire.add(line);
      }
    }
    // each command with its whole response (the card's 61xx parts joined) and its time in microseconds
    assertEquals(6, wire.size(), wire.toString());
    assertTrue(wire.stream().noneMatch(l -> l.startsWith("pcsc contactless > 00C00000")), wire.toString());
    assertTrue(wire.stream().allMatch(l -> l.matches(".* < .* \\(\\d+ us\\)")), wire.toString());
    assertTrue(wire.stream().anyMatch(l -> l.contains("621700*********0122")), "the PAN, masked: " + wire);
  }

  @Test
  void thePsamSlotIsReadWhateverCardIsInIt() throws Exception {
    PcscReaders readers = startAdapter();
    ApduTransport psam = readers.card(ReaderRole.PSAM);
    assertThrows(CardIoException.class, () -> psam.transmit(Hex.of("00B0960006")), "no PSAM yet");
    insert(command -> Hex.of("0000123456789000"), PSAM); // READ BINARY of the PSAM's terminal number file
    expect(ReaderRole.PSAM, ReaderEvent.Type.CARD_INSERTED);
    assertEquals("0000123456789000", Hex.encode(psam.transmit(Hex.of("00B0960006"))));
    assertEquals("0000123456789000", Hex.encode(psam.transmit(Hex.of("00B0960006"))), "again: no fresh-tap rule");
    assertFalse(readers.isCardPresent(ReaderRole.CONTACTLESS), "the PSAM is not taken for a contactless card");
  }

  @ParameterizedTest
  @ValueSource(strings = {BundledTraces.DEBIT_CHINESE_NAME, BundledTraces.DEBIT_AND_TRANSIT, BundledTraces.FOREIGN_VISA})
  void aWholeReadThroughPcscdIsTheInProcessRead(String trace) throws Exception {
    PcscReaders readers = startAdapter();
    insert(replay(trace), CONTACTLESS);
    ApduTransport tap = readers.awaitFreshCard(ReaderRole.CONTACTLESS, Duration.ofSeconds(EVENT_WAIT_S)).orElseThrow();
    assertSameRead(inProcessRead(trace), new CardSession(tap, TERMINAL).read());
  }

  /**
   * A T=0-style card: READ RECORD with Le 00 gets {@code 6Cxx} (the length to ask for), and a response with more
   * than 16 data bytes comes back 16 bytes at a time through {@code 61xx} and GET RESPONSE.
   */
  static final class ChainingCard implements ApduTransport {
    /** Data bytes per part: a long record takes up to 8 GET RESPONSE rounds (jnasmartcardio alone fails at 8). */
    static final int CHUNK = 16;
    final ApduTransport card;
    final AtomicInteger getResponses = new AtomicInteger();
    final List<String> getResponseClasses = new ArrayList<>();
    final AtomicInteger wrongLe = new AtomicInteger();
    byte[] pending = new byte[0];
    byte[] pendingSw;

    ChainingCard(ApduTransport card) {
      this.card = card;
    }

    @Override
    public byte[] transmit(byte[] c) throws CardIoException, ReaderIoException {
      int ins = c[1] & 0xFF;
      if (ins == 0xC0) {
        getResponses.incrementAndGet();
        getResponseClasses.add(Hex.encode(Arrays.copyOf(c, 1)));
        return chunk();
      }
      byte[] r = card.transmit(c);
      if (ins == 0xB2 && c.length == 5 && c[4] == 0 && r.length > 2) {
        wrongLe.incrementAndGet();
        return new byte[] {0x6C, (byte) (r.length - 2)};
      }
      if (r.length - 2 <= CHUNK) {
        return r;
      }
      pending = Arrays.copyOfRange(r, 0, r.length - 2);
      pendingSw = Arrays.copyOfRange(r, r.length - 2, r.length);
      return chunk();
    }

    private byte[] chunk() {
      int n = Math.min(CHUNK, pending.length);
      byte[] out = Arrays.copyOf(pending, n + 2);
      pending = Arrays.copyOfRange(pending, n, pending.length);
      if (pending.length == 0) {
        out[n] = pendingSw[0];
        out[n + 1] = pendingSw[1];
      } else {
        out[n] = 0x61;
        out[n + 1] = (byte) Math.min(pending.length, 0xFF);
      }
      return out;
    }
  }

  @Test
  void aCardAnswering61xxAnd6CxxIsReadAsTheSameCard() throws Exception {
    PcscReaders readers = startAdapter();
    ChainingCard chaining = new ChainingCard(replay(BundledTraces.DEBIT_AND_TRANSIT));
    insert(chaining, CONTACTLESS);
    ApduTransport tap = readers.awaitFreshCard(ReaderRole.CONTACTLESS, Duration.ofSeconds(EVENT_WAIT_S)).orElseThrow();
    CardRead read = new CardSession(tap, TERMINAL).read();
    // the adapter answers 61xx and 6Cxx below the session: it sees one exchange per command, as in process
    assertSameRead(inProcessRead(BundledTraces.DEBIT_AND_TRANSIT), read);
    assertTrue(chaining.getResponses.get() > 20, "the card sent its long responses in parts: " + chaining.getResponses);
    assertTrue(chaining.wrongLe.get() > 0, "the card asked for the right Le");
    // GET RESPONSE has CLA 00 (EMV Book 1 9.3.1.3), also after the GPO (CLA 80)
    assertEquals(List.of("00"), chaining.getResponseClasses.stream().distinct().collect(java.util.stream.Collectors.toList()));
  }

  @Test
  void aCardTornMidCommandIsACardFailureAndTheNextCardWorks() throws Exception {
    PcscReaders readers = startAdapter();
    ReplayCard real = replay(BundledTraces.DEBIT_CHINESE_NAME);
    AtomicInteger n = new AtomicInteger();
    ApduTransport tearing = command -> {
      if (n.incrementAndGet() == 3) {
        throw new CardIoException("the card leaves the field during the GPO"); // VpcdCard drops the connection
      }
      return real.transmit(command);
    };
    insert(tearing, CONTACTLESS);
    ApduTransport tap = readers.awaitFreshCard(ReaderRole.CONTACTLESS, Duration.ofSeconds(EVENT_WAIT_S)).orElseThrow();
    expect(ReaderRole.CONTACTLESS, ReaderEvent.Type.CARD_INSERTED);
    CardIoException torn = assertThrows(CardIoException.class, () -> new CardSession(tap, TERMINAL).read());
    assertTrue(torn.getMessage().startsWith("contactless reader"), torn.getMessage());
    assertThrows(CardIoException.class, () -> tap.transmit(Hex.of("00A4040000")), "the torn tap is over");
    expect(ReaderRole.CONTACTLESS, ReaderEvent.Type.CARD_REMOVED);

    insert(replay(BundledTraces.DEBIT_CHINESE_NAME), CONTACTLESS);
    expect(ReaderRole.CONTACTLESS, ReaderEvent.Type.CARD_INSERTED);
    ApduTransport next = readers.takeFreshCard(ReaderRole.CONTACTLESS).orElseThrow();
    assertSameRead(inProcessRead(BundledTraces.DEBIT_CHINESE_NAME), new CardSession(next, TERMINAL).read());
  }

  @Test
  void aReaderUnpluggedAndPluggedBackIsUsedAgain() throws Exception {
    PcscReaders readers = startAdapter();
    insert(replay(BundledTraces.DEBIT_CHINESE_NAME), CONTACTLESS);
    ApduTransport tap = readers.awaitFreshCard(ReaderRole.CONTACTLESS, Duration.ofSeconds(EVENT_WAIT_S)).orElseThrow();
    expect(ReaderRole.CONTACTLESS, ReaderEvent.Type.CARD_INSERTED);
    tap.transmit(Hex.of("00A404000E325041592E5359532E444446303100"));

    // the reader is unplugged: pcscd comes back with no reader at all (SCARD_E_NO_READERS_AVAILABLE)
    restartPcscd();
    expect(ReaderRole.CONTACTLESS, ReaderEvent.Type.CARD_REMOVED);
    expect(ReaderRole.CONTACTLESS, ReaderEvent.Type.READER_LOST);
    expect(ReaderRole.PSAM, ReaderEvent.Type.READER_LOST);
    assertFalse(readers.readerName(ReaderRole.CONTACTLESS).isPresent());
    assertThrows(ReaderIoException.class, () -> tap.transmit(Hex.of("00A4040000")));
    assertThrows(ReaderIoException.class, () -> readers.card(ReaderRole.CONTACTLESS).transmit(Hex.of("00A4040000")));

    // plugged back
    restartPcscd(READER);
    expect(ReaderRole.CONTACTLESS, ReaderEvent.Type.READER_BACK);
    expect(ReaderRole.PSAM, ReaderEvent.Type.READER_BACK);
    settle();
    insert(replay(BundledTraces.DEBIT_AND_TRANSIT), CONTACTLESS);
    expect(ReaderRole.CONTACTLESS, ReaderEvent.Type.CARD_INSERTED);
    ApduTransport again = readers.takeFreshCard(ReaderRole.CONTACTLESS).orElseThrow();
    assertSameRead(inProcessRead(BundledTraces.DEBIT_AND_TRANSIT), new CardSession(again, TERMINAL).read());
  }

  @Test
  void pcscdStoppedMidSessionIsAReaderFailureAndARestartIsRecovered() throws Exception {
    PcscReaders readers = startAdapter();
    insert(replay(BundledTraces.DEBIT_CHINESE_NAME), CONTACTLESS);
    ApduTransport tap = readers.awaitFreshCard(ReaderRole.CONTACTLESS, Duration.ofSeconds(EVENT_WAIT_S)).orElseThrow();
    expect(ReaderRole.CONTACTLESS, ReaderEvent.Type.CARD_INSERTED);
    tap.transmit(Hex.of("00A404000E325041592E5359532E444446303100"));

    pcscd.close();
    ReaderIoException down = assertThrows(ReaderIoException.class, () -> tap.transmit(Hex.of("00A4040000")));
    expect(ReaderRole.CONTACTLESS, ReaderEvent.Type.CARD_REMOVED);
    expect(ReaderRole.CONTACTLESS, ReaderEvent.Type.READER_LOST);
    expect(ReaderRole.PSAM, ReaderEvent.Type.READER_LOST);
    assertNotNull(down.getMessage());
    Thread.sleep(1000); // the adapter keeps trying while pcscd is away

    pcscd = PcscDaemon.start(Arrays.asList(READER));
    expect(ReaderRole.CONTACTLESS, ReaderEvent.Type.READER_BACK);
    expect(ReaderRole.PSAM, ReaderEvent.Type.READER_BACK);
    settle();
    insert(replay(BundledTraces.DEBIT_AND_TRANSIT), CONTACTLESS);
    ApduTransport again = readers.awaitFreshCard(ReaderRole.CONTACTLESS, Duration.ofSeconds(EVENT_WAIT_S)).orElseThrow();
    assertSameRead(inProcessRead(BundledTraces.DEBIT_AND_TRANSIT), new CardSession(again, TERMINAL).read());
  }
}
