package cn.unioncard.agent.ecr;

import cn.unioncard.protocol.ecr.Result;

/**
 * The final result of every request by the register's reference (docs/ecr-protocol.md §9.5): a request
 * repeated with the same reference is answered from here and never performed twice, and STATUS reads it.
 * The checkout keeps it in its durable store; {@link InMemoryEcrJournal} is for tests and the simulator.
 */
public interface EcrJournal {
  /** The final result recorded for {@code reference}, or null. */
  Result find(String reference);

  /** Records the final result of the request with {@code reference}; called before the RESULT is sent. */
  void record(String reference, Result result);
}
