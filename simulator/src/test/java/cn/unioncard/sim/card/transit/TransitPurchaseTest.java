package cn.unioncard.sim.card.transit;

import static cn.unioncard.sim.card.transit.Wire.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.apdu.ResponseApdu;
import cn.unioncard.protocol.crypto.ElectronicPurseCrypto;
import cn.unioncard.protocol.purse.CappRecord;
import cn.unioncard.protocol.purse.CreditSamForPurchase;
import cn.unioncard.protocol.purse.DebitForPurchase;
import cn.unioncard.protocol.purse.DebitForPurchaseResponse;
import cn.unioncard.protocol.purse.GetBalance;
import cn.unioncard.protocol.purse.GetBalanceResponse;
import cn.unioncard.protocol.purse.GetTransactionProve;
import cn.unioncard.protocol.purse.GetTransactionProveResponse;
import cn.unioncard.protocol.purse.InitSamForPurchase;
import cn.unioncard.protocol.purse.InitSamForPurchaseResponse;
import cn.unioncard.protocol.purse.InitializeForPurchase;
import cn.unioncard.protocol.purse.InitializeForPurchaseResponse;
import cn.unioncard.protocol.purse.PsamApplicationInfo;
import cn.unioncard.protocol.purse.PsamTerminalInfo;
import cn.unioncard.protocol.purse.PublicInfo;
import cn.unioncard.protocol.purse.PurseRecord;
import cn.unioncard.protocol.purse.PurseStatus;
import cn.unioncard.protocol.purse.PurseTransactionType;
import cn.unioncard.protocol.purse.TripRecord;
import cn.unioncard.protocol.purse.UpdateCappDataCache;
import cn.unioncard.sim.card.CardApplication;
import cn.unioncard.sim.card.psam.PsamApplications;
import cn.unioncard.sim.card.psam.PsamState;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A purchase run the terminal's way, with the protocol codecs, against the simulated card and PSAM. */
class TransitPurchaseTest {
  static final LocalDateTime NOW = LocalDateTime.of(2026, 11, 23, 8, 30, 15);

  TransitState card;
  PsamState psamState;
  CardApplication ep;
  CardApplication cash;
  CardApplication psam;
  AtomicInteger cardSaves = new AtomicInteger();
  AtomicInteger psamSaves = new AtomicInteger();

  @BeforeEach
  void setUp() {
    card = TransitState.bundled("ordinary.json");
    psamState = PsamState.bundled("default.json");
    List<CardApplication> apps = TransitApplications.of(card, cardSaves::incrementAndGet, new Random(42));
    ep = apps.get(0);
    cash = apps.get(1);
    psam = PsamApplications.of(psamState, psamSaves::incrementAndGet).get(0);
  }

  /** What a terminal knows after reading the PSAM and the card. */
  record Setup(PsamTerminalInfo terminal, PsamApplicationInfo psamInfo, PublicInfo cardInfo) {}

  Setup prepare() throws DecodeException {
    assertEquals(0x9000, Wire.select(psam).sw());
    PsamTerminalInfo terminal = PsamTerminalInfo.decode(ok(send(psam, PsamTerminalInfo.readCommand())));
    PsamApplicationInfo info = PsamApplicationInfo.decode(ok(send(psam, PsamApplicationInfo.readCommand())));
    ResponseApdu fci = Wire.select(ep);
    assertEquals(0x9000, fci.sw());
    PublicInfo fromFci = PublicInfo.fromFci(fci.data());
    PublicInfo read = PublicInfo.decode(ok(send(ep, PublicInfo.readCommand())));
    assertEquals(read, fromFci);
    return new Setup(terminal, info, read);
  }

  static byte[] ok(ResponseApdu r) {
    assertEquals(0x9000, r.sw(), () -> "status " + Integer.toHexString(r.sw()));
    return r.data();
  }

  long balance(CardApplication app) throws DecodeException {
    return GetBalanceResponse.parse(send(app, new GetBalance().toApdu())).balance();
  }

  static TripRecord trip(long fare, long balanceAfter) {
    return new TripRecord(0x06, "0000010203040506", 0x02, "00010000000000", fare, balanceAfter, NOW, "5180",
        "0000000000000001", "000000000000");
  }

  static CappRecord boarded(long fare) {
    CappRecord e = TransitState.emptyBusRecord();
    CappRecord.Endpoint entry = new CappRecord.Endpoint("5180", "0000000000000001", 1, 23, 4, "B12345",
        "0000010203040506", NOW);
    return new CappRecord(e.recordId(), e.recordLength(), e.validFlag(), e.transactionFlag(), e.lockFlag(),
        "0000000000000001", CappRecord.STATUS_ENTERED, entry, 0, 1, CappRecord.Endpoint.none(), fare, 0,
        e.reserved());
  }

  /** Card and PSAM data of one purchase up to (not including) DEBIT. */
  record Prepared(Setup setup, InitializeForPurchase init, InitializeForPurchaseResponse initResponse,
      InitSamForPurchaseResponse mac1) {}

  Prepared upToDebit(InitializeForPurchase.Kind kind, long fare) throws DecodeException {
    Setup s = prepare();
    InitializeForPurchase init = new InitializeForPurchase(kind, s.psamInfo().keyIndex(), fare,
        s.terminal().terminalNumber());
    InitializeForPurchaseResponse ir = InitializeForPurchaseResponse.parse(send(ep, init.toApdu()));
    InitSamForPurchaseResponse mac1 = InitSamForPurchaseResponse.parse(
        send(psam, InitSamForPurchase.of(init, ir, NOW, s.cardInfo(), true).toApdu()));
    if (kind == InitializeForPurchase.Kind.CAPP_PURCHASE) {
      ok(send(ep, UpdateCappDataCache.of(boarded(fare)).toApdu()));
      ok(send(ep, UpdateCappDataCache.of(trip(fare, ir.balance() - fare)).toApdu()));
    }
    return new Prepared(s, init, ir, mac1);
  }

  @Test
  void compoundPurchaseDebitsWritesRecordsAndProvesWithTacAndMac2() throws DecodeException {
    Prepared p = upToDebit(InitializeForPurchase.Kind.CAPP_PURCHASE, 200);
    assertEquals(5000, p.initResponse().balance());
    assertEquals(0, p.initResponse().offlineAtc());
    assertEquals(1, p.mac1().terminalSerial());
    assertEquals(2, psamState.terminalSerial);
    assertEquals(1, psamSaves.get());
    int savesBefore = cardSaves.get();

    DebitForPurchaseResponse debit = DebitForPurchaseResponse.parse(
        send(ep, DebitForPurchase.of(p.mac1(), NOW).toApdu()));
    assertEquals(savesBefore + 1, cardSaves.get());
    ok(send(psam, new CreditSamForPurchase(debit.mac2()).toApdu()));

    assertEquals(4800, balance(ep));
    assertEquals(4800, card.balanceFen);
    assertEquals(1, card.offlineCounter);

    PurseRecord log = PurseRecord.decode(ok(send(ep, PurseRecord.readCommand(1))));
    assertEquals(new PurseRecord(0, 0, 200, 0x09, "010203040506", NOW), log);
    assertEquals(0x6A83, send(ep, PurseRecord.readCommand(2)).sw());
    assertEquals(trip(200, 4800), TripRecord.decode(ok(send(ep, TripRecord.readCommand(1)))));
    assertEquals(boarded(200), CappRecord.decode(ok(send(ep, CappRecord.readCommand(0x27)))));

    // TAC with the TAC key derived independently from the documented master key.
    byte[] dtk = ElectronicPurseCrypto.diversify(Hex.of(TransitTestKeys.TAC_MASTER_KEY),
        Hex.of(card.issuerId), Hex.of(card.applicationSerial.substring(4)));
    byte[] tac = ElectronicPurseCrypto.purchaseTac(dtk, 200, 0x09, Hex.of("010203040506"),
        Hex.of("00000001"), Hex.of("20261123083015"));
    assertEquals(Hex.encode(tac), debit.tac());
    // MAC2 with the purchase key derived independently.
    byte[] dpk = ElectronicPurseCrypto.diversify(Hex.of(TransitTestKeys.PURCHASE_MASTER_KEY),
        Hex.of(card.issuerId), Hex.of(card.applicationSerial.substring(4)));
    byte[] sespk = ElectronicPurseCrypto.purchaseSessionKey(dpk, Hex.of(p.initResponse().pseudoRandom()),
        Hex.of("0000"), Hex.of("00000001"));
    assertEquals(Hex.encode(ElectronicPurseCrypto.purchaseMac2(sespk, 200)), debit.mac2());

    // The next purchase sees the counters moved on.
    InitializeForPurchaseResponse next = InitializeForPurchaseResponse.parse(send(ep, p.init().toApdu()));
    assertEquals(1, next.offlineAtc());
    assertEquals(4800, next.balance());
  }

  @Test
  void simplePurchaseWritesThePurseLogOnlyAndRefusesTheCappCache() throws DecodeException {
    Prepared p = upToDebit(InitializeForPurchase.Kind.PURCHASE, 150);
    assertEquals(0x6985, send(ep, UpdateCappDataCache.of(trip(150, 4850)).toApdu()).sw());
    // The refused cache update ended nothing: the debit goes on.
    DebitForPurchaseResponse debit = DebitForPurchaseResponse.parse(
        send(ep, DebitForPurchase.of(p.mac1(), NOW).toApdu()));
    ok(send(psam, new CreditSamForPurchase(debit.mac2()).toApdu()));
    assertEquals(4850, balance(ep));
    assertEquals(0x06, PurseRecord.decode(ok(send(ep, PurseRecord.readCommand(1)))).typeCode());
    assertTrue(card.tripRecords.isEmpty());
  }

  @Test
  void wrongMac1IsRefusedWith9302AndNothingIsDebited() throws DecodeException {
    Prepared p = upToDebit(InitializeForPurchase.Kind.CAPP_PURCHASE, 200);
    String before = card.toJson();
    String badMac = Hex.encode(new byte[] {(byte) (Hex.of(p.mac1().mac1())[0] ^ 1)}) + p.mac1().mac1().substring(2);
    ResponseApdu r = send(ep, new DebitForPurchase(p.mac1().terminalSerial(), NOW, badMac).toApdu());
    assertEquals(PurseStatus.MAC_INVALID, PurseStatus.of(r));
    assertEquals(5000, balance(ep));
    assertEquals(0, card.offlineCounter);
    assertTrue(card.purseRecords.isEmpty());
    assertTrue(card.tripRecords.isEmpty());
    assertEquals(TransitState.emptyBusRecord(),
        CappRecord.decode(ok(send(ep, CappRecord.readCommand(0x27)))));
    // Only the MAC failure count changed, and the card saved it.
    assertEquals(1, card.macFailures);
    card.macFailures = 0;
    assertEquals(before, card.toJson());
    // The session is over: the right MAC now finds no purchase to finish.
    assertEquals(0x6985, send(ep, DebitForPurchase.of(p.mac1(), NOW).toApdu()).sw());
  }

  @Test
  void repeatedMacFailuresLockTheApplication() throws DecodeException {
    for (int i = 0; i < 3; i++) {
      Prepared p = upToDebit(InitializeForPurchase.Kind.PURCHASE, 10);
      send(ep, new DebitForPurchase(p.mac1().terminalSerial(), NOW, "00000000").toApdu());
    }
    assertEquals(TransitState.Block.PERMANENT, card.applicationBlock);
    assertEquals(0x6A81, Wire.select(ep).sw());
    assertEquals(5000, card.balanceFen);
  }

  @Test
  void amountAboveTheBalanceIsRefusedWith9401() throws DecodeException {
    Setup s = prepare();
    ResponseApdu r = send(ep, new InitializeForPurchase(InitializeForPurchase.Kind.CAPP_PURCHASE,
        s.psamInfo().keyIndex(), 5001, s.terminal().terminalNumber()).toApdu());
    assertEquals(0x9401, r.sw());
    assertEquals(0, r.dataLength());
    assertEquals(0x6985, send(ep, new DebitForPurchase(1, NOW, "00000000").toApdu()).sw());
    // The whole balance is allowed.
    assertEquals(0x9000, send(ep, new InitializeForPurchase(InitializeForPurchase.Kind.CAPP_PURCHASE,
        s.psamInfo().keyIndex(), 5000, s.terminal().terminalNumber()).toApdu()).sw());
  }

  @Test
  void unknownKeyIndexIsRefusedWith9403() throws DecodeException {
    Setup s = prepare();
    assertEquals(0x9403, send(ep, new InitializeForPurchase(InitializeForPurchase.Kind.PURCHASE, 7, 1,
        s.terminal().terminalNumber()).toApdu()).sw());
  }

  @Test
  void tearBeforeTheDebitLeavesNothingAndTheProveSays9406() throws DecodeException {
    String before = card.toJson();
    Prepared p = upToDebit(InitializeForPurchase.Kind.CAPP_PURCHASE, 200);
    ep.deselect(); // the card leaves the field before DEBIT FOR PURCHASE executes
    assertEquals(before, card.toJson());

    prepare(); // next tap
    GetTransactionProve prove = GetTransactionProve.after(p.init().kind(), p.initResponse());
    assertEquals(PurseStatus.MAC_UNAVAILABLE, PurseStatus.of(send(ep, prove.toApdu())));
    assertEquals(5000, balance(ep));
    assertEquals(0, InitializeForPurchaseResponse.parse(send(ep, p.init().toApdu())).offlineAtc());
  }

  @Test
  void tearAfterTheDebitKeepsItAndTheProveGivesItsMac2AndTac() throws DecodeException {
    Prepared p = upToDebit(InitializeForPurchase.Kind.CAPP_PURCHASE, 200);
    ResponseApdu lost = send(ep, DebitForPurchase.of(p.mac1(), NOW).toApdu());
    ep.deselect(); // the card leaves the field before the answer reaches the terminal
    DebitForPurchaseResponse unseen = DebitForPurchaseResponse.parse(lost);

    // The persistent state is what the next run of the simulator reloads.
    TransitState reloaded = TransitState.fromJson(card.toJson());
    assertEquals(4800, reloaded.balanceFen);
    assertEquals(1, reloaded.purseRecords.size());
    assertEquals(1, reloaded.tripRecords.size());

    assertEquals(0x9000, Wire.select(ep).sw()); // next tap; the gate's PSAM stays selected
    // The wrong type or serial is not proved.
    assertEquals(0x9406, send(ep, new GetTransactionProve(PurseTransactionType.PURCHASE, 1).toApdu()).sw());
    assertEquals(0x9406, send(ep,
        new GetTransactionProve(PurseTransactionType.COMPOUND_PURCHASE, 0).toApdu()).sw());
    GetTransactionProveResponse proved = GetTransactionProveResponse.parse(
        send(ep, GetTransactionProve.after(p.init().kind(), p.initResponse()).toApdu()));
    assertEquals(unseen.mac2(), proved.mac2());
    assertEquals(unseen.tac(), proved.tac());
    // The PSAM (still powered) accepts the proved MAC2.
    ok(send(psam, new CreditSamForPurchase(proved.mac2()).toApdu()));
    assertEquals(4800, balance(ep));
  }

  @Test
  void sessionIsLostWhenTheCardLeavesTheField() throws DecodeException {
    Prepared p = upToDebit(InitializeForPurchase.Kind.CAPP_PURCHASE, 200);
    ep.deselect();
    assertEquals(0x6985, send(ep, DebitForPurchase.of(p.mac1(), NOW).toApdu()).sw());
    assertEquals(0x6985, send(ep, UpdateCappDataCache.of(trip(1, 1)).toApdu()).sw());
  }

  @Test
  void theTwinSharesTheBalanceAndCounters() throws DecodeException {
    ResponseApdu fci = Wire.select(cash);
    assertEquals(0x9000, fci.sw());
    assertEquals("A000000632010106", Hex.encode(cash.aid()));
    assertEquals(card.publicInfo(), PublicInfo.fromFci(fci.data()));
    assertEquals(5000, balance(cash));
    Prepared p = upToDebit(InitializeForPurchase.Kind.CAPP_PURCHASE, 200);
    ok(send(ep, DebitForPurchase.of(p.mac1(), NOW).toApdu()));
    Wire.select(cash);
    assertEquals(4800, balance(cash));
    InitializeForPurchaseResponse viaTwin = InitializeForPurchaseResponse.parse(send(cash, p.init().toApdu()));
    assertEquals(1, viaTwin.offlineAtc());
  }

  @Test
  void uppercaseRecordsSurviveJsonExactly() throws DecodeException {
    Prepared p = upToDebit(InitializeForPurchase.Kind.CAPP_PURCHASE, 200);
    ok(send(ep, DebitForPurchase.of(p.mac1(), NOW).toApdu()));
    String json = card.toJson();
    TransitState again = TransitState.fromJson(json);
    assertEquals(json, again.toJson());
    assertEquals(json, card.copy().toJson());
    assertFalse(json.contains("\"last_transaction\" : null"));
    assertNotEquals(TransitState.bundled("ordinary.json").toJson(), json);
  }

  @Test
  void publishedPurchaseVectorIsAcceptedByTheCard() throws DecodeException {
    // The worked example reproduced by ElectronicPurseCryptoTest (cnblogs.com ttss/p/4280430): DPK
    // 11223344556677888877665544332211, card random 11223344, ATC 0000, terminal serial 00000001, amount
    // 0x1000, type 06, terminal 001122334455, 2012-02-29 13:51:00 -> MAC1 F15CAB75, MAC2 56988A13.
    TransitState s = TransitState.ordinary(0x2000);
    s.keys.purchaseKey = "11223344556677888877665544332211";
    CardApplication app = TransitApplications.of(s, () -> { }, new FixedRandom(Hex.of("11223344"))).get(0);
    Wire.select(app);
    InitializeForPurchaseResponse ir = InitializeForPurchaseResponse.parse(send(app,
        new InitializeForPurchase(InitializeForPurchase.Kind.PURCHASE, 1, 0x1000, "001122334455").toApdu()));
    assertEquals("11223344", ir.pseudoRandom());
    DebitForPurchaseResponse d = DebitForPurchaseResponse.parse(send(app,
        new DebitForPurchase(1, LocalDateTime.of(2012, 2, 29, 13, 51, 0), "F15CAB75").toApdu()));
    assertEquals("56988A13", d.mac2());
    assertEquals(0x1000, s.balanceFen);
  }

  /** Always the same bytes. */
  static final class FixedRandom implements java.util.random.RandomGenerator {
    private final byte[] bytes;

    FixedRandom(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public void nextBytes(byte[] out) {
      for (int i = 0; i < out.length; i++) {
        out[i] = bytes[i % bytes.length];
      }
    }

    @Override
    public long nextLong() {
      return 0;
    }
  }

  @Test
  void commandsOutsideTheProtocolGetTheStatusWordsOfARealCard() {
    Wire.select(ep);
    assertEquals(0x6D00, send(ep, new CommandApdu(0x80, 0x99, 0, 0)).sw());
    assertEquals(0x6E00, send(ep, new CommandApdu(0x90, 0x5C, 0, 2, 4)).sw());
    assertEquals(0x6E00, send(ep, new CommandApdu(0x00, 0x5C, 0, 2, 4)).sw());
    assertEquals(0x6A86, send(ep, new CommandApdu(0x80, 0x5C, 1, 2, 4)).sw());
    assertEquals(0x6700, send(ep, new CommandApdu(0x80, 0x5C, 0, 2, new byte[] {1}, 4)).sw());
    assertEquals(0x6700, send(ep, new CommandApdu(0x80, 0x5C, 0, 2, 9)).sw());
    assertEquals(0x6700, send(ep, new CommandApdu(0x80, 0x50, 3, 2, new byte[5], 15)).sw());
    assertEquals(0x6A86, send(ep, new CommandApdu(0x80, 0x50, 2, 2, new byte[11], 15)).sw());
    assertEquals(0x6A83, send(ep, PurseRecord.readCommand(5)).sw());
    assertEquals(0x6A82, send(ep, new CommandApdu(0x00, 0xB0, 0x85, 0, 16)).sw());
    assertEquals(0x6B00, send(ep, new CommandApdu(0x00, 0xB0, 0x95, 30, 1)).sw());
    assertEquals(0x6981, send(ep, new CommandApdu(0x00, 0xB2, 1, 0x15 << 3 | 4, 256)).sw());
    assertEquals(0x6A86, send(ep, new CommandApdu(0x00, 0xB0, 0x15, 0, 16)).sw());
    // READ BINARY of part of a file, and past its end.
    ResponseApdu part = send(ep, new CommandApdu(0x00, 0xB0, 0x95, 8, 2));
    assertEquals("0201", Hex.encode(part.data()));
    ResponseApdu tail = send(ep, new CommandApdu(0x00, 0xB0, 0x95, 28, 4));
    assertEquals(0x6282, tail.sw());
    assertEquals(2, tail.dataLength());
    assertEquals(0x9000, send(ep, new CommandApdu(0x00, 0xB0, 0x96, 0, 256)).sw());
    assertEquals(0x6C80, send(ep, new CommandApdu(0x00, 0xB2, 0x27, 0xD0, 4)).sw());
  }
}
