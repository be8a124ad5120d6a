package cn.unioncard.sim.bank;

import cn.unioncard.bank.keys.PanProtection;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.crypto.HmacSm3;
import cn.unioncard.protocol.emv.Pan;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The bank's side of the card data (docs/bank-api.md, Card data): the PAN hash, the PIN check, the PAN's opening. */
final class CardData {
  /** A PAN and the working keys (of one sign-on) whose data key opened it. */
  record Opened(Pan pan, IssuedKeys keys) {}

  private final byte[] panHashKey;

  CardData(byte[] panHashKey) {
    this.panHashKey = panHashKey;
  }

  /** The PAN hash key every sign-on hands out. */
  byte[] panHashKey() {
    return panHashKey;
  }

  /** The pan hash of a PAN under the shared PAN hash key. */
  String panHash(String pan) {
    return Hex.encode(HmacSm3.mac(panHashKey, pan.getBytes(StandardCharsets.US_ASCII)));
  }

  /** The keyed check value the ledger keeps instead of a PIN. */
  String pinCheck(String pan, String pin) {
    return Hex.encode(HmacSm3.mac(panHashKey, ("PIN:" + pan + ":" + pin).getBytes(StandardCharsets.US_ASCII)));
  }

  /**
   * The PAN of a {@code pan_encrypted}, trying the terminal's data keys newest first (a terminal whose last
   * sign-on answer was lost still uses the keys before it; a record may be uploaded days later); null when none
   * opens it. GCM's tag makes a wrong key fail, never give a wrong PAN.
   */
  Opened open(List<IssuedKeys> keys, String panEncrypted, String transactionId) {
    for (IssuedKeys k : keys) {
      try {
        return new Opened(new PanProtection(panHashKey, k.dataKey()).decryptPan(panEncrypted, transactionId), k);
      } catch (DecodeException e) {
        // not this key
      }
    }
    return null;
  }
}
