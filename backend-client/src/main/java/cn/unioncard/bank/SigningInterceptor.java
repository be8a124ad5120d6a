package cn.unioncard.bank;

import cn.unioncard.bank.model.BankJson;
import cn.unioncard.bank.signing.Signer;
import cn.unioncard.bank.signing.SigningString;
import java.io.IOException;
import java.time.Clock;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;

/**
 * Signs every attempt (docs/bank-api.md, "Request headers"): a fresh {@code X-Request-Id} and {@code
 * X-Timestamp} each time, so a retry is never a replay, and the signature over the signing string. The {@code
 * Idempotency-Key}, set once by the caller, passes unchanged. Asks for an uncompressed answer so the body the
 * bank signed is the body read.
 */
final class SigningInterceptor implements Interceptor {
  static final String TERMINAL_ID = "X-Terminal-Id";
  static final String REQUEST_ID = "X-Request-Id";
  static final String TIMESTAMP = "X-Timestamp";
  static final String SIGNATURE_ALG = "X-Signature-Alg";
  static final String SIGNATURE = "X-Signature";
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private final String terminalId;
  private final Signer signer;
  private final Clock clock;
  private final Supplier<String> requestIds;

  SigningInterceptor(String terminalId, Signer signer, Clock clock, Supplier<String> requestIds) {
    this.terminalId = terminalId;
    this.signer = signer;
    this.clock = clock;
    this.requestIds = requestIds;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    String requestId = requestIds.get();
    String timestamp = BankJson.formatInstant(clock.instant());
    HttpUrl url = request.url();
    String pathAndQuery = url.encodedPath() + (url.encodedQuery() == null ? "" : "?" + url.encodedQuery());
    byte[] signed =
        SigningString.request(
            request.method(), pathAndQuery, terminalId, requestId, timestamp, bodySha256(request.body()));
    Request signedRequest =
        request
            .newBuilder()
            .header(TERMINAL_ID, terminalId)
            .header(REQUEST_ID, requestId)
            .header(TIMESTAMP, timestamp)
            .header(SIGNATURE_ALG, signer.algorithm().headerValue())
            .header(SIGNATURE, signer.sign(signed))
            .header("Accept", "application/json")
            .header("Accept-Encoding", "identity")
            .build();
    return chain.proceed(signedRequest);
  }

  private static String bodySha256(RequestBody body) throws IOException {
    if (body == null) {
      return SigningString.EMPTY_BODY_SHA256;
    }
    if (body instanceof JsonBody) {
      return ((JsonBody) body).sha256Hex();
    }
    Buffer buffer = new Buffer();
    body.writeTo(buffer);
    return SigningString.sha256Hex(buffer.readByteArray());
  }
}
