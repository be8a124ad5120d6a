package cn.unioncard.ports.ecr;


/**
 * Timeouts and resends of the ECR link (docs/ecr-protocol.md §7 and §9.5). {@link #defaults()} are the
 * documented values; tests use shorter ones.
 *
 * @param interByteTimeoutMillis silence after which an incomplete frame is given up (500)
 * @param ackTimeoutMillis wait for an ACK, counted from the frame's last byte and restarted by every byte
 *     received (1000)
 * @param maxResends resends after the first transmission before giving up (3)
 * @param answerTimeoutMillis how long the register waits for the next PROGRESS or the RESULT of a request
 *     (30000)
 * @param progressIntervalMillis how often the terminal repeats PROGRESS while a request runs (10000)
 * @param reconnectDelayMillis pause after a lost line before reading again (200)
 */
public record EcrConfig(
    int interByteTimeoutMillis,
    int ackTimeoutMillis,
    int maxResends,
    int answerTimeoutMillis,
    int progressIntervalMillis,
    int reconnectDelayMillis) {

  public EcrConfig {
    if (interByteTimeoutMillis <= 0 || ackTimeoutMillis <= 0 || answerTimeoutMillis <= 0
        || progressIntervalMillis <= 0 || reconnectDelayMillis < 0) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
    if (interByteTimeoutMillis >= ackTimeoutMillis) {
      throw new IllegalArgumentException("the inter-byte timeout (" + interByteTimeoutMillis
          + " ms) must be shorter than the ACK timeout (" + ackTimeoutMillis + " ms), docs/ecr-protocol.md §7");
    }
    if (maxResends < 0 || maxResends > 10) {
      throw new IllegalArgumentException("resends out of 0..10: " + maxResends);
    }
    if (progressIntervalMillis >= answerTimeoutMillis) {
      throw new IllegalArgumentException("PROGRESS must come more often than the answer timeout");
    }
  }

  /** The values of docs/ecr-protocol.md: 500 ms, 1000 ms, 3 resends, 30 s, 10 s, 200 ms. */
  public static EcrConfig defaults() {
    return new EcrConfig(500, 1000, 3, 30_000, 10_000, 200);
  }

  /** Short timeouts for tests on a local pipe: 100 ms, 250 ms, 3 resends, 3 s, 1 s, 50 ms. */
  public static EcrConfig fast() {
    return new EcrConfig(100, 250, 3, 3000, 1000, 50);
  }

  public EcrConfig withAnswerTimeout(int millis, int progressEveryMillis) {
    return new EcrConfig(interByteTimeoutMillis, ackTimeoutMillis, maxResends, millis, progressEveryMillis, reconnectDelayMillis);
  }
}
