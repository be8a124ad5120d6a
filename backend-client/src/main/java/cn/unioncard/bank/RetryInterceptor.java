package cn.unioncard.bank;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries what is safe to retry (docs/bank-api.md, "Errors"): every call of the API is read-only or carries an
 * idempotency key (per call or per record), so a connection failure (refused, reset, timed out, cut after the
 * request was sent) and the answers 429, 500, 502, 503 and 504 are retried, each attempt signed afresh by the
 * inner {@link SigningInterceptor} with the same request otherwise (same body, same {@code Idempotency-Key}).
 *
 * <p>Waits: {@code Retry-After} when the answer has one (delta-seconds or an HTTP-date, RFC 9110 §10.2.3),
 * otherwise exponential back-off with full jitter: a uniform random wait in [0, min(max, base·2^(n−1))] before
 * attempt n+1. At most {@code maxAttempts} attempts; a wait that would pass the call's deadline, or a {@code
 * Retry-After} above the configured maximum, ends the call at once. Then the call is {@link
 * BankException.Kind#UNREACHABLE}. Never retried: a certificate or pin failure, a {@link BankFailure} (bad
 * signature, oversize answer), a cancelled or interrupted call.
 */
final class RetryInterceptor implements Interceptor {
  private static final Logger LOG = LoggerFactory.getLogger(RetryInterceptor.class);

  private final int maxAttempts;
  private final long baseMillis;
  private final long maxMillis;
  private final long maxRetryAfterMillis;
  private final long callTimeoutMillis;
  private final Random jitter;
  private final Sleeper sleeper;
  private final Clock clock;
  private final LongSupplier nanoTime;

  RetryInterceptor(BankClientConfig c, LongSupplier nanoTime) {
    this.maxAttempts = c.maxAttempts;
    this.baseMillis = c.backoffBase.toMillis();
    this.maxMillis = c.backoffMax.toMillis();
    this.maxRetryAfterMillis = c.maxRetryAfter.toMillis();
    this.callTimeoutMillis = c.callTimeout.toMillis();
    this.jitter = c.jitter;
    this.sleeper = c.sleeper;
    this.clock = c.clock;
    this.nanoTime = nanoTime;
  }

  static boolean retryable(int status) {
    return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    long start = nanoTime.getAsLong();
    long waited = 0;
    String what = chain.request().method() + " " + chain.request().url().encodedPath();
    String last = "no attempt";
    for (int attempt = 1; ; attempt++) {
      long retryAfter = -1;
      try {
        Response response = chain.proceed(chain.request());
        if (!retryable(response.code())) {
          return response;
        }
        retryAfter = retryAfterMillis(response.header("Retry-After"));
        last = "HTTP " + response.code();
        response.close();
      } catch (BankFailure e) {
        throw e;
      } catch (IOException e) {
        if (!retryable(e) || chain.call().isCanceled()) {
          throw new BankFailure(unreachable(what + ": " + describe(e), e));
        }
        last = describe(e);
      }
      if (attempt >= maxAttempts) {
        throw new BankFailure(unreachable(what + ": " + attempt + " attempts, the last: " + last, null));
      }
      long wait;
      if (retryAfter >= 0) {
        if (retryAfter > maxRetryAfterMillis) {
          throw new BankFailure(
              unreachable(what + ": the bank asks to wait " + retryAfter + " ms (" + last + ")", null));
        }
        wait = retryAfter;
      } else {
        long ceiling = Math.min(maxMillis, baseMillis << Math.min(attempt - 1, 30));
        wait = (long) (jitter.nextDouble() * (ceiling + 1));
        wait = Math.min(wait, ceiling);
      }
      // The call timeout bounds every attempt and wait; with an injected sleeper, time is what was asked.
      long elapsed = Math.max((nanoTime.getAsLong() - start) / 1_000_000, waited);
      if (elapsed + wait >= callTimeoutMillis) {
        throw new BankFailure(
            unreachable(what + ": no time left for attempt " + (attempt + 1) + " (" + last + ")", null));
      }
      LOG.debug("{}: attempt {} failed ({}), next in {} ms", what, attempt, last, wait);
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BankFailure(unreachable(what + ": interrupted while waiting to retry", e));
      }
      waited += wait;
    }
  }

  private static BankException unreachable(String message, Throwable cause) {
    return new BankException(BankException.Kind.UNREACHABLE, message, cause);
  }

  /** A connection failure worth another attempt: not a certificate refusal, not an interruption. */
  static boolean retryable(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLPeerUnverifiedException || t instanceof CertificateException) {
        return false;
      }
      if (t instanceof SSLHandshakeException && t.getCause() instanceof CertificateException) {
        return false;
      }
    }
    if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
      return false;
    }
    return true;
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  /** The wait a {@code Retry-After} asks for, in ms; -1 when absent or unreadable (then back-off applies). */
  long retryAfterMillis(String value) {
    if (value == null) {
      return -1;
    }
    String v = value.trim();
    if (v.matches("[0-9]{1,9}")) {
      return Duration.ofSeconds(Long.parseLong(v)).toMillis();
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
      long ms = at.toInstant().toEpochMilli() - clock.millis();
      return Math.max(0, ms);
    } catch (DateTimeParseException e) {
      return -1;
    }
  }
}
