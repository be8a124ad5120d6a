package cn.unioncard.protocol.crypto;

import cn.unioncard.protocol.DecodeException;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/** The two 256-bit prime curves of this package and their key encodings (package-private plumbing). */
enum EcCurve {
  /** sm2p256v1, GB/T 32918.5-2017 (GM/T 0003.5-2012) recommended curve. */
  SM2P256V1("sm2p256v1"),
  /** NIST P-256 (secp256r1), FIPS 186-4 D.1.2.3. */
  P256("secp256r1");

  /** Field element and scalar length in bytes. */
  static final int LENGTH = 32;

  private final ECDomainParameters domain;

  EcCurve(String name) {
    X9ECParameters x9 = CustomNamedCurves.getByName(name);
    this.domain = new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH(), x9.getSeed());
  }

  ECDomainParameters domain() {
    return domain;
  }

  BigInteger order() {
    return domain.getN();
  }

  EcKeyPair generate(SecureRandom random) {
    ECKeyPairGenerator g = new ECKeyPairGenerator();
    g.init(new ECKeyGenerationParameters(domain, random));
    AsymmetricCipherKeyPair kp = g.generateKeyPair();
    BigInteger d = ((ECPrivateKeyParameters) kp.getPrivate()).getD();
    byte[] priv = BigIntegers.asUnsignedByteArray(LENGTH, d);
    ECPoint q = ((ECPublicKeyParameters) kp.getPublic()).getQ();
    try {
      return new EcKeyPair(name(), priv, q.getEncoded(false));
    } finally {
      Keys.wipe(priv);
    }
  }

  /** A private key from its 32 big-endian bytes; 1 ≤ d ≤ n−1 (n−2 for SM2, GB/T 32918.1 §6.1). */
  ECPrivateKeyParameters privateKey(byte[] d) {
    Keys.requireLength(d, LENGTH, "private key");
    BigInteger v = new BigInteger(1, d);
    BigInteger max = order().subtract(BigInteger.valueOf(this == SM2P256V1 ? 2 : 1));
    if (v.signum() <= 0 || v.compareTo(max) > 0) {
      throw new IllegalArgumentException("private key out of range");
    }
    return new ECPrivateKeyParameters(v, domain);
  }

  /** The uncompressed public key {@code 04 ‖ X ‖ Y} of a private key. */
  byte[] publicKeyOf(byte[] d) {
    ECPrivateKeyParameters p = privateKey(d);
    return domain.getG().multiply(p.getD()).normalize().getEncoded(false);
  }

  /**
   * A public key from its uncompressed encoding {@code 04 ‖ X ‖ Y} (65 bytes; SEC 1 §2.3.3), checked to be a
   * point of the curve other than infinity.
   */
  ECPublicKeyParameters publicKey(byte[] encoded) throws DecodeException {
    ECPoint q = decodePoint(encoded, "public key");
    return new ECPublicKeyParameters(q, domain);
  }

  ECPoint decodePoint(byte[] encoded, String what) throws DecodeException {
    if (encoded == null || encoded.length != 1 + 2 * LENGTH) {
      throw new DecodeException(what + " must be 65 bytes (04 ‖ X ‖ Y)", DecodeException.NO_OFFSET);
    }
    if (encoded[0] != 0x04) {
      throw new DecodeException(what + " is not an uncompressed point (first byte not 04)", 0);
    }
    BigInteger x = new BigInteger(1, java.util.Arrays.copyOfRange(encoded, 1, 1 + LENGTH));
    BigInteger y = new BigInteger(1, java.util.Arrays.copyOfRange(encoded, 1 + LENGTH, encoded.length));
    BigInteger p = domain.getCurve().getField().getCharacteristic();
    if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
      throw new DecodeException(what + " coordinate is not a field element", 1);
    }
    ECPoint q = domain.getCurve().createPoint(x, y);
    if (!q.isValid()) {
      throw new DecodeException(what + " is not a point of " + name(), 1);
    }
    return q;
  }

  /** r and s of a raw 64-byte signature both in [1, n−1]. */
  boolean signatureInRange(byte[] raw) {
    BigInteger n = order();
    BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(raw, 0, LENGTH));
    BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(raw, LENGTH, 2 * LENGTH));
    return r.signum() > 0 && s.signum() > 0 && r.compareTo(n) < 0 && s.compareTo(n) < 0;
  }
}
