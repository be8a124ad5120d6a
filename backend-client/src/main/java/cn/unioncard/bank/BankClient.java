package cn.unioncard.bank;

import cn.unioncard.bank.keys.WorkingKeys;
import cn.unioncard.bank.model.AuthorisationRequest;
import cn.unioncard.bank.model.AuthorisationResponse;
import cn.unioncard.bank.model.BalanceResponse;
import cn.unioncard.bank.model.BankJson;
import cn.unioncard.bank.model.BatchRequest;
import cn.unioncard.bank.model.BatchResponse;
import cn.unioncard.bank.model.DayCloseRequest;
import cn.unioncard.bank.model.DayCloseResponse;
import cn.unioncard.bank.model.ErrorBody;
import cn.unioncard.bank.model.Ids;
import cn.unioncard.bank.model.Member;
import cn.unioncard.bank.model.MemberLookupResponse;
import cn.unioncard.bank.model.PanHashRequest;
import cn.unioncard.bank.model.ReferenceDocument;
import cn.unioncard.bank.model.ReferenceKind;
import cn.unioncard.bank.model.ReversalRequest;
import cn.unioncard.bank.model.ReversalResponse;
import cn.unioncard.bank.model.SignOnRequest;
import cn.unioncard.bank.model.SignOnResponse;
import cn.unioncard.bank.model.TransactionStatus;
import cn.unioncard.bank.signing.ReferenceSignature;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The terminal's client of the bank API (docs/bank-api.md), over okhttp. Each method is one call: signed,
 * retried when safe, its answer's signature and schema checked. Every failure is a {@link BankException} with
 * a kind the caller acts on; no HTTP status or {@code IOException} escapes. Thread-safe; share one instance.
 *
 * <p>okhttp's own {@code retryOnConnectionFailure} is off: okhttp would resend the very same signed request
 * (same {@code X-Request-Id}), which the bank must refuse as a replay once the first copy got through. All
 * retries happen in {@link RetryInterceptor}, each attempt signed afresh. Redirects are not followed (the API
 * has none; one is a malformed answer).
 */
public final class BankClient implements AutoCloseable {
  private final BankClientConfig config;
  private final OkHttpClient http;
  private volatile java.util.function.Consumer<BankException> failureListener;

  public BankClient(BankClientConfig config) {
    this.config = config;
    OkHttpClient.Builder b =
        new OkHttpClient.Builder()
            .connectTimeout(config.connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
            .readTimeout(config.readTimeout.toMillis(), TimeUnit.MILLISECONDS)
            .writeTimeout(config.readTimeout.toMillis(), TimeUnit.MILLISECONDS)
            .callTimeout(config.callTimeout.toMillis(), TimeUnit.MILLISECONDS)
            .retryOnConnectionFailure(false)
            .followRedirects(false)
            .followSslRedirects(false)
            .addInterceptor(new RetryInterceptor(config, System::nanoTime))
            .addInterceptor(
                new SigningInterceptor(config.terminalId, config.signer, config.clock, config.requestIds))
            .addInterceptor(new VerifyingInterceptor(config.responseVerifier, config.maxResponseBytes));
    Tls.apply(b, config);
    this.http = b.build();
  }

  /**
   * {@code POST /v1/sign-on}: the working keys of the day, each decrypted under {@code tmk} and its check value
   * verified.
   *
   * @throws BankException {@link BankException.Kind#KEY_CHECK_FAILED} when one key's KCV does not match (no
   *     key is kept), or any kind of a failed call
   */
  public SignOn signOn(byte[] tmk) throws BankException {
    SignOnResponse r =
        call(post("sign-on", new SignOnRequest(config.terminalId), null), SignOnResponse.class, "sign-on answer");
    WorkingKeys keys = WorkingKeys.unwrap(r, tmk);
    return new SignOn(keys, r.businessDate(), r.serverTime());
  }

  /** {@code POST /v1/members/lookup}: the member the card belongs to, or empty when none. */
  public Optional<Member> lookupMember(String panHash) throws BankException {
    return call(post("members/lookup", new PanHashRequest(panHash), null), MemberLookupResponse.class,
            "member look-up answer")
        .found();
  }

  /**
   * {@code POST /v1/benefit/balance}.
   *
   * @throws BankException {@link BankException.Kind#NOT_FOUND} for a card without a benefit account
   */
  public BalanceResponse benefitBalance(String panHash) throws BankException {
    return call(post("benefit/balance", new PanHashRequest(panHash), null), BalanceResponse.class,
        "benefit balance answer");
  }

  /** {@code POST /v1/authorisations}, keyed by the request's transaction id. Approved or declined. */
  public AuthorisationResponse authorise(AuthorisationRequest request) throws BankException {
    AuthorisationResponse r =
        call(post("authorisations", request, request.transactionId()), AuthorisationResponse.class,
            "authorisation answer");
    if (!r.transactionId().equals(request.transactionId())) {
      throw BankException.malformed(BankException.Kind.MALFORMED_RESPONSE, "transaction_id",
          "authorisation answer: field 'transaction_id': " + r.transactionId() + " answers another transaction",
          null);
    }
    return r;
  }

  /** {@code POST /v1/reversals}, keyed by the reversal's own transaction id. */
  public ReversalResponse reverse(ReversalRequest request) throws BankException {
    return call(post("reversals", request, request.transactionId()), ReversalResponse.class, "reversal answer");
  }

  /**
   * {@code POST /v1/records/batches}: one batch of at most 500 records, the body streamed; one result per
   * record, in order (checked). Each record is its own idempotency key, so a resent batch is answered
   * {@code duplicate} for what the bank already has.
   */
  public BatchResponse uploadBatch(BatchRequest batch) throws BankException {
    BatchResponse r = call(post("records/batches", batch, null), BatchResponse.class, "batch answer");
    if (r.results().size() != batch.records().size()) {
      throw BankException.malformed(BankException.Kind.MALFORMED_RESPONSE, "results",
          "batch answer: field 'results': " + r.results().size() + " results for " + batch.records().size()
              + " records", null);
    }
    for (int i = 0; i < r.results().size(); i++) {
      if (!r.results().get(i).transactionId().equals(batch.records().get(i).transactionId())) {
        String field = "results[" + i + "].transaction_id";
        throw BankException.malformed(BankException.Kind.MALFORMED_RESPONSE, field,
            "batch answer: field '" + field + "': not the record sent in that place", null);
      }
    }
    return r;
  }

  /** {@code GET /v1/transactions/{id}}: what the bank holds, or empty when it holds nothing. */
  public Optional<TransactionStatus> transactionStatus(String transactionId) throws BankException {
    Ids.transactionId(transactionId);
    Request request = new Request.Builder().url(url().addPathSegment("transactions")
        .addPathSegment(transactionId).build()).get().build();
    try {
      TransactionStatus s = call(request, TransactionStatus.class, "transaction status answer");
      if (!s.transactionId().equals(transactionId)) {
        throw BankException.malformed(BankException.Kind.MALFORMED_RESPONSE, "transaction_id",
            "transaction status answer: field 'transaction_id': answers another transaction", null);
      }
      return Optional.of(s);
    } catch (BankException e) {
      if (e.kind() == BankException.Kind.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** {@code POST /v1/business-days/{date}/close}, keyed {@code close-<terminal id>-<date>}. */
  public DayCloseResponse closeBusinessDay(LocalDate businessDate, DayCloseRequest totals) throws BankException {
    HttpUrl u = url().addPathSegment("business-days").addPathSegment(businessDate.toString())
        .addPathSegment("close").build();
    Request request = new Request.Builder().url(u).post(new JsonBody(totals))
        .header(SigningInterceptor.IDEMPOTENCY_KEY, "close-" + config.terminalId + "-" + businessDate).build();
    return call(request, DayCloseResponse.class, "day close answer");
  }

  /**
   * {@code GET /v1/reference/{kind}[?since=v]}: a reference document whose signature, with the bank's
   * reference-data key, verified; nothing is returned otherwise.
   *
   * @param since the version the terminal holds, or null for a full document
   * @throws BankException {@link BankException.Kind#BAD_SIGNATURE} when the document's signature fails
   */
  public ReferenceData referenceData(ReferenceKind kind, Long since) throws BankException {
    return referenceData(kind, since, null);
  }

  /**
   * As {@link #referenceData(ReferenceKind, Long)}, telling {@code progress} (may be null) how far the answer's body
   * has arrived while it is read: for a long document (a hotlist of a million cards).
   */
  public ReferenceData referenceData(ReferenceKind kind, Long since, DownloadProgress progress)
      throws BankException {
    HttpUrl.Builder u = url().addPathSegment("reference").addPathSegment(kind.wireName());
    if (since != null) {
      u.addQueryParameter("since", since.toString());
    }
    ReferenceDocument doc =
        call(new Request.Builder().url(u.build()).get().tag(DownloadProgress.class, progress).build(),
            ReferenceDocument.class, "reference answer");
    if (doc.kind() != kind) {
      throw BankException.malformed(BankException.Kind.MALFORMED_RESPONSE, "kind",
          "reference answer: field 'kind': asked for " + kind.wireName() + ", got " + doc.kind().wireName(), null);
    }
    return verifyReference(doc);
  }

  /**
   * A signed reference document kept earlier (e.g. on the terminal's disk), verified again with the bank's
   * reference-data key of this client's configuration.
   *
   * @throws BankException {@link BankException.Kind#BAD_SIGNATURE} when its signature fails
   */
  public ReferenceData verifyReference(ReferenceDocument doc) throws BankException {
    byte[] content = ReferenceSignature.verifiedContent(doc, config.referenceVerifier);
    return new ReferenceData(doc, content);
  }

  /**
   * Tells {@code listener} of every failed call from now on (its {@link BankException}, before it is thrown), so
   * that a terminal can, for example, sign on again after {@link BankException.Kind#UNAUTHORISED}. One listener;
   * null for none. The listener must be quick and must not throw.
   */
  public void onFailure(java.util.function.Consumer<BankException> listener) {
    this.failureListener = listener;
  }

  private HttpUrl.Builder url() {
    return config.baseUrl.newBuilder().addPathSegment("v1");
  }

  private Request post(String path, Object body, String idempotencyKey) {
    Request.Builder b = new Request.Builder().url(url().addPathSegments(path).build()).post(new JsonBody(body));
    if (idempotencyKey != null) {
      b.header(SigningInterceptor.IDEMPOTENCY_KEY, idempotencyKey);
    }
    return b.build();
  }

  private <T> T call(Request request, Class<T> type, String what) throws BankException {
    try {
      return callOnce(request, type, what);
    } catch (BankException e) {
      java.util.function.Consumer<BankException> l = failureListener;
      if (l != null) {
        l.accept(e);
      }
      throw e;
    }
  }

  private <T> T callOnce(Request request, Class<T> type, String what) throws BankException {
    try (Response response = http.newCall(request).execute()) {
      byte[] body = response.body().bytes();
      int code = response.code();
      if (code >= 200 && code < 300) {
        return BankJson.read(body, type, BankException.Kind.MALFORMED_RESPONSE, what);
      }
      throw statusFailure(code, body, what);
    } catch (BankFailure e) {
      throw e.failure();
    } catch (IOException e) {
      throw new BankException(BankException.Kind.UNREACHABLE, what + ": " + e, e);
    } catch (BankException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      // okhttp (Kotlin) throws InterruptedException, undeclared, when the calling thread is interrupted while it
      // connects; the thread keeps its interrupt, the caller gets the bank's failure like any other
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new BankException(BankException.Kind.UNREACHABLE, what + ": interrupted (" + e + ")", e);
    }
  }

  private static BankException statusFailure(int code, byte[] body, String what) throws BankException {
    switch (code) {
      case 400:
        return new BankException(BankException.Kind.MALFORMED_REQUEST, what + ": " + message(body));
      case 401:
        return new BankException(BankException.Kind.UNAUTHORISED, what + ": " + message(body));
      case 404:
        return new BankException(BankException.Kind.NOT_FOUND, what + ": " + message(body));
      case 409:
        return new BankException(BankException.Kind.CONFLICT, what + ": " + message(body));
      case 422:
        ErrorBody e = BankJson.read(body, ErrorBody.class, BankException.Kind.MALFORMED_RESPONSE, what + " (422)");
        return BankException.rejected(e.reason() != null ? e.reason() : e.error(), e.message());
      default:
        return new BankException(BankException.Kind.MALFORMED_RESPONSE,
            what + ": unexpected HTTP status " + code);
    }
  }

  /** The bank's error message, or a note that the error body was not the documented one. */
  private static String message(byte[] body) {
    try {
      ErrorBody e = BankJson.read(body, ErrorBody.class, BankException.Kind.MALFORMED_RESPONSE, "error");
      return e.error() + ": " + e.message();
    } catch (BankException e) {
      return "(no error body)";
    }
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  @Override
  public String toString() {
    return "BankClient[" + config + "]";
  }
}
