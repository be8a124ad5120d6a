package cn.unioncard.agent.ecr;

import cn.unioncard.protocol.ecr.Result;
import java.util.LinkedHashMap;
import java.util.Map;

/** An {@link EcrJournal} in memory, keeping the last {@code capacity} references. */
public final class InMemoryEcrJournal implements EcrJournal {
  private final Map<String, Result> results;

  public InMemoryEcrJournal() {
    this(10_000);
  }

  public InMemoryEcrJournal(final int capacity) {
    this.results = new LinkedHashMap<String, Result>() {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Result> eldest) {
        return size() > capacity;
      }
    };
  }

  @Override
  public synchronized Result find(String reference) {
    return results.get(reference);
  }

  @Override
  public synchronized void record(String reference, Result result) {
    results.put(reference, result);
  }
}
