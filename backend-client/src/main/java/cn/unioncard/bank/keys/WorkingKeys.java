package cn.unioncard.bank.keys;

import cn.unioncard.bank.BankException;
import cn.unioncard.bank.model.KeyAlgorithm;
import cn.unioncard.bank.model.SignOnResponse;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.crypto.Keys;
import java.time.LocalDate;

/**
 * The working keys of a business day, in clear, in memory only: the PIN key, the data MAC key, the data key
 * (SM4-GCM of the PAN) and the PAN hash key (HMAC-SM3). Made from a sign-on answer by {@link #unwrap}, which
 * takes all four or none. Accessors return copies; {@link #wipe()} clears them; {@link #toString()} shows only
 * the algorithm, version and check values, never a key.
 */
public final class WorkingKeys {
  private final KeyAlgorithm algorithm;
  private final int keyVersion;
  private final LocalDate businessDate;
  private final byte[] pinKey;
  private final byte[] macKey;
  private final byte[] dataKey;
  private final byte[] panHashKey;

  /** Keys given in clear (the bank's side, tests). */
  public WorkingKeys(
      KeyAlgorithm algorithm, int keyVersion, LocalDate businessDate, byte[] pinKey, byte[] macKey,
      byte[] dataKey, byte[] panHashKey) {
    this.algorithm = algorithm;
    this.keyVersion = keyVersion;
    this.businessDate = businessDate;
    this.pinKey = copy(pinKey, "PIN key");
    this.macKey = copy(macKey, "MAC key");
    this.dataKey = copy(dataKey, "data key");
    this.panHashKey = copy(panHashKey, "PAN hash key");
  }

  private static byte[] copy(byte[] key, String what) {
    KeyBlocks.requireLength(key, KeyBlocks.KEY_LENGTH, what);
    return key.clone();
  }

  /**
   * Decrypts the four key blocks of {@code signOn} under the terminal master key and verifies each check value.
   *
   * @throws BankException {@link BankException.Kind#KEY_CHECK_FAILED} naming the first key that fails; no key
   *     is kept then
   */
  public static WorkingKeys unwrap(SignOnResponse signOn, byte[] tmk) throws BankException {
    KeyAlgorithm a = signOn.algorithm();
    byte[] pin = null;
    byte[] mac = null;
    byte[] data = null;
    byte[] hash = null;
    try {
      pin = KeyBlocks.unwrap(a, tmk, signOn.pinKey(), "pin_key");
      mac = KeyBlocks.unwrap(a, tmk, signOn.macKey(), "mac_key");
      data = KeyBlocks.unwrap(a, tmk, signOn.dataKey(), "data_key");
      hash = KeyBlocks.unwrap(a, tmk, signOn.panHashKey(), "pan_hash_key");
      return new WorkingKeys(a, signOn.keyVersion(), signOn.businessDate(), pin, mac, data, hash);
    } catch (DecodeException e) {
      throw new BankException(
          BankException.Kind.KEY_CHECK_FAILED, "sign-on refused: " + e.reason(), e);
    } finally {
      wipeAll(pin, mac, data, hash);
    }
  }

  private static void wipeAll(byte[]... keys) {
    for (byte[] k : keys) {
      if (k != null) {
        Keys.wipe(k);
      }
    }
  }

  public KeyAlgorithm algorithm() {
    return algorithm;
  }

  public int keyVersion() {
    return keyVersion;
  }

  public LocalDate businessDate() {
    return businessDate;
  }

  /** A copy of the PIN key (ISO 9564 PIN blocks). */
  public byte[] pinKey() {
    return pinKey.clone();
  }

  /** A copy of the data MAC key. */
  public byte[] macKey() {
    return macKey.clone();
  }

  /** A copy of the data key (SM4-GCM of the PAN). */
  public byte[] dataKey() {
    return dataKey.clone();
  }

  /** A copy of the PAN hash key (HMAC-SM3). */
  public byte[] panHashKey() {
    return panHashKey.clone();
  }

  /** The PAN protection of these keys. */
  public PanProtection panProtection() {
    return new PanProtection(panHashKey, dataKey);
  }

  /** Overwrites every key with zeros. */
  public void wipe() {
    wipeAll(pinKey, macKey, dataKey, panHashKey);
  }

  @Override
  public String toString() {
    return "WorkingKeys[" + algorithm + " v" + keyVersion + " " + businessDate
        + ", kcv pin " + kcv(pinKey) + " mac " + kcv(macKey) + " data " + kcv(dataKey)
        + " pan-hash " + kcv(panHashKey) + "]";
  }

  private String kcv(byte[] key) {
    return Hex.encode(algorithm.cipher().checkValue(key));
  }
}
