package cn.unioncard.sim.replay;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** The card traces bundled with the simulator (resources under {@code cn/unioncard/sim/traces/}). */
public final class BundledTraces {
  /** A union member's debit card with a Chinese cardholder name in GBK. */
  public static final String DEBIT_CHINESE_NAME = "debit-chinese-name.trace";
  /** A union member's card with both the debit and the transit applications. */
  public static final String DEBIT_AND_TRANSIT = "debit-and-transit.trace";
  /** A foreign card with no UnionPay application. */
  public static final String FOREIGN_VISA = "foreign-visa.trace";

  public static final List<String> NAMES =
      Collections.unmodifiableList(Arrays.asList(DEBIT_CHINESE_NAME, DEBIT_AND_TRANSIT, FOREIGN_VISA));

  private BundledTraces() {}

  /** Loads a bundled trace; a broken bundled trace is a build defect, so it fails unchecked. */
  public static ReplayTrace load(String name) {
    InputStream in = BundledTraces.class.getResourceAsStream("/cn/unioncard/sim/traces/" + name);
    if (in == null) {
      throw new IllegalArgumentException("no bundled trace " + name);
    }
    try (InputStreamReader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      return ReplayTrace.parse(r, name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (TraceFormatException e) {
      throw new IllegalStateException("bundled trace is broken: " + e.getMessage(), e);
    }
  }
}
