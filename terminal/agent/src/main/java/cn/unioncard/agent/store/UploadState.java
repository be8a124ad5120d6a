package cn.unioncard.agent.store;

/** Where a stored record is on its way to the bank (the settlement worker's view). */
public enum UploadState {
  /** Nothing to upload (declined, cancelled, not finished). */
  NOT_DUE,
  /** To be uploaded. */
  PENDING,
  /** The bank took it. */
  ACCEPTED,
  /** The bank already had it with the same content: done, as accepted. */
  DUPLICATE,
  /** The bank refused it, with a reason: kept and reported, never deleted or resent blindly. */
  REJECTED,
  /** Refused too often: moved aside so it never blocks the records behind it; shown in status. */
  QUARANTINED
}
