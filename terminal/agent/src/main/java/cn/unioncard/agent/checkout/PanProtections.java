package cn.unioncard.agent.checkout;

import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.bank.keys.PanProtection;
import cn.unioncard.bank.keys.WorkingKeys;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.emv.Pan;

/** The PAN's keyed hash and SM4-GCM encryption under the keys in use (made once per sign-on). */
final class PanProtections {
  private record KeyedProtection(WorkingKeys keys, PanProtection protection) {}

  /** The PAN protection of the keys in use, made once per sign-on (it holds its own random source). */
  private volatile KeyedProtection protection;

  PanProtection of(WorkingKeys k) {
    KeyedProtection p = protection;
    if (p == null || p.keys() != k) {
      p = new KeyedProtection(k, k.panProtection());
      protection = p;
    }
    return p.protection();
  }

  static byte[] encrypted(PanProtection p, Pan pan, String transactionId) {
    return Hex.of(p.encryptPan(pan, transactionId));
  }

  /** The original's PAN sealed again for another transaction id, or null when this day's key cannot open it. */
  static byte[] reseal(WorkingKeys k, TxRecord original, String newId) {
    if (original.panEncrypted() == null) {
      return null;
    }
    PanProtection p = k.panProtection();
    try {
      Pan pan = p.decryptPan(Hex.encode(original.panEncrypted()), original.id());
      return encrypted(p, pan, newId);
    } catch (DecodeException | RuntimeException e) {
      return null;
    }
  }
}
