package cn.unioncard.pcsc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which PC/SC readers the adapter uses and for what: a name pattern per {@link ReaderRole} (a regular expression
 * found anywhere in the name PC/SC lists, e.g. {@code "ACR1281.*PICC"}), and the adapter's timings.
 */
public final class PcscConfig {
  /** One role's reader: the first listed reader whose name the pattern finds, and that no earlier role took. */
  public record ReaderSpec(ReaderRole role, Pattern namePattern) {}

  private final List<ReaderSpec> readers;
  private final Duration pollTimeout;
  private final Duration maxBackoff;
  private final Duration transmitTimeout;
  private final Duration settleTime;

  private PcscConfig(Builder b) {
    this.readers = Collections.unmodifiableList(new ArrayList<>(b.readers.values()));
    this.pollTimeout = b.pollTimeout;
    this.maxBackoff = b.maxBackoff;
    this.transmitTimeout = b.transmitTimeout;
    this.settleTime = b.settleTime;
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<ReaderSpec> readers() {
    return readers;
  }

  /** How long the watcher waits in {@code SCardGetStatusChange} before it looks again (and can stop). */
  public Duration pollTimeout() {
    return pollTimeout;
  }

  /** The longest pause between attempts to reach pcscd again after it or the reader went away. */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** How long a command may take before the card counts as gone. */
  public Duration transmitTimeout() {
    return transmitTimeout;
  }

  /**
   * A card first seen within this time after its reader appeared (start, reader plugged back, pcscd restarted) was
   * already lying there: it is not a fresh tap.
   */
  public Duration settleTime() {
    return settleTime;
  }

  public static final class Builder {
    private final Map<ReaderRole, ReaderSpec> readers = new EnumMap<>(ReaderRole.class);
    private Duration pollTimeout = Duration.ofMillis(250);
    private Duration maxBackoff = Duration.ofSeconds(2);
    private Duration transmitTimeout = Duration.ofSeconds(10);
    private Duration settleTime = Duration.ofSeconds(1);

    private Builder() {}

    /**
     * The reader for {@code role}: a regular expression found in its PC/SC name.
     *
     * @throws IllegalArgumentException naming the role when the pattern is not a regular expression
     */
    public Builder reader(ReaderRole role, String namePattern) {
      if (role == null || namePattern == null || namePattern.isEmpty()) {
        throw new IllegalArgumentException("PC/SC reader " + role + ": empty name pattern");
      }
      try {
        readers.put(role, new ReaderSpec(role, Pattern.compile(namePattern)));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "PC/SC reader " + role + ": name pattern is not a regular expression: " + e.getDescription()
                + " at index " + e.getIndex() + " of \"" + namePattern + "\"", e);
      }
      return this;
    }

    public Builder pollTimeout(Duration d) {
      this.pollTimeout = positive(d, "poll timeout");
      return this;
    }

    public Builder maxBackoff(Duration d) {
      this.maxBackoff = positive(d, "maximum back-off");
      return this;
    }

    public Builder transmitTimeout(Duration d) {
      this.transmitTimeout = positive(d, "transmit timeout");
      return this;
    }

    public Builder settleTime(Duration d) {
      this.settleTime = positive(d, "settle time");
      return this;
    }

    public PcscConfig build() {
      if (readers.isEmpty()) {
        throw new IllegalArgumentException("PC/SC: no reader configured (give at least one role a name pattern)");
      }
      return new PcscConfig(this);
    }

    private static Duration positive(Duration d, String what) {
      if (d == null || d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException("PC/SC " + what + " must be positive, not " + d);
      }
      return d;
    }
  }
}
