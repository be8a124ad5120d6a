package cn.unioncard.sim.bank;

import java.nio.charset.StandardCharsets;

/**
 * The terminal parameters document the simulated bank publishes until a test publishes another
 * (docs/bank-api.md, reference data): the agent's own code defaults, written out, so a fresh simulator and a
 * fresh terminal agree. The agent's {@code TerminalParametersDefaultsTest} holds the two equal.
 */
public final class DefaultTerminalParameters {
  private DefaultTerminalParameters() {}

  /** The document's bytes, UTF-8 JSON. */
  public static byte[] document() {
    return ("{\"checkout\":{\"max_offline_sale_fen\":10000,\"max_offline_benefit_fen\":20000,"
        + "\"max_pending_count\":2000,\"max_pending_fen\":20000000,\"max_pending_benefit_fen\":0,"
        + "\"max_pending_debit_fen\":0,\"max_pending_ecash_fen\":0,\"max_oldest_pending_hours\":72},"
        + "\"transit\":{\"max_pending_count\":200000,\"max_oldest_pending_hours\":336}}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
