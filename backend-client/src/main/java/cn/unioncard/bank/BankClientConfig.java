package cn.unioncard.bank;

import cn.unioncard.bank.model.SignOnRequest;
import cn.unioncard.bank.signing.Signer;
import cn.unioncard.bank.signing.Verifier;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import okhttp3.HttpUrl;

/**
 * Everything a {@link BankClient} needs (docs/bank-api.md, "The client"). Build with {@link #builder()}; the
 * required parts are the base URL, the terminal id, the trust (a PEM certificate or CA, or SHA-256 pins, or
 * both), the terminal's signer and the bank's two verification keys. The rest has the documented defaults.
 */
public final class BankClientConfig {
  final HttpUrl baseUrl;
  final String terminalId;
  final Duration connectTimeout;
  final Duration readTimeout;
  final Duration callTimeout;
  final String trustedCertificatesPem;
  final List<String> certificatePins;
  final Signer signer;
  final Verifier responseVerifier;
  final Verifier referenceVerifier;
  final int maxAttempts;
  final Duration backoffBase;
  final Duration backoffMax;
  final Duration maxRetryAfter;
  final long maxResponseBytes;
  final Random jitter;
  final Sleeper sleeper;
  final Clock clock;
  final Supplier<String> requestIds;

  private BankClientConfig(Builder b) {
    if (b.baseUrl == null) {
      throw new IllegalArgumentException("base URL is required");
    }
    HttpUrl url = HttpUrl.parse(b.baseUrl);
    if (url == null || !url.isHttps()) {
      throw new IllegalArgumentException("base URL must be an https:// URL: " + b.baseUrl);
    }
    this.baseUrl = url;
    this.terminalId = SignOnRequest.requireTerminalId(b.terminalId, "terminal id");
    if ((b.pem == null || b.pem.trim().isEmpty()) && b.pins.isEmpty()) {
      throw new IllegalArgumentException("trust is required: the bank's certificate or CA (PEM), or pins");
    }
    this.trustedCertificatesPem = b.pem;
    this.certificatePins = Collections.unmodifiableList(new ArrayList<>(b.pins));
    this.signer = require(b.signer, "signer");
    this.responseVerifier = require(b.responseVerifier, "response verifier (the bank's response key)");
    this.referenceVerifier = require(b.referenceVerifier, "reference-data verifier");
    this.connectTimeout = positive(b.connectTimeout, "connect timeout");
    this.readTimeout = positive(b.readTimeout, "read timeout");
    this.callTimeout = positive(b.callTimeout, "call timeout");
    if (b.maxAttempts < 1 || b.maxAttempts > 20) {
      throw new IllegalArgumentException("max attempts must be 1..20, not " + b.maxAttempts);
    }
    this.maxAttempts = b.maxAttempts;
    this.backoffBase = positive(b.backoffBase, "back-off base");
    this.backoffMax = positive(b.backoffMax, "back-off max");
    if (backoffMax.compareTo(backoffBase) < 0) {
      throw new IllegalArgumentException("back-off max is below the base");
    }
    this.maxRetryAfter = positive(b.maxRetryAfter, "max Retry-After");
    if (b.maxResponseBytes < 1024) {
      throw new IllegalArgumentException("max response bytes must be at least 1024");
    }
    this.maxResponseBytes = b.maxResponseBytes;
    this.jitter = require(b.jitter, "jitter random");
    this.sleeper = require(b.sleeper, "sleeper");
    this.clock = require(b.clock, "clock");
    this.requestIds = require(b.requestIds, "request id supplier");
  }

  private static <T> T require(T v, String what) {
    if (v == null) {
      throw new IllegalArgumentException(what + " is required");
    }
    return v;
  }

  private static Duration positive(Duration d, String what) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be a positive duration");
    }
    return d;
  }

  public static Builder builder() {
    return new Builder();
  }

  public HttpUrl baseUrl() {
    return baseUrl;
  }

  public String terminalId() {
    return terminalId;
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  @Override
  public String toString() {
    return "BankClientConfig[" + baseUrl + ", terminal " + terminalId + ", " + signer + ", attempts "
        + maxAttempts + ", back-off " + backoffBase.toMillis() + ".." + backoffMax.toMillis() + " ms]";
  }

  /** Builder with the documented defaults. */
  public static final class Builder {
    private String baseUrl;
    private String terminalId;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofSeconds(15);
    private Duration callTimeout = Duration.ofSeconds(60);
    private String pem;
    private final List<String> pins = new ArrayList<>();
    private Signer signer;
    private Verifier responseVerifier;
    private Verifier referenceVerifier;
    private int maxAttempts = 5;
    private Duration backoffBase = Duration.ofMillis(200);
    private Duration backoffMax = Duration.ofSeconds(30);
    private Duration maxRetryAfter = Duration.ofSeconds(120);
    private long maxResponseBytes = 16L * 1024 * 1024;
    private Random jitter = new SecureRandom();
    private Sleeper sleeper = Sleeper.THREAD;
    private Clock clock = Clock.systemUTC();
    private Supplier<String> requestIds = () -> UUID.randomUUID().toString();

    private Builder() {}

    /** The bank's base URL, {@code https://host[:port]} (paths are {@code /v1/...} below it). */
    public Builder baseUrl(String v) {
      baseUrl = v;
      return this;
    }

    /** The terminal id, 8 to 16 characters {@code [A-Z0-9]}. */
    public Builder terminalId(String v) {
      terminalId = v;
      return this;
    }

    /** Time to set up a connection (TCP and TLS), default 5 s. */
    public Builder connectTimeout(Duration v) {
      connectTimeout = v;
      return this;
    }

    /** Longest silence while reading an answer, default 15 s. */
    public Builder readTimeout(Duration v) {
      readTimeout = v;
      return this;
    }

    /** Bound of one whole call, all attempts and waits included, default 60 s. */
    public Builder callTimeout(Duration v) {
      callTimeout = v;
      return this;
    }

    /**
     * The only certificates trusted (one or more PEM {@code CERTIFICATE} blocks): the bank's CA or its own
     * certificate. The system's CAs are then not trusted.
     */
    public Builder trustedCertificatesPem(String v) {
      pem = v;
      return this;
    }

    /** A pin {@code sha256/<base64 of the SHA-256 of the SubjectPublicKeyInfo>} for the base URL's host. */
    public Builder certificatePin(String v) {
      pins.add(v);
      return this;
    }

    /** The terminal's request-signing key. */
    public Builder signer(Signer v) {
      signer = v;
      return this;
    }

    /** The bank's response-signing public key. */
    public Builder responseVerifier(Verifier v) {
      responseVerifier = v;
      return this;
    }

    /** The bank's reference-data public key. */
    public Builder referenceVerifier(Verifier v) {
      referenceVerifier = v;
      return this;
    }

    /** Attempts per call, first included (default 5). */
    public Builder maxAttempts(int v) {
      maxAttempts = v;
      return this;
    }

    /** First back-off ceiling (default 200 ms); doubled per attempt up to {@link #backoffMax}. */
    public Builder backoffBase(Duration v) {
      backoffBase = v;
      return this;
    }

    /** Largest back-off ceiling (default 30 s). */
    public Builder backoffMax(Duration v) {
      backoffMax = v;
      return this;
    }

    /** A {@code Retry-After} longer than this ends the call as unreachable instead (default 120 s). */
    public Builder maxRetryAfter(Duration v) {
      maxRetryAfter = v;
      return this;
    }

    /** Largest answer body read (default 16 MiB); a longer one is a malformed answer. */
    public Builder maxResponseBytes(long v) {
      maxResponseBytes = v;
      return this;
    }

    /** The source of the back-off jitter (tests). */
    public Builder jitter(Random v) {
      jitter = v;
      return this;
    }

    /** How to wait between attempts (tests). */
    public Builder sleeper(Sleeper v) {
      sleeper = v;
      return this;
    }

    /** The clock of {@code X-Timestamp} and of {@code Retry-After} dates (tests). */
    public Builder clock(Clock v) {
      clock = v;
      return this;
    }

    /** Where request ids come from (default random UUIDs). */
    public Builder requestIds(Supplier<String> v) {
      requestIds = v;
      return this;
    }

    public BankClientConfig build() {
      return new BankClientConfig(this);
    }
  }
}
