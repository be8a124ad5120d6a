package cn.unioncard.tools.bench;

import cn.unioncard.agent.event.EventListener;

/**
 * The benchmarks' listener: the time spent waiting on each party (the card, the bank, the PIN pad, the store) since
 * {@link #reset()}, in nanoseconds, and the store's durable commits. One thread at a time (a benchmark's).
 */
final class StepTimes implements EventListener {
  long cardNanos;
  long bankNanos;
  long pinNanos;
  long storeNanos;
  int durableCommits;

  private long cardFrom;
  private long bankFrom;
  private long pinFrom;
  private long storeFrom;

  /** Forgets what was measured: the start of the next operation. */
  void reset() {
    cardNanos = 0;
    bankNanos = 0;
    pinNanos = 0;
    storeNanos = 0;
    durableCommits = 0;
  }

  /** Everything but the agent's own time. */
  long othersNanos() {
    return cardNanos + bankNanos + pinNanos + storeNanos;
  }

  @Override
  public void cardWaitStart() {
    cardFrom = System.nanoTime();
  }

  @Override
  public void cardWaitEnd() {
    cardNanos += System.nanoTime() - cardFrom;
  }

  @Override
  public void cardExchangeStart() {
    cardFrom = System.nanoTime();
  }

  @Override
  public void cardExchangeEnd() {
    cardNanos += System.nanoTime() - cardFrom;
  }

  @Override
  public void pinEntryStart() {
    pinFrom = System.nanoTime();
  }

  @Override
  public void pinEntryEnd() {
    pinNanos += System.nanoTime() - pinFrom;
  }

  @Override
  public void bankCallStart(String call) {
    bankFrom = System.nanoTime();
  }

  @Override
  public void bankCallEnd(String call) {
    bankNanos += System.nanoTime() - bankFrom;
  }

  @Override
  public void storeCommitStart(boolean durable) {
    storeFrom = System.nanoTime();
  }

  @Override
  public void storeCommitEnd(boolean durable) {
    storeNanos += System.nanoTime() - storeFrom;
    if (durable) {
      durableCommits++;
    }
  }

  @Override
  public void storeReadStart() {
    storeFrom = System.nanoTime();
  }

  @Override
  public void storeReadEnd() {
    storeNanos += System.nanoTime() - storeFrom;
  }
}
