package cn.unioncard.sim.bank;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The bank simulator's injected faults, changed at any time from any thread. A fault is a {@link Rule}: a kind,
 * optionally a path prefix it is limited to, and optionally a count of requests it still applies to (then it is
 * used up and removed). The expired certificate is a switch of the TLS layer, not a rule, because it acts before
 * any path is known.
 *
 * <p>Randomness (which requests of a share fail, and with which status) comes from one {@link Random} seeded by
 * {@link #seed}, so a test run can be repeated.
 */
public final class Faults {

  /** What a rule does to a request. */
  public enum Kind {
    /** Wait {@code millis} before processing. */
    LATENCY,
    /** Answer a share of requests with one of {@code statuses} (500, 503, 429; 503 and 429 with Retry-After). */
    ERROR,
    /** Close the connection without an answer before processing: nothing was done. */
    DROP_BEFORE,
    /** Process the request (the work is committed), then close the connection without an answer. */
    DROP_AFTER,
    /** Process the request twice, as a network that delivered it twice; the second answer is sent. */
    DUPLICATE,
    /** Send the answer's body in chunks of {@code chunk_bytes} with {@code millis} between them. */
    TRICKLE,
    /** Sign the answer with a signature that does not verify. */
    WRONG_SIGNATURE
  }

  /**
   * One fault.
   *
   * @param pathPrefix the request paths it applies to (for example {@code /v1/records}), or null for all
   * @param count how many more times it applies, or null for no limit
   * @param millis the latency, or the pause between trickled chunks
   * @param share the share of matching requests an ERROR rule fails, 0 to 1
   * @param statuses the statuses an ERROR rule picks from (empty: 500, 503, 429)
   * @param retryAfterSeconds the Retry-After of a 503 or 429
   * @param chunkBytes the size of a trickled chunk
   */
  public record Rule(
      Kind kind,
      String pathPrefix,
      Integer count,
      long millis,
      double share,
      List<Integer> statuses,
      int retryAfterSeconds,
      int chunkBytes) {
    public Rule {
      if (kind == null) {
        throw new IllegalArgumentException("a fault needs a kind");
      }
      if (count != null && count < 1) {
        throw new IllegalArgumentException("count must be at least 1");
      }
      if (millis < 0 || millis > 60_000) {
        throw new IllegalArgumentException("millis must be 0 to 60000");
      }
      if (!(share >= 0 && share <= 1)) {
        throw new IllegalArgumentException("share must be 0 to 1");
      }
      statuses = statuses == null ? Collections.emptyList() : List.copyOf(statuses);
      for (int s : statuses) {
        if (s != 500 && s != 502 && s != 503 && s != 504 && s != 429) {
          throw new IllegalArgumentException("an injected status is 500, 502, 503, 504 or 429, not " + s);
        }
      }
      if (retryAfterSeconds < 0 || retryAfterSeconds > 3600) {
        throw new IllegalArgumentException("retry_after_seconds must be 0 to 3600");
      }
      if (chunkBytes < 0) {
        throw new IllegalArgumentException("chunk_bytes must not be negative");
      }
    }

    /** A rule of a kind with no other parameter, for every request. */
    public static Rule of(Kind kind) {
      return new Rule(kind, null, null, 0, 1.0, null, 1, 1);
    }

    /** Added latency. */
    public static Rule latency(long millis) {
      return new Rule(Kind.LATENCY, null, null, millis, 1.0, null, 1, 1);
    }

    /** A share of error answers with the given statuses. */
    public static Rule errors(double share, int retryAfterSeconds, Integer... statuses) {
      return new Rule(Kind.ERROR, null, null, 0, share, List.of(statuses), retryAfterSeconds, 1);
    }

    /** A trickled body: {@code chunkBytes} at a time, {@code millis} apart. */
    public static Rule trickle(int chunkBytes, long millis) {
      return new Rule(Kind.TRICKLE, null, null, millis, 1.0, null, 1, chunkBytes);
    }

    /** This rule limited to paths starting with {@code prefix}. */
    public Rule onPath(String prefix) {
      return new Rule(kind, prefix, count, millis, share, statuses, retryAfterSeconds, chunkBytes);
    }

    /** This rule for the next {@code n} requests it applies to. */
    public Rule times(int n) {
      return new Rule(kind, pathPrefix, n, millis, share, statuses, retryAfterSeconds, chunkBytes);
    }

    boolean matches(String path) {
      return pathPrefix == null || path.startsWith(pathPrefix);
    }
  }

  /** What happens to one request: the rules that fired for it, counts already taken. */
  public record Plan(
      long latencyMillis,
      int errorStatus,
      int retryAfterSeconds,
      boolean dropBefore,
      boolean dropAfter,
      boolean duplicate,
      int trickleChunk,
      long trickleMillis,
      boolean wrongSignature) {
    static final Plan NONE = new Plan(0, 0, 0, false, false, false, 0, 0, false);

    /** Whether nothing fires. */
    public boolean none() {
      return equals(NONE);
    }
  }

  private final List<Rule> rules = new ArrayList<>();
  private boolean expiredCertificate;
  private long seed;
  private Random random;
  private Runnable certificateListener = () -> {};

  /** No faults; randomness seeded with 1. */
  public Faults() {
    this.seed = 1;
    this.random = new Random(seed);
  }

  /** Replaces every rule and the switch, and reseeds the random source. */
  public synchronized void set(List<Rule> newRules, boolean expired, long newSeed) {
    rules.clear();
    rules.addAll(newRules);
    seed = newSeed;
    random = new Random(newSeed);
    expiredCertificate(expired);
  }

  /** Adds one rule. */
  public synchronized Faults add(Rule rule) {
    rules.add(rule);
    return this;
  }

  /** Removes every rule and turns the expired certificate off. */
  public synchronized void clear() {
    rules.clear();
    expiredCertificate(false);
  }

  /** Serves the expired certificate from the next TLS handshake on (or stops). */
  public synchronized void expiredCertificate(boolean on) {
    if (on != expiredCertificate) {
      expiredCertificate = on;
      certificateListener.run();
    }
  }

  /** Called when the certificate switch changes (the server forgets its TLS sessions then). */
  synchronized void onCertificateChange(Runnable listener) {
    certificateListener = listener;
  }

  /** Whether the expired certificate is served. */
  public synchronized boolean expiredCertificate() {
    return expiredCertificate;
  }

  /** The seed of the random source. */
  public synchronized long seed() {
    return seed;
  }

  /** The rules now in force (counts as left). */
  public synchronized List<Rule> rules() {
    return List.copyOf(rules);
  }

  /**
   * Decides the faults for one request to {@code path}: every matching rule is considered in order; a rule
   * with a count is used up by the requests it fires for (an ERROR rule fires only for its share).
   */
  public synchronized Plan plan(String path) {
    long latency = 0;
    int status = 0;
    int retryAfter = 0;
    boolean dropBefore = false;
    boolean dropAfter = false;
    boolean duplicate = false;
    int chunk = 0;
    long trickleMillis = 0;
    boolean wrongSignature = false;
    for (int i = 0; i < rules.size(); i++) {
      Rule r = rules.get(i);
      if (!r.matches(path)) {
        continue;
      }
      boolean fired = true;
      switch (r.kind()) {
        case LATENCY:
          latency += r.millis();
          break;
        case ERROR:
          if (status == 0 && random.nextDouble() < r.share()) {
            List<Integer> choices = r.statuses().isEmpty() ? List.of(500, 503, 429) : r.statuses();
            status = choices.get(random.nextInt(choices.size()));
            retryAfter = r.retryAfterSeconds();
          } else {
            fired = false;
          }
          break;
        case DROP_BEFORE:
          dropBefore = true;
          break;
        case DROP_AFTER:
          dropAfter = true;
          break;
        case DUPLICATE:
          duplicate = true;
          break;
        case TRICKLE:
          chunk = Math.max(1, r.chunkBytes());
          trickleMillis = r.millis();
          break;
        case WRONG_SIGNATURE:
          wrongSignature = true;
          break;
        default:
          throw new IllegalStateException(r.kind().name());
      }
      if (fired && r.count() != null) {
        int left = r.count() - 1;
        if (left <= 0) {
          rules.remove(i);
          i--;
        } else {
          rules.set(i, new Rule(r.kind(), r.pathPrefix(), left, r.millis(), r.share(), r.statuses(),
              r.retryAfterSeconds(), r.chunkBytes()));
        }
      }
    }
    return new Plan(latency, status, retryAfter, dropBefore, dropAfter, duplicate, chunk, trickleMillis,
        wrongSignature);
  }
}
