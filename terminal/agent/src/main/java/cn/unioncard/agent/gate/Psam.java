package cn.unioncard.agent.gate;

import cn.unioncard.ports.card.ApduTransport;
import cn.unioncard.ports.card.CardIoException;
import cn.unioncard.ports.card.ReaderIoException;
import cn.unioncard.ports.card.TransportException;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.apdu.CommandApdu;
import cn.unioncard.protocol.apdu.ResponseApdu;
import cn.unioncard.protocol.purse.CreditSamForPurchase;
import cn.unioncard.protocol.purse.DesCrypt;
import cn.unioncard.protocol.purse.DesCryptResponse;
import cn.unioncard.protocol.purse.InitSamForDesCrypt;
import cn.unioncard.protocol.purse.InitSamForPurchase;
import cn.unioncard.protocol.purse.InitSamForPurchaseResponse;
import cn.unioncard.protocol.purse.PsamTerminalInfo;
import cn.unioncard.protocol.purse.PublicInfo;
import cn.unioncard.protocol.purse.TransitAid;

/**
 * The gate's secure access module (PSAM) in its slot: its terminal number, read once when the gate starts, MAC1 for
 * a purchase and the check of the card's MAC2. Everything that does not depend on the card happens before a card
 * arrives.
 */
public final class Psam {
  private final cn.unioncard.ports.card.CountingTransport slot;
  private final String terminalNumber;

  private Psam(cn.unioncard.ports.card.CountingTransport slot, String terminalNumber) {
    this.slot = slot;
    this.terminalNumber = terminalNumber;
  }

  /**
   * Reads the PSAM's terminal number (file 0016) and selects its application (JT/T 978: terminal number first, at
   * the master file).
   *
   * @throws TransportException the PSAM or its slot failed: the gate is out of service
   */
  public static Psam open(ApduTransport reader) throws TransportException {
    cn.unioncard.ports.card.CountingTransport slot = new cn.unioncard.ports.card.CountingTransport(reader);
    ResponseApdu info = send(slot, PsamTerminalInfo.readCommand());
    if (info.sw() != 0x9000) {
      throw new ReaderIoException("the PSAM refused READ BINARY of its terminal number: " + info.status());
    }
    String number;
    try {
      number = PsamTerminalInfo.decode(info.data()).terminalNumber();
    } catch (DecodeException e) {
      throw new ReaderIoException("the PSAM's terminal number is malformed: " + e.getMessage());
    }
    ResponseApdu sel = send(slot, TransitAid.MOT_CPSAM.select());
    if (sel.sw() != 0x9000) {
      throw new ReaderIoException("the PSAM refused to select its application: " + sel.status());
    }
    return new Psam(slot, number);
  }

  /** PSAM exchanges so far (for the gate's APDU counts). */
  int apdus() {
    return slot.count();
  }

  /** The 12-digit terminal number the PSAM holds, written into every purchase. */
  public String terminalNumber() {
    return terminalNumber;
  }

  /** MAC1 and the PSAM's terminal transaction serial for a purchase. */
  InitSamForPurchaseResponse mac1(InitSamForPurchase request) throws TransportException {
    ResponseApdu r = send(slot, request.toApdu());
    if (r.sw() != 0x9000) {
      throw new ReaderIoException("the PSAM refused MAC1: " + r.status());
    }
    try {
      return InitSamForPurchaseResponse.parse(r);
    } catch (DecodeException e) {
      throw new ReaderIoException("the PSAM's MAC1 answer is malformed: " + e.getMessage());
    }
  }

  /** Whether the card's MAC2 is the one the PSAM expects (the purchase really happened on a genuine card). */
  boolean mac2Valid(String mac2) throws TransportException {
    return send(slot, new CreditSamForPurchase(mac2).toApdu()).sw() == 0x9000;
  }

  /**
   * The MAC that lets the card's APPLICATION BLOCK through (JT/T 978: INIT SAM FOR DESCRYPT with the card's
   * diversifiers, then DES CRYPT of the command under the card's challenge).
   */
  String applicationBlockMac(PublicInfo card, byte[] challenge) throws TransportException {
    ResponseApdu init = send(slot, InitSamForDesCrypt.forApplicationBlock(card).toApdu());
    if (init.sw() != 0x9000) {
      throw new ReaderIoException("the PSAM refused to prepare the block MAC: " + init.status());
    }
    ResponseApdu mac = send(slot, DesCrypt.applicationBlockMac(cn.unioncard.protocol.Hex.encode(challenge)).toApdu());
    try {
      return DesCryptResponse.parse(mac).mac();
    } catch (DecodeException e) {
      throw new ReaderIoException("the PSAM refused the block MAC: " + mac.status());
    }
  }

  private static ResponseApdu send(ApduTransport slot, CommandApdu c) throws TransportException {
    byte[] r;
    try {
      r = slot.transmit(c.encode());
    } catch (CardIoException e) {
      throw new ReaderIoException("the PSAM stopped answering: " + e.getMessage(), e);
    }
    try {
      return ResponseApdu.parse(r);
    } catch (DecodeException e) {
      throw new ReaderIoException("the PSAM answered no status word");
    }
  }
}
