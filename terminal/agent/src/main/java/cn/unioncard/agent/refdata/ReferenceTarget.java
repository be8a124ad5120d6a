package cn.unioncard.agent.refdata;

import cn.unioncard.bank.ReferenceData;
import cn.unioncard.bank.model.ReferenceKind;

/** One kind of reference data a terminal uses, and how it takes a verified document of that kind. */
public interface ReferenceTarget {
  ReferenceKind kind();

  /** Whether the bank is asked for a delta over the version in force ({@code since}); only the hotlist has them. */
  default boolean deltas() {
    return false;
  }

  /**
   * Puts the document's content in force: parsed whole first, so a bad one changes nothing.
   *
   * @return a few words for the log (how many entries)
   * @throws Refused the content cannot be used (the set in force stays)
   */
  String take(ReferenceData doc) throws Refused;

  /** A document's content that cannot be used, or a delta that does not apply to what is in force. */
  final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean needsFull;

    public Refused(String message, boolean needsFull) {
      super(message);
      this.needsFull = needsFull;
    }

    /** Whether the full document would do (a delta over another version than the one in force). */
    public boolean needsFull() {
      return needsFull;
    }
  }
}
