package cn.unioncard.bank;

import cn.unioncard.bank.model.BankJson;
import cn.unioncard.bank.signing.SignatureAlgorithm;
import cn.unioncard.bank.signing.Signer;
import cn.unioncard.bank.signing.SigningString;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.function.UnaryOperator;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * A scripted bank on a real HTTPS server (mockwebserver3 on loopback, ephemeral port) with a certificate made
 * here. Each planned answer is signed with the bank's response key for the request id of the attempt it
 * answers, unless told to sign it wrongly or not at all.
 */
final class FakeBank implements AutoCloseable {
  enum Signing { GOOD, TAMPERED, NONE, OTHER_REQUEST_ID }

  /** One planned answer. */
  static final class Answer {
    int status = 200;
    byte[] body = new byte[0];
    Signing signing = Signing.GOOD;
    final List<String[]> headers = new ArrayList<>();
    UnaryOperator<MockResponse.Builder> effect = b -> b;

    static Answer json(int status, String json) {
      Answer a = new Answer();
      a.status = status;
      a.body = json.getBytes(StandardCharsets.UTF_8);
      return a;
    }

    static Answer of(int status, Object value) {
      Answer a = new Answer();
      a.status = status;
      a.body = BankJson.write(value);
      return a;
    }

    Answer signing(Signing s) {
      signing = s;
      return this;
    }

    Answer header(String name, String value) {
      headers.add(new String[] {name, value});
      return this;
    }

    Answer effect(UnaryOperator<MockResponse.Builder> e) {
      effect = e;
      return this;
    }
  }

  static final HeldCertificate CERT = certificate();
  static final HeldCertificate OTHER_CERT = certificate();
  /** A CA, and a server certificate it signed: validity is checked on a chain (a trusted leaf is an anchor). */
  static final HeldCertificate CA = new HeldCertificate.Builder().commonName("bank CA").certificateAuthority(0)
      .ecdsa256().validityInterval(BankClientTest.NOW.minus(Duration.ofHours(1)).toEpochMilli(),
          BankClientTest.NOW.plus(Duration.ofDays(2)).toEpochMilli()).build();
  static final HeldCertificate CA_SIGNED = certificate(CA);

  final Signer responseKey = Signer.sm2(SigningTestKeys.BANK_RESPONSE, new SecureRandom());
  final Signer referenceKey = Signer.sm2(SigningTestKeys.BANK_REFERENCE, new SecureRandom());
  final MockWebServer server = new MockWebServer();
  final LinkedBlockingDeque<Answer> answers = new LinkedBlockingDeque<>();
  final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());

  FakeBank() throws IOException {
    this(CERT);
  }

  FakeBank(HeldCertificate serverCert, java.security.cert.X509Certificate... chain) throws IOException {
    HandshakeCertificates server = new HandshakeCertificates.Builder().heldCertificate(serverCert, chain).build();
    this.server.useHttps(server.sslSocketFactory());
    // HTTP/1.1, so that a dropped connection is a closed socket (under HTTP/2 the effects act on a stream)
    this.server.setProtocols(Collections.singletonList(okhttp3.Protocol.HTTP_1_1));
    this.server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            requests.add(request);
            Answer a = answers.poll();
            if (a == null) {
              a = Answer.json(500, "{\"error\":\"unavailable\",\"message\":\"nothing planned\"}");
            }
            return respond(request, a);
          }
        });
    this.server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  private static HeldCertificate certificate() {
    return certificate(null);
  }

  private static HeldCertificate certificate(HeldCertificate issuer) {
    HeldCertificate.Builder b = new HeldCertificate.Builder();
    if (issuer != null) {
      b.signedBy(issuer);
    }
    return b
        .commonName("bank.test")
        .addSubjectAlternativeName("localhost")
        .addSubjectAlternativeName("127.0.0.1")
        .ecdsa256()
        // valid around the tests' clock (BankClientTest.NOW), which the client checks it with, not around today
        .validityInterval(BankClientTest.NOW.minus(Duration.ofHours(1)).toEpochMilli(),
            BankClientTest.NOW.plus(Duration.ofDays(1)).toEpochMilli())
        .build();
  }

  String baseUrl() {
    return "https://127.0.0.1:" + server.getPort();
  }

  FakeBank plan(Answer a) {
    answers.add(a);
    return this;
  }

  private MockResponse respond(RecordedRequest request, Answer a) {
    String requestId = request.getHeaders().get("X-Request-Id");
    if (requestId == null) {
      requestId = "none";
    }
    String ts = BankJson.formatInstant(BankClientTest.NOW);
    MockResponse.Builder b = new MockResponse.Builder().code(a.status);
    b.body(new okio.Buffer().write(a.body));
    b.addHeader("Content-Type", "application/json");
    if (a.signing != Signing.NONE) {
      String rid = a.signing == Signing.OTHER_REQUEST_ID ? "0" + requestId : requestId;
      String sig = responseKey.sign(SigningString.response(a.status, rid, ts, SigningString.sha256Hex(a.body)));
      if (a.signing == Signing.TAMPERED) {
        sig = responseKey.sign(SigningString.response(a.status, rid, ts, SigningString.sha256Hex(new byte[] {1})));
      }
      b.addHeader("X-Request-Id", rid);
      b.addHeader("X-Timestamp", ts);
      b.addHeader("X-Signature-Alg", SignatureAlgorithm.SM2_SM3.headerValue());
      b.addHeader("X-Signature", sig);
    }
    for (String[] h : a.headers) {
      b.setHeader(h[0], h[1]);
    }
    return a.effect.apply(b).build();
  }

  RecordedRequest request(int i) {
    return requests.get(i);
  }

  @Override
  public void close() {
    server.close();
  }
}
