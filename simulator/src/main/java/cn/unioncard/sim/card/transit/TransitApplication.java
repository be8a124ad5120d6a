package cn.unioncard.sim.card.transit;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.apdu.ResponseApdu;
import cn.unioncard.protocol.apdu.StatusWord;
import cn.unioncard.protocol.crypto.BlockAlgorithm;
import cn.unioncard.protocol.crypto.ElectronicPurseCrypto;
import cn.unioncard.protocol.crypto.Iso9797Mac;
import cn.unioncard.protocol.crypto.MacPadding;
import cn.unioncard.protocol.purse.ApplicationBlock;
import cn.unioncard.protocol.purse.CappRecord;
import cn.unioncard.protocol.purse.DebitForPurchase;
import cn.unioncard.protocol.purse.DebitForPurchaseResponse;
import cn.unioncard.protocol.purse.GetBalance;
import cn.unioncard.protocol.purse.GetBalanceResponse;
import cn.unioncard.protocol.purse.GetTransactionProve;
import cn.unioncard.protocol.purse.GetTransactionProveResponse;
import cn.unioncard.protocol.purse.HolderInfo;
import cn.unioncard.protocol.purse.InitializeForPurchase;
import cn.unioncard.protocol.purse.InitializeForPurchaseResponse;
import cn.unioncard.protocol.purse.ManagementInfo;
import cn.unioncard.protocol.purse.PublicInfo;
import cn.unioncard.protocol.purse.PurseRecord;
import cn.unioncard.protocol.purse.PurseStatus;
import cn.unioncard.protocol.purse.ReadBinary;
import cn.unioncard.protocol.purse.ReadRecord;
import cn.unioncard.protocol.purse.TripRecord;
import cn.unioncard.protocol.purse.UpdateCappDataCache;
import cn.unioncard.protocol.tlv.Tag;
import cn.unioncard.protocol.tlv.Tlv;
import cn.unioncard.sim.card.CardApplication;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of the two transit applications over a shared {@link TransitState}. Persistent changes happen in
 * exactly two commands, each all at once, followed by {@code changed.run()}: DEBIT FOR PURCHASE (balance,
 * counter, 0018, 001A, 001E, proof; or the MAC failure count) and APPLICATION BLOCK. A card torn before a
 * command therefore keeps the state before it, and a card torn after it keeps the state after it.
 */
final class TransitApplication implements CardApplication {
  private static final Logger LOG = LoggerFactory.getLogger(TransitApplication.class);
  /** {@code 9403}: key index not supported (PBOC e-purse INITIALIZE FOR PURCHASE). */
  static final int KEY_INDEX_NOT_SUPPORTED = 0x9403;
  /** {@code 6984}: no challenge for the secure-messaging MAC (GET CHALLENGE first). */
  static final int NO_CHALLENGE = 0x6984;
  /** {@code 6988}: the secure-messaging MAC is wrong. */
  static final int SM_MAC_WRONG = 0x6988;
  /** {@code 6981}: command incompatible with the file structure. */
  static final int WRONG_FILE_STRUCTURE = 0x6981;

  private final byte[] aid;
  private final TransitState state;
  private final Runnable changed;
  private final RandomGenerator random;

  /** The purchase between INITIALIZE FOR PURCHASE and DEBIT FOR PURCHASE; null outside one. */
  private Pending pending;
  /** The first 4 bytes of the last GET CHALLENGE, valid for the next command only. */
  private byte[] challenge;

  /** Session state of one purchase (lost when the card leaves the field). */
  private static final class Pending {
    final InitializeForPurchase.Kind kind;
    final long amount;
    final String terminalNumber;
    final int atc;
    final byte[] pseudoRandom;
    /** UPDATE CAPP DATA CACHE writes to 001A, by record id, committed with the debit. */
    final Map<String, String> capp = new LinkedHashMap<>();
    /** UPDATE CAPP DATA CACHE appends to 001E, in order, committed with the debit. */
    final List<String> trips = new ArrayList<>();

    Pending(InitializeForPurchase.Kind kind, long amount, String terminalNumber, int atc, byte[] random) {
      this.kind = kind;
      this.amount = amount;
      this.terminalNumber = terminalNumber;
      this.atc = atc;
      this.pseudoRandom = random;
    }
  }

  TransitApplication(byte[] aid, TransitState state, Runnable changed, RandomGenerator random) {
    this.aid = aid.clone();
    this.state = state;
    this.changed = changed;
    this.random = random;
  }

  @Override
  public byte[] aid() {
    return aid.clone();
  }

  /**
   * FCI {@code 6F{84 AID, A5{9F08 version, 9F0C file 0015}}} (shared/vectors/card-captures.md V7,
   * transit-files.md §3.1); with {@code 6283} when the application is temporarily blocked (ISO/IEC 7816-4
   * "selected file deactivated"), and {@code 6A81} alone when it is permanently blocked (transit-files.md
   * §3.3: terminals read {@code 6A81} at SELECT as a blocked application).
   */
  @Override
  public ResponseApdu select() {
    deselect();
    if (state.applicationBlock == TransitState.Block.PERMANENT) {
      return PurseStatus.BLOCKED.response();
    }
    byte[] fci = Tlv.constructed(Tag.of(0x6F),
        Tlv.of(Tag.of(0x84), aid),
        Tlv.constructed(Tag.of(0xA5),
            Tlv.of(Tag.of(0x9F08), new byte[] {(byte) state.fciVersion}),
            Tlv.of(PublicInfo.FCI_TAG, state.publicInfo().encode()))).encode();
    int sw = state.applicationBlock == TransitState.Block.TEMPORARY ? 0x6283 : StatusWord.OK;
    return new ResponseApdu(fci, sw);
  }

  @Override
  public void deselect() {
    pending = null;
    challenge = null;
  }

  @Override
  public ResponseApdu process(CommandApdu c) {
    byte[] lastChallenge = challenge;
    challenge = null;
    try {
      return dispatch(c, lastChallenge);
    } catch (DecodeException e) {
      return CommandRefusal.of(e, c);
    } catch (RuntimeException e) {
      // A defect: a card never throws. The fuzz tests assert this status word never appears.
      LOG.error("transit application failed on {}", Hex.encode(c.header()), e);
      return ResponseApdu.of(0x6F00);
    }
  }

  private ResponseApdu dispatch(CommandApdu c, byte[] lastChallenge) throws DecodeException {
    int cla = c.cla();
    int ins = c.ins();
    int expectedCla = expectedCla(ins);
    if (expectedCla < 0) {
      return ResponseApdu.of(cla == 0x00 || cla == 0x80 || cla == 0x84
          ? CommandRefusal.UNKNOWN_INS : CommandRefusal.UNKNOWN_CLA);
    }
    if (cla != expectedCla) {
      return ResponseApdu.of(CommandRefusal.UNKNOWN_CLA);
    }
    if (c.isExtended()) {
      return ResponseApdu.of(CommandRefusal.WRONG_LENGTH);
    }
    if (state.applicationBlock == TransitState.Block.PERMANENT) {
      return PurseStatus.BLOCKED.response();
    }
    switch (ins) {
      case 0xA4:
        return select(c);
      case 0xB0:
        return readBinary(ReadBinary.parse(c));
      case 0xB2:
        return readRecord(ReadRecord.parse(c), c);
      case 0x84:
        return getChallenge(c);
      case 0x1E:
        return applicationBlock(c, lastChallenge);
      case 0x5A:
        return prove(GetTransactionProve.parse(c));
      default:
        break;
    }
    if (state.applicationBlock != TransitState.Block.NONE) {
      pending = null;
      return PurseStatus.LOCKED.response();
    }
    switch (ins) {
      case 0x5C:
        GetBalance.parse(c);
        return GetBalanceResponse.of(state.balanceFen).toApdu();
      case 0x50:
        return initialize(c);
      case 0xDC:
        return updateCapp(c);
      case 0x54:
        return debit(c);
      default:
        return ResponseApdu.of(CommandRefusal.UNKNOWN_INS);
    }
  }

  /** The CLA each instruction is sent with, -1 for an instruction this application does not know. */
  private static int expectedCla(int ins) {
    switch (ins) {
      case 0xA4:
      case 0xB0:
      case 0xB2:
      case 0x84:
        return 0x00;
      case 0x5C:
      case 0x50:
      case 0xDC:
      case 0x54:
      case 0x5A:
        return 0x80;
      case 0x1E:
        return 0x84;
      default:
        return -1;
    }
  }

  private ResponseApdu select(CommandApdu c) {
    if (c.p1() != 0x04 || (c.p2() & ~0x02) != 0x00) {
      return ResponseApdu.of(CommandRefusal.WRONG_P1P2);
    }
    if (!Arrays.equals(c.data(), aid)) {
      return ResponseApdu.of(0x6A82);
    }
    return select();
  }

  // ---------------------------------------------------------------- files

  private ResponseApdu readBinary(ReadBinary r) {
    byte[] file;
    switch (r.sfi()) {
      case PublicInfo.SFI:
        file = state.publicInfo().encode();
        break;
      case HolderInfo.SFI:
        file = state.holderInfo().encode();
        break;
      case ManagementInfo.SFI:
        file = state.managementInfo().encode();
        break;
      case PurseRecord.SFI:
      case CappRecord.SFI:
      case TripRecord.SFI:
        return ResponseApdu.of(WRONG_FILE_STRUCTURE);
      default:
        return ResponseApdu.of(0x6A82);
    }
    return CommandRefusal.binary(file, r.offset(), r.length());
  }

  private ResponseApdu readRecord(ReadRecord r, CommandApdu c) {
    String hex;
    switch (r.sfi()) {
      case PurseRecord.SFI:
        hex = byNumber(r, state.purseRecords);
        break;
      case TripRecord.SFI:
        hex = byNumber(r, state.tripRecords);
        break;
      case CappRecord.SFI:
        if (r.byIdentifier()) {
          hex = null;
          for (Map.Entry<String, String> e : state.cappRecords.entrySet()) {
            if (Integer.parseInt(e.getKey().substring(0, 2), 16) == r.record()) {
              hex = e.getValue();
              break;
            }
          }
        } else {
          hex = byNumber(r, new ArrayList<>(state.cappRecords.values()));
        }
        break;
      case PublicInfo.SFI:
      case HolderInfo.SFI:
      case ManagementInfo.SFI:
        return ResponseApdu.of(WRONG_FILE_STRUCTURE);
      default:
        return ResponseApdu.of(0x6A82);
    }
    if (hex == null) {
      return ResponseApdu.of(r.record() == 0 ? CommandRefusal.WRONG_P1P2 : 0x6A83);
    }
    byte[] record = Hex.of(hex);
    int ne = c.ne();
    if (ne != 0 && ne != 256 && ne != record.length) {
      // PBOC cards: 6Cxx with the record's length, for the terminal to ask again.
      return ResponseApdu.of(0x6C00 | record.length);
    }
    return new ResponseApdu(record, StatusWord.OK);
  }

  private static String byNumber(ReadRecord r, List<String> records) {
    if (r.byIdentifier() || r.record() < 1 || r.record() > records.size()) {
      return null;
    }
    return records.get(r.record() - 1);
  }

  // ---------------------------------------------------------------- purchase

  private ResponseApdu initialize(CommandApdu c) throws DecodeException {
    InitializeForPurchase init = InitializeForPurchase.parse(c);
    pending = null;
    if (init.keyIndex() != state.keys.keyIndex) {
      return ResponseApdu.of(KEY_INDEX_NOT_SUPPORTED);
    }
    if (init.amount() > state.balanceFen) {
      return PurseStatus.INSUFFICIENT_BALANCE.response();
    }
    if (state.offlineCounter >= 0xFFFF) {
      // The counter is exhausted: no further offline transaction is possible.
      return ResponseApdu.of(CommandRefusal.CONDITIONS_NOT_SATISFIED);
    }
    byte[] rnd = new byte[4];
    random.nextBytes(rnd);
    pending = new Pending(init.kind(), init.amount(), init.terminalNumber(), state.offlineCounter, rnd);
    return new InitializeForPurchaseResponse(state.balanceFen, state.offlineCounter,
        state.overdraftLimitFen, state.keys.keyVersion, state.keys.algorithmId, Hex.encode(rnd)).toApdu();
  }

  private ResponseApdu updateCapp(CommandApdu c) throws DecodeException {
    UpdateCappDataCache u = UpdateCappDataCache.parse(c);
    if (pending == null || pending.kind != InitializeForPurchase.Kind.CAPP_PURCHASE) {
      return ResponseApdu.of(CommandRefusal.CONDITIONS_NOT_SATISFIED);
    }
    byte[] record = u.record();
    if (u.sfi() == CappRecord.SFI) {
      if ((record[0] & 0xFF) != u.p1()) {
        return ResponseApdu.of(CommandRefusal.WRONG_DATA);
      }
      String id = Hex.encode(record, 0, 2);
      if (!state.cappRecords.containsKey(id)) {
        // The record must exist: the issuer creates it at personalisation.
        return ResponseApdu.of(0x6A83);
      }
      pending.capp.put(id, Hex.encode(record));
      return ResponseApdu.of(StatusWord.OK);
    }
    if (u.sfi() == TripRecord.SFI) {
      pending.trips.add(Hex.encode(record));
      return ResponseApdu.of(StatusWord.OK);
    }
    return ResponseApdu.of(0x6A82);
  }

  private ResponseApdu debit(CommandApdu c) throws DecodeException {
    DebitForPurchase d = DebitForPurchase.parse(c);
    Pending p = pending;
    if (p == null) {
      return ResponseApdu.of(CommandRefusal.CONDITIONS_NOT_SATISFIED);
    }
    pending = null;
    byte[] data = c.data();
    byte[] serial = Arrays.copyOfRange(data, 0, 4);
    byte[] dateTime = Arrays.copyOfRange(data, 4, 11);
    byte[] mac1 = Arrays.copyOfRange(data, 11, 15);
    int type = p.kind.transactionType().code();
    byte[] terminal = Hex.of(p.terminalNumber);
    byte[] sessionKey = ElectronicPurseCrypto.purchaseSessionKey(
        state.purchaseKey(), p.pseudoRandom, u16(p.atc), serial);
    byte[] expected = ElectronicPurseCrypto.purchaseMac1(sessionKey, p.amount, type, terminal, dateTime);
    if (!MessageDigest.isEqual(expected, mac1)) {
      state.macFailures++;
      if (state.macFailureLimit > 0 && state.macFailures >= state.macFailureLimit) {
        state.applicationBlock = TransitState.Block.PERMANENT;
      }
      changed.run();
      return PurseStatus.MAC_INVALID.response();
    }
    if (p.amount > state.balanceFen) {
      return PurseStatus.INSUFFICIENT_BALANCE.response();
    }
    byte[] mac2 = ElectronicPurseCrypto.purchaseMac2(sessionKey, p.amount);
    byte[] tac = ElectronicPurseCrypto.purchaseTac(state.tacKey(), p.amount, type, terminal, serial, dateTime);

    state.balanceFen -= p.amount;
    state.offlineCounter = p.atc + 1;
    PurseRecord log = new PurseRecord(p.atc, state.overdraftLimitFen, p.amount, type, p.terminalNumber,
        d.dateTime());
    push(state.purseRecords, Hex.encode(log.encode()));
    state.cappRecords.putAll(p.capp);
    for (String trip : p.trips) {
      push(state.tripRecords, trip);
    }
    TransitState.LastTransaction last = new TransitState.LastTransaction();
    last.epSerial = state.offlineCounter;
    last.transactionType = type;
    last.mac2 = Hex.encode(mac2);
    last.tac = Hex.encode(tac);
    state.lastTransaction = last;
    state.macFailures = 0;
    changed.run();
    return new DebitForPurchaseResponse(last.tac, last.mac2).toApdu();
  }

  /** Newest first, at most {@link TransitState#CYCLIC_RECORDS}: the cyclic file overwrites its oldest. */
  private static void push(List<String> records, String record) {
    records.add(0, record.toUpperCase(Locale.ROOT));
    while (records.size() > TransitState.CYCLIC_RECORDS) {
      records.remove(records.size() - 1);
    }
  }

  /**
   * GET TRANSACTION PROVE: MAC2 and TAC of the last debit when the terminal names it by its serial (the
   * offline counter after it) and type; otherwise {@code 9406} "MAC unavailable" (transit-files.md §3.4
   * step 7; {@link PurseStatus#MAC_UNAVAILABLE}).
   */
  private ResponseApdu prove(GetTransactionProve g) {
    TransitState.LastTransaction last = state.lastTransaction;
    if (last == null || last.epSerial != g.epSerial() || last.transactionType != g.type().code()) {
      return PurseStatus.MAC_UNAVAILABLE.response();
    }
    return new GetTransactionProveResponse(last.mac2, last.tac).toApdu();
  }

  // ---------------------------------------------------------------- application block

  private ResponseApdu getChallenge(CommandApdu c) {
    if (c.p1() != 0 || c.p2() != 0) {
      return ResponseApdu.of(CommandRefusal.WRONG_P1P2);
    }
    if (c.nc() != 0 || (c.ne() != 4 && c.ne() != 8)) {
      return ResponseApdu.of(CommandRefusal.WRONG_LENGTH);
    }
    byte[] rnd = new byte[c.ne()];
    random.nextBytes(rnd);
    challenge = Arrays.copyOf(rnd, 4);
    return new ResponseApdu(rnd, StatusWord.OK);
  }

  /**
   * APPLICATION BLOCK {@code 84 1E 00 P2 04 MAC}: P2 {@code 00} blocks until unblocked (SELECT then answers
   * {@code 6283}), {@code 01} for good ({@code 6A81}). The MAC: TDEA CBC-MAC (ISO/IEC 9797-1 algorithm 1)
   * with the card's maintenance key, IV = the challenge's first 4 bytes ‖ {@code 00000000}, over the
   * header {@code 84 1E 00 P2 04} padded {@code 80 00 00} (PBOC secure messaging; the PSAM side is
   * {@link cn.unioncard.protocol.purse.DesCrypt#applicationBlockMac}).
   */
  private ResponseApdu applicationBlock(CommandApdu c, byte[] lastChallenge) throws DecodeException {
    int p2 = c.p2();
    if (c.p1() != 0 || (p2 != 0x00 && p2 != 0x01)) {
      return ResponseApdu.of(CommandRefusal.WRONG_P1P2);
    }
    // The codec knows P2 00 only; parse the same bytes with P2 00 for the length and MAC checks.
    ApplicationBlock block = ApplicationBlock.parse(
        c.ne() == 0 ? new CommandApdu(0x84, 0x1E, 0, 0, c.data())
            : new CommandApdu(0x84, 0x1E, 0, 0, c.data(), c.ne()));
    if (lastChallenge == null) {
      return ResponseApdu.of(NO_CHALLENGE);
    }
    byte[] iv = Arrays.copyOf(lastChallenge, 8);
    byte[] header = {(byte) 0x84, 0x1E, 0x00, (byte) p2, 0x04};
    byte[] expected = Iso9797Mac.algorithm1(
        BlockAlgorithm.TDEA, state.maintenanceKey(), iv, header, MacPadding.METHOD_2, 4);
    if (!MessageDigest.isEqual(expected, Hex.of(block.mac()))) {
      return ResponseApdu.of(SM_MAC_WRONG);
    }
    pending = null;
    state.applicationBlock = p2 == 0x01 ? TransitState.Block.PERMANENT : TransitState.Block.TEMPORARY;
    changed.run();
    return ResponseApdu.of(StatusWord.OK);
  }

  private static byte[] u16(int v) {
    return new byte[] {(byte) (v >>> 8), (byte) v};
  }
}
