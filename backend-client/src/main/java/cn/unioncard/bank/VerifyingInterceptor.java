package cn.unioncard.bank;

import cn.unioncard.bank.signing.SignatureAlgorithm;
import cn.unioncard.bank.signing.SigningString;
import cn.unioncard.bank.signing.Verifier;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Reads each answer whole (at most the configured size) and checks its signature with the bank's response key
 * (docs/bank-api.md, "Response headers"): the echoed request id must be this attempt's, the algorithm the
 * configured one, the signature valid over status, request id, timestamp and body hash. A failure is {@link
 * BankException.Kind#BAD_SIGNATURE} and is not retried.
 *
 * <p>Answers the client only retries on (429, 500, 502, 503, 504) are not checked: an intermediary's error
 * page carries no signature, and such an answer only leads to another attempt, its content unused beyond
 * {@code Retry-After} (whose wait is bounded by configuration).
 */
final class VerifyingInterceptor implements Interceptor {
  private final Verifier verifier;
  private final long maxBytes;

  VerifyingInterceptor(Verifier verifier, long maxBytes) {
    this.verifier = verifier;
    this.maxBytes = maxBytes;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    String sentRequestId = chain.request().header(SigningInterceptor.REQUEST_ID);
    Response response = chain.proceed(chain.request());
    if (RetryInterceptor.retryable(response.code())) {
      return response;
    }
    byte[] body;
    MediaType type;
    try (ResponseBody b = response.body()) {
      type = b.contentType();
      body = readBounded(b.source(), chain.request().tag(DownloadProgress.class), b.contentLength());
    }
    if (body == null) {
      throw new BankFailure(
          new BankException(
              BankException.Kind.MALFORMED_RESPONSE, "answer longer than " + maxBytes + " bytes"));
    }
    String requestId = response.header(SigningInterceptor.REQUEST_ID);
    String timestamp = response.header(SigningInterceptor.TIMESTAMP);
    String alg = response.header(SigningInterceptor.SIGNATURE_ALG);
    String signature = response.header(SigningInterceptor.SIGNATURE);
    String problem = null;
    if (signature == null || timestamp == null || requestId == null || alg == null) {
      problem = "the answer (" + response.code() + ") is not signed";
    } else if (!requestId.equals(sentRequestId)) {
      problem = "the answer is for another request (X-Request-Id " + requestId + ", sent " + sentRequestId + ")";
    } else if (SignatureAlgorithm.fromHeader(alg) != verifier.algorithm()) {
      problem = "the answer is signed with " + alg + ", the bank's key is " + verifier.algorithm().headerValue();
    } else {
      byte[] signed =
          SigningString.response(response.code(), requestId, timestamp, SigningString.sha256Hex(body));
      if (!verifier.verify(signed, signature)) {
        problem = "the answer's (" + response.code() + ") signature does not verify";
      }
    }
    if (problem != null) {
      throw new BankFailure(new BankException(BankException.Kind.BAD_SIGNATURE, problem));
    }
    return response.newBuilder().body(ResponseBody.create(body, type)).build();
  }

  /** The whole body, or null when it is longer than the limit. A cut connection is an IOException. */
  private byte[] readBounded(BufferedSource source, DownloadProgress progress, long length) throws IOException {
    Buffer out = new Buffer();
    long reported = 0;
    while (out.size() <= maxBytes) {
      long n = source.read(out, 8192);
      if (n == -1) {
        if (progress != null) {
          progress.progress(out.size(), length, true);
        }
        return out.readByteArray();
      }
      if (progress != null && out.size() - reported >= DownloadProgress.STEP) {
        reported = out.size();
        progress.progress(reported, length, false);
      }
    }
    return null;
  }
}
