package cn.unioncard.sim.card.psam;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.apdu.ResponseApdu;
import cn.unioncard.protocol.apdu.StatusWord;
import cn.unioncard.protocol.crypto.BlockAlgorithm;
import cn.unioncard.protocol.crypto.ElectronicPurseCrypto;
import cn.unioncard.protocol.crypto.Iso9797Mac;
import cn.unioncard.protocol.crypto.MacPadding;
import cn.unioncard.protocol.purse.CreditSamForPurchase;
import cn.unioncard.protocol.purse.DesCrypt;
import cn.unioncard.protocol.purse.DesCryptResponse;
import cn.unioncard.protocol.purse.InitSamForDesCrypt;
import cn.unioncard.protocol.purse.InitSamForPurchase;
import cn.unioncard.protocol.purse.InitSamForPurchaseResponse;
import cn.unioncard.protocol.purse.PsamApplicationInfo;
import cn.unioncard.protocol.purse.PsamTerminalInfo;
import cn.unioncard.protocol.purse.PurseStatus;
import cn.unioncard.protocol.purse.ReadBinary;
import cn.unioncard.protocol.purse.TransitAid;
import cn.unioncard.protocol.tlv.Tag;
import cn.unioncard.protocol.tlv.Tlv;
import cn.unioncard.sim.card.CardApplication;
import cn.unioncard.sim.card.transit.CommandRefusal;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JT/T 978 PSAM application ({@code A0000006324D4F542E435053414D3031}, MOT.CPSAM01) of a terminal's
 * SAM slot: its files 0015/0016/0017, MAC1 (INIT_SAM_FOR_PURCHASE), MAC2 verification
 * (CREDIT_SAM_FOR_PURCHASE) and the general DES computation a gate needs for APPLICATION BLOCK
 * (INIT_SAM_FOR_DESCRYPT, DES_CRYPT). Its terminal transaction serial persists: {@code changed.run()}
 * follows every INIT_SAM_FOR_PURCHASE. The purchase and DES sessions are lost on {@link #deselect()}.
 *
 * <p>Key derivation: the N diversifiers of a command are applied last to first, each with
 * {@link ElectronicPurseCrypto#diversify(byte[], byte[])}; with the two a JT/T 978 terminal sends (card
 * serial's last 8 bytes, then the issuer id) that is {@code diversify(MK, issuer id, card)}, the card's key.
 */
public final class PsamApplication implements CardApplication {
  private static final Logger LOG = LoggerFactory.getLogger(PsamApplication.class);
  /** {@code 6A88}: no key of that version / usage (referenced data not found). */
  static final int KEY_NOT_FOUND = 0x6A88;
  /** Key usage (P1 of INIT_SAM_FOR_DESCRYPT) of the application-maintenance key. */
  static final int KEY_USAGE_MAINTENANCE = InitSamForDesCrypt.APPLICATION_BLOCK_KEY_USAGE;

  private final PsamState state;
  private final Runnable changed;

  /** SESPK and amount of the purchase whose MAC2 is to be checked; null outside one. */
  private byte[] purchaseSessionKey;
  private long purchaseAmount;
  /** The key INIT_SAM_FOR_DESCRYPT set up; null outside a DES session. */
  private byte[] desKey;

  PsamApplication(PsamState state, Runnable changed) {
    this.state = state;
    this.changed = changed;
  }

  @Override
  public byte[] aid() {
    return TransitAid.MOT_CPSAM.bytes();
  }

  /** FCI {@code 6F{84 AID, A5{}}}. */
  @Override
  public ResponseApdu select() {
    deselect();
    byte[] fci = Tlv.constructed(Tag.of(0x6F), Tlv.of(Tag.of(0x84), aid()),
        Tlv.constructed(Tag.of(0xA5), List.of())).encode();
    return new ResponseApdu(fci, StatusWord.OK);
  }

  @Override
  public void deselect() {
    purchaseSessionKey = null;
    desKey = null;
  }

  @Override
  public ResponseApdu process(CommandApdu c) {
    try {
      return dispatch(c);
    } catch (DecodeException e) {
      return CommandRefusal.of(e, c);
    } catch (RuntimeException e) {
      // A defect: a card never throws. The fuzz tests assert this status word never appears.
      LOG.error("PSAM failed on {}", Hex.encode(c.header()), e);
      return ResponseApdu.of(0x6F00);
    }
  }

  private ResponseApdu dispatch(CommandApdu c) throws DecodeException {
    int expectedCla;
    switch (c.ins()) {
      case 0xA4:
      case 0xB0:
        expectedCla = 0x00;
        break;
      case 0x70:
      case 0x72:
      case 0x1A:
      case 0xFA:
        expectedCla = 0x80;
        break;
      default:
        return ResponseApdu.of(c.cla() == 0x00 || c.cla() == 0x80
            ? CommandRefusal.UNKNOWN_INS : CommandRefusal.UNKNOWN_CLA);
    }
    if (c.cla() != expectedCla) {
      return ResponseApdu.of(CommandRefusal.UNKNOWN_CLA);
    }
    if (c.isExtended()) {
      return ResponseApdu.of(CommandRefusal.WRONG_LENGTH);
    }
    switch (c.ins()) {
      case 0xA4:
        return select(c);
      case 0xB0:
        return readBinary(ReadBinary.parse(c));
      case 0x70:
        return initSamForPurchase(InitSamForPurchase.parse(c), c);
      case 0x72:
        return creditSamForPurchase(CreditSamForPurchase.parse(c));
      case 0x1A:
        return initSamForDesCrypt(InitSamForDesCrypt.parse(c));
      default:
        return desCrypt(DesCrypt.parse(c));
    }
  }

  private ResponseApdu select(CommandApdu c) {
    if (c.p1() == 0x04 && (c.p2() & ~0x02) == 0 && Arrays.equals(c.data(), aid())) {
      return select();
    }
    if ((c.p1() != 0x04 && c.p1() != 0x00) || (c.p2() & ~0x0C) != 0) {
      return ResponseApdu.of(CommandRefusal.WRONG_P1P2);
    }
    return ResponseApdu.of(0x6A82);
  }

  private ResponseApdu readBinary(ReadBinary r) {
    byte[] file;
    switch (r.sfi()) {
      case 0x15:
        file = state.cardInfo();
        break;
      case PsamTerminalInfo.SFI:
        file = state.terminalInfo().encode();
        break;
      case PsamApplicationInfo.SFI:
        file = state.applicationInfo().encode();
        break;
      default:
        return ResponseApdu.of(0x6A82);
    }
    return CommandRefusal.binary(file, r.offset(), r.length());
  }

  /**
   * MAC1: the card's purchase key from the master key of the card's key version, the session key from the
   * card's pseudo-random number, its offline counter and this PSAM's terminal transaction serial, MAC1 over
   * amount ‖ type ‖ terminal number ‖ date-time ({@link ElectronicPurseCrypto}). Answers the serial used and
   * MAC1, then increments the serial.
   */
  private ResponseApdu initSamForPurchase(InitSamForPurchase m, CommandApdu c) {
    purchaseSessionKey = null;
    if (m.algorithmId() != 0x00) {
      return ResponseApdu.of(CommandRefusal.WRONG_DATA);
    }
    byte[] master = state.purchaseMasterKey(m.keyVersion());
    if (master == null) {
      return ResponseApdu.of(KEY_NOT_FOUND);
    }
    byte[] cardKey = diversify(master, m.diversifiers());
    long serial = state.terminalSerial;
    byte[] serialBytes = u32(serial);
    byte[] sessionKey = ElectronicPurseCrypto.purchaseSessionKey(
        cardKey, Hex.of(m.pseudoRandom()), new byte[] {(byte) (m.offlineAtc() >>> 8), (byte) m.offlineAtc()},
        serialBytes);
    byte[] dateTime = Arrays.copyOfRange(c.data(), 11, 18);
    byte[] mac1 = ElectronicPurseCrypto.purchaseMac1(sessionKey, m.amount(), m.transactionType(),
        state.terminalInfo().encode(), dateTime);
    state.terminalSerial = (serial + 1) & 0xFFFFFFFFL;
    changed.run();
    purchaseSessionKey = sessionKey;
    purchaseAmount = m.amount();
    return new InitSamForPurchaseResponse(serial, Hex.encode(mac1)).toApdu();
  }

  /** MAC2 over the amount with the session key of the last MAC1; {@code 9302} when it differs. */
  private ResponseApdu creditSamForPurchase(CreditSamForPurchase m) {
    byte[] key = purchaseSessionKey;
    if (key == null) {
      return ResponseApdu.of(CommandRefusal.CONDITIONS_NOT_SATISFIED);
    }
    byte[] expected = ElectronicPurseCrypto.purchaseMac2(key, purchaseAmount);
    if (!MessageDigest.isEqual(expected, Hex.of(m.mac2()))) {
      return PurseStatus.MAC_INVALID.response();
    }
    purchaseSessionKey = null;
    return ResponseApdu.of(StatusWord.OK);
  }

  /** Sets up the card's maintenance key (key usage {@code 45}) for the following DES_CRYPT. */
  private ResponseApdu initSamForDesCrypt(InitSamForDesCrypt m) {
    desKey = null;
    if (m.keyUsage() != KEY_USAGE_MAINTENANCE) {
      return ResponseApdu.of(KEY_NOT_FOUND);
    }
    byte[] master = state.maintenanceMasterKey(m.keyVersion());
    if (master == null) {
      return ResponseApdu.of(KEY_NOT_FOUND);
    }
    desKey = diversify(master, m.diversifiers());
    return ResponseApdu.of(StatusWord.OK);
  }

  /**
   * DES_CRYPT mode {@code 05} (MAC with initial value, only block): data = IV 8 ‖ message (a multiple of 8,
   * already padded), MAC = TDEA CBC-MAC (ISO/IEC 9797-1 algorithm 1) with the key of INIT_SAM_FOR_DESCRYPT,
   * 4 bytes. Mode {@code 00}: TDEA ECB encryption of a multiple of 8 bytes. Other modes {@code 6A86}.
   */
  private ResponseApdu desCrypt(DesCrypt d) {
    byte[] key = desKey;
    if (key == null) {
      return ResponseApdu.of(CommandRefusal.CONDITIONS_NOT_SATISFIED);
    }
    byte[] data = d.dataBytes();
    if (d.mode() == DesCrypt.MAC_ONLY_BLOCK) {
      if (data.length < 16 || data.length % 8 != 0) {
        return ResponseApdu.of(CommandRefusal.WRONG_LENGTH);
      }
      desKey = null;
      byte[] mac = Iso9797Mac.algorithm1(BlockAlgorithm.TDEA, key, Arrays.copyOf(data, 8),
          Arrays.copyOfRange(data, 8, data.length), MacPadding.METHOD_1, 4);
      return new DesCryptResponse(Hex.encode(mac)).toApdu();
    }
    if (d.mode() == DesCrypt.ENCRYPT) {
      if (data.length % 8 != 0 || data.length > 248) {
        return ResponseApdu.of(CommandRefusal.WRONG_LENGTH);
      }
      desKey = null;
      return new DesCryptResponse(Hex.encode(BlockAlgorithm.TDEA.encryptEcb(key, data))).toApdu();
    }
    return ResponseApdu.of(CommandRefusal.WRONG_P1P2);
  }

  /** Applies the diversifiers last to first: (card, issuer) gives diversify(diversify(MK, issuer), card). */
  static byte[] diversify(byte[] master, List<String> diversifiers) {
    byte[] key = master;
    for (int i = diversifiers.size() - 1; i >= 0; i--) {
      key = ElectronicPurseCrypto.diversify(key, Hex.of(diversifiers.get(i)));
    }
    return key;
  }

  private static byte[] u32(long v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }
}
