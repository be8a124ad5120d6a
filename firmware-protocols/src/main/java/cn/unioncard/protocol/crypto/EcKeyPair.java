package cn.unioncard.protocol.crypto;

/**
 * An elliptic-curve key pair: the private key as 32 big-endian bytes and the public key as the uncompressed
 * point {@code 04 ‖ X ‖ Y} (65 bytes). The private key never appears in {@link #toString()}; {@link #wipe()}
 * clears it.
 */
public final class EcKeyPair {
  private final String curve;
  private final byte[] privateKey;
  private final byte[] publicKey;

  EcKeyPair(String curve, byte[] privateKey, byte[] publicKey) {
    this.curve = curve;
    this.privateKey = privateKey.clone();
    this.publicKey = publicKey.clone();
  }

  /** The curve's name, {@code SM2P256V1} or {@code P256}. */
  public String curve() {
    return curve;
  }

  /** A copy of the private key (32 bytes); wipe it after use. */
  public byte[] privateKey() {
    return privateKey.clone();
  }

  /** A copy of the public key {@code 04 ‖ X ‖ Y} (65 bytes). */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** Overwrites this object's private key with zeros. */
  public void wipe() {
    Keys.wipe(privateKey);
  }

  @Override
  public String toString() {
    return "EcKeyPair[" + curve + ", public " + cn.unioncard.protocol.Hex.encode(publicKey) + "]";
  }
}
