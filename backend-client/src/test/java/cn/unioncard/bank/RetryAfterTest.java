package cn.unioncard.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.unioncard.bank.signing.Signer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code Retry-After} (RFC 9110 §10.2.3): delta-seconds or an HTTP-date; anything else means back-off. */
class RetryAfterTest {
  static final RetryInterceptor RETRY = new RetryInterceptor(
      BankClientConfig.builder()
          .baseUrl("https://bank.test").terminalId("T0000001").certificatePin("sha256/AAAA")
          .signer(Signer.sm2(SigningTestKeys.TERMINAL_SM2, new SecureRandom()))
          .responseVerifier(Signer.sm2(SigningTestKeys.BANK_RESPONSE, new SecureRandom()).verifier())
          .referenceVerifier(Signer.sm2(SigningTestKeys.BANK_REFERENCE, new SecureRandom()).verifier())
          .clock(Clock.fixed(Instant.parse("2026-11-23T11:40:00Z"), ZoneOffset.UTC))
          .build(),
      System::nanoTime);

  @ParameterizedTest(name = "\"{0}\" → {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0 | 0",
        "1 | 1000",
        " 120  | 120000",
        "Mon, 23 Nov 2026 11:40:05 GMT | 5000",
        "Mon, 23 Nov 2026 11:39:00 GMT | 0",
        "-1 | -1",
        "1.5 | -1",
        "soon | -1",
        "9999999999 | -1",
        "'' | -1",
      })
  void readsTheWait(String header, long millis) {
    assertEquals(millis, RETRY.retryAfterMillis(header));
  }
}
