package cn.unioncard.agent.ecr;

import cn.unioncard.protocol.ecr.EcrRequest;
import cn.unioncard.protocol.ecr.Result;

/**
 * Performs the register's requests (SALE, REFUND, VOID, BALANCE, SETTLE) for {@link EcrLink}; the checkout
 * implements it. Each call runs on its own thread, one request at a time; the link keeps answering ACKs,
 * STATUS and CANCEL meanwhile.
 */
public interface EcrHandler {
  /**
   * Performs {@code request} and returns its final result. It reports its stages with {@link
   * Context#progress} and looks at {@link Context#cancelRequested()} where stopping is still possible. An
   * exception means nothing was charged: the register gets a FAILED result.
   */
  Result handle(EcrRequest request, Context context) throws Exception;

  /** The running request's link to the register. */
  interface Context {
    /** Sends PROGRESS with {@code stage} and an optional display line (null for none). */
    void progress(cn.unioncard.protocol.ecr.Stage stage, String displayText);

    /** True once the register sent CANCEL for this request. */
    boolean cancelRequested();
  }
}
