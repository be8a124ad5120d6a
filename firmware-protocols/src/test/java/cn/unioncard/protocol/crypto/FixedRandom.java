package cn.unioncard.protocol.crypto;

import java.security.SecureRandom;

/**
 * A "random" source that hands out one fixed value: the way bc-java's own SM2 tests fix the per-signature k.
 * BouncyCastle draws k as 32 bytes from {@code nextBytes}, so returning k there makes signing and SM2 encryption
 * reproduce published examples. Tests only.
 */
final class FixedRandom extends SecureRandom {
  private static final long serialVersionUID = 1L;
  private final byte[] value;

  FixedRandom(byte[] value) {
    this.value = value.clone();
  }

  @Override
  public void nextBytes(byte[] bytes) {
    if (bytes.length != value.length) {
      throw new IllegalStateException("asked for " + bytes.length + " bytes, have " + value.length);
    }
    System.arraycopy(value, 0, bytes, 0, bytes.length);
  }
}
