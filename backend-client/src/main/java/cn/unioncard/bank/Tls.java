package cn.unioncard.bank;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.CertificatePinner;
import okhttp3.OkHttpClient;

/**
 * The client's TLS trust: a trust store holding only the configured certificates (the bank's CA, or its own
 * certificate), and/or okhttp's {@link CertificatePinner} with SHA-256 pins of the host. Hostname
 * verification stays okhttp's default. Certificate validity is checked at the client's clock ({@link ClockedTrustManager}).
 */
final class Tls {
  private Tls() {}

  static void apply(OkHttpClient.Builder builder, BankClientConfig c) {
    if (c.trustedCertificatesPem != null && !c.trustedCertificatesPem.trim().isEmpty()) {
      X509TrustManager tm = trustOnly(c.trustedCertificatesPem, c.clock);
      try {
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, new TrustManager[] {tm}, null);
        builder.sslSocketFactory(ssl.getSocketFactory(), tm);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot set up TLS", e);
      }
    }
    if (!c.certificatePins.isEmpty()) {
      CertificatePinner.Builder pins = new CertificatePinner.Builder();
      for (String pin : c.certificatePins) {
        pins.add(c.baseUrl.host(), pin);
      }
      builder.certificatePinner(pins.build());
    }
  }

  /** A trust manager that trusts exactly the certificates of {@code pem}, valid at {@code clock}'s instant. */
  static X509TrustManager trustOnly(String pem, Clock clock) {
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      Collection<? extends Certificate> certs =
          cf.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      if (certs.isEmpty()) {
        throw new IllegalArgumentException("no certificate in the trusted PEM");
      }
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (Certificate cert : certs) {
        ks.setCertificateEntry("bank-" + i++, cert);
      }
      return new ClockedTrustManager(ks, clock);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("the trusted certificates are not valid PEM: " + e.getMessage(), e);
    }
  }
}
