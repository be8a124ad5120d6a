package cn.unioncard.sim.bank;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.BooleanSupplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The simulator's TLS identity, made at start-up: a test CA and two server certificates for {@code localhost}
 * and {@code 127.0.0.1} signed by it (ECDSA P-256 with SHA-256, RFC 5480/5758): one valid, one that expired a day
 * ago for the "expired certificate" fault. Clients trust only the CA ({@link #caPem()}).
 */
public final class BankCertificates {
  static final String VALID = "valid";
  static final String EXPIRED = "expired";
  private static final char[] NO_PASSWORD = "unioncard-test".toCharArray();

  private final X509Certificate ca;
  private final X509Certificate server;
  private final X509Certificate expired;
  private final KeyStore keyStore;

  private BankCertificates(X509Certificate ca, X509Certificate server, X509Certificate expired, KeyStore ks) {
    this.ca = ca;
    this.server = server;
    this.expired = expired;
    this.keyStore = ks;
  }

  /** A fresh CA and server certificates, valid from an hour ago for {@code validity}. */
  public static BankCertificates create(Instant now, Duration validity) {
    try {
      KeyPair caKeys = p256();
      KeyPair serverKeys = p256();
      X500Name caName = new X500Name("CN=UnionCard Test Bank CA,O=UnionCard Test,C=CN");
      X500Name serverName = new X500Name("CN=localhost,O=UnionCard Test Bank,C=CN");
      Instant from = now.minus(Duration.ofHours(1));
      X509Certificate ca = caCertificate(caName, caKeys, from, now.plus(validity).plus(Duration.ofDays(1)));
      X509Certificate server =
          serverCertificate(caName, caKeys.getPrivate(), ca, serverName, serverKeys, from, now.plus(validity));
      X509Certificate expired =
          serverCertificate(
              caName, caKeys.getPrivate(), ca, serverName, serverKeys,
              now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry(VALID, serverKeys.getPrivate(), NO_PASSWORD, new X509Certificate[] {server, ca});
      ks.setKeyEntry(EXPIRED, serverKeys.getPrivate(), NO_PASSWORD, new X509Certificate[] {expired, ca});
      return new BankCertificates(ca, server, expired, ks);
    } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
      throw new IllegalStateException("cannot make the test certificates: " + e.getMessage(), e);
    }
  }

  /** The CA certificate. */
  public X509Certificate ca() {
    return ca;
  }

  /** The valid server certificate. */
  public X509Certificate serverCertificate() {
    return server;
  }

  /** The expired server certificate (same key, same names). */
  public X509Certificate expiredCertificate() {
    return expired;
  }

  /** The CA certificate in PEM, the only thing a client of the simulator should trust. */
  public String caPem() {
    return pem(ca);
  }

  /** A certificate in PEM. */
  public static String pem(X509Certificate certificate) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(certificate);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }

  /** An SSL context that trusts only this CA (for tests and the demo's JDK clients). */
  public SSLContext clientContext() {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", ca);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), new SecureRandom());
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The server's SSL context: it presents the expired certificate while {@code expiredFault} says so, checked at
   * every handshake.
   */
  SSLContext serverContext(BooleanSupplier expiredFault) {
    try {
      KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
      kmf.init(keyStore, NO_PASSWORD);
      X509ExtendedKeyManager base = null;
      for (javax.net.ssl.KeyManager km : kmf.getKeyManagers()) {
        if (km instanceof X509ExtendedKeyManager) {
          base = (X509ExtendedKeyManager) km;
        }
      }
      if (base == null) {
        throw new IllegalStateException("no X.509 key manager");
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(new javax.net.ssl.KeyManager[] {new Chooser(base, expiredFault)}, null, new SecureRandom());
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Forgets the server's TLS sessions, so the next connection makes a full handshake (and sees the certificate). */
  static void forgetSessions(SSLContext context) {
    SSLSessionContext sessions = context.getServerSessionContext();
    java.util.Enumeration<byte[]> ids = sessions.getIds();
    while (ids.hasMoreElements()) {
      javax.net.ssl.SSLSession s = sessions.getSession(ids.nextElement());
      if (s != null) {
        s.invalidate();
      }
    }
  }

  private static KeyPair p256() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
    return g.generateKeyPair();
  }

  private static X509Certificate caCertificate(X500Name name, KeyPair keys, Instant from, Instant to)
      throws GeneralSecurityException, IOException, org.bouncycastle.operator.OperatorCreationException {
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    X509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(name, serial(), Date.from(from), Date.from(to), name, keys.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
    return sign(b, keys.getPrivate());
  }

  private static X509Certificate serverCertificate(
      X500Name issuer, PrivateKey caKey, X509Certificate ca, X500Name name, KeyPair keys, Instant from, Instant to)
      throws GeneralSecurityException, IOException, org.bouncycastle.operator.OperatorCreationException {
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    X509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(issuer, serial(), Date.from(from), Date.from(to), name, keys.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    b.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.dNSName, "localhost"),
              new GeneralName(GeneralName.iPAddress, "127.0.0.1")
            }));
    b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
    return sign(b, caKey);
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key)
      throws GeneralSecurityException, org.bouncycastle.operator.OperatorCreationException {
    ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
    return new JcaX509CertificateConverter().getCertificate(b.build(signer));
  }

  private static BigInteger serial() {
    return new BigInteger(64, new SecureRandom()).add(BigInteger.ONE);
  }

  /** Picks the valid or the expired certificate at each handshake. */
  private static final class Chooser extends X509ExtendedKeyManager {
    private final X509ExtendedKeyManager base;
    private final BooleanSupplier expired;

    Chooser(X509ExtendedKeyManager base, BooleanSupplier expired) {
      this.base = base;
      this.expired = expired;
    }

    private String alias() {
      return expired.getAsBoolean() ? EXPIRED : VALID;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return "EC".equals(keyType) ? alias() : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return "EC".equals(keyType) ? alias() : null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return base.getServerAliases(keyType, issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return base.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return base.getPrivateKey(alias);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return null;
    }
  }

}
