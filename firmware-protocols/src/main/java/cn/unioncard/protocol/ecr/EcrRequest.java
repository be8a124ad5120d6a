package cn.unioncard.protocol.ecr;

/** A message from the register to the terminal (docs/ecr-protocol.md §9.3). */
public interface EcrRequest extends EcrMessage {
  /**
   * The register's own reference for this request, or null (CANCEL, STATUS of the terminal). For SALE,
   * REFUND, VOID, BALANCE and SETTLE it identifies the request end to end: the terminal performs a request
   * with a given reference at most once, and STATUS asks for its outcome by it.
   */
  String reference();
}
