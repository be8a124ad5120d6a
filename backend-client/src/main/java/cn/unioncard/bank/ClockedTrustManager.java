package cn.unioncard.bank;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The platform's PKIX trust manager over a fixed set of trusted certificates, with the certificates' validity
 * checked at the client's own {@link Clock} rather than the machine's (RFC 5280 §6.1.3 (a)(2): "the certificate
 * validity period includes the current time"; here, the terminal's current time). The client signs its requests
 * and reads {@code Retry-After} dates with that clock; checking the bank's certificate with another would let
 * the two disagree. Each check builds the platform's trust manager afresh for the clock's instant, so every other
 * check of the platform (chain, key usage, algorithm constraints; okhttp checks the host name) stays as it is.
 *
 * <p>A platform that cannot take a validation date (Android's Conscrypt accepts only a key store) checks at the
 * machine's time, which is what the system clock gives anyway.
 */
final class ClockedTrustManager extends X509ExtendedTrustManager {
  private final KeyStore trusted;
  private final Clock clock;
  private final X509ExtendedTrustManager atMachineTime;
  private final boolean datesSupported;

  ClockedTrustManager(KeyStore trusted, Clock clock) throws GeneralSecurityException {
    this.trusted = trusted;
    this.clock = clock;
    TrustManagerFactory plain = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    plain.init(trusted);
    this.atMachineTime = extended(plain.getTrustManagers());
    boolean supported;
    try {
      at(null);
      supported = true;
    } catch (InvalidAlgorithmParameterException | IllegalStateException e) {
      supported = false;
    }
    this.datesSupported = supported;
  }

  /** The platform's trust manager checking validity at {@code date} (null: at the machine's time). */
  private X509ExtendedTrustManager at(Date date) throws GeneralSecurityException {
    PKIXBuilderParameters p = new PKIXBuilderParameters(trusted, new X509CertSelector());
    p.setRevocationEnabled(false); // the trusted set is the bank's own CA or certificate, given in configuration
    p.setDate(date);
    TrustManagerFactory f = TrustManagerFactory.getInstance("PKIX");
    f.init(new CertPathTrustManagerParameters(p));
    return extended(f.getTrustManagers());
  }

  private static X509ExtendedTrustManager extended(TrustManager[] managers) {
    for (TrustManager tm : managers) {
      if (tm instanceof X509ExtendedTrustManager) {
        return (X509ExtendedTrustManager) tm;
      }
    }
    throw new IllegalStateException("the platform has no X.509 trust manager");
  }

  private X509ExtendedTrustManager now() throws CertificateException {
    if (!datesSupported) {
      return atMachineTime;
    }
    try {
      return at(Date.from(clock.instant()));
    } catch (GeneralSecurityException e) {
      throw new CertificateException("cannot check the bank's certificate: " + e.getMessage(), e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    now().checkServerTrusted(chain, authType, socket);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    now().checkServerTrusted(chain, authType, engine);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    now().checkServerTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("the terminal does not accept clients");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("the terminal does not accept clients");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("the terminal does not accept clients");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return atMachineTime.getAcceptedIssuers();
  }
}
