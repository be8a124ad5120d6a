package cn.unioncard.sim.http;

import java.time.Duration;

/**
 * The bounds of a control API server (docs/simulator.md): the largest request body, how long a client may take to
 * send its request (line, headers and body), how many requests are served at once and how many wait.
 */
public record HttpLimits(int maxBody, Duration readTimeout, int threads, int queue) {
  /** The simulator's control APIs: 1 MiB bodies, 10 s to send a request, 32 served at once, 64 waiting. */
  public static final HttpLimits CONTROL = new HttpLimits(1024 * 1024, Duration.ofSeconds(10), 32, 64);

  public HttpLimits {
    if (maxBody < 0 || readTimeout.isNegative() || readTimeout.isZero() || threads < 1 || queue < 0) {
      throw new IllegalArgumentException("bad HTTP limits");
    }
  }
}
