package cn.unioncard.protocol.crypto;

import java.security.SecureRandom;
import java.util.Random;

/** A SecureRandom driven by a seeded {@link Random}, so property tests that generate keys are repeatable. */
final class SeededSecureRandom extends SecureRandom {
  private static final long serialVersionUID = 1L;
  private final Random rnd;

  SeededSecureRandom(long seed) {
    this.rnd = new Random(seed);
  }

  @Override
  public void nextBytes(byte[] bytes) {
    rnd.nextBytes(bytes);
  }
}
