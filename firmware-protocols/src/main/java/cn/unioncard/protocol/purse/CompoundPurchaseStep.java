package cn.unioncard.protocol.purse;

/**
 * The ordered steps of the EP compound purchase (复合消费) at a transit gate, as a description only: which
 * device gets which command, in which order, and what it answers. The flow itself (state, retries, torn
 * transactions) belongs to the caller. Source: shared/vectors/transit-files.md §3.4 (ProjectAfcApp
 * {@code CPUDealCard_JTB} and a second JT reader implementation).
 */
public enum CompoundPurchaseStep {
  /** 1. Card: {@link GetBalance} (optional) → {@link GetBalanceResponse}. */
  GET_BALANCE(Device.CARD, 0x5C, true),
  /** 2. Card: {@link InitializeForPurchase} P1 {@code 03} → {@link InitializeForPurchaseResponse}; 9401 = short of funds. */
  INITIALIZE_FOR_CAPP_PURCHASE(Device.CARD, 0x50, false),
  /** 3. PSAM: {@link InitSamForPurchase} → {@link InitSamForPurchaseResponse} (MAC1). */
  PSAM_MAC1(Device.PSAM, 0x70, false),
  /** 4. Card: {@link UpdateCappDataCache} for 001A and/or 001E (committed with the debit). */
  UPDATE_CAPP_DATA_CACHE(Device.CARD, 0xDC, false),
  /** 5. Card: {@link DebitForPurchase} → {@link DebitForPurchaseResponse} (TAC, MAC2); 9302 = MAC1 refused. */
  DEBIT_FOR_CAPP_PURCHASE(Device.CARD, 0x54, false),
  /** 6. PSAM: {@link CreditSamForPurchase} checks MAC2. */
  PSAM_VERIFY_MAC2(Device.PSAM, 0x72, false),
  /**
   * Recovery after a torn step 5, on the card's next tap: {@link GetTransactionProve} →
   * {@link GetTransactionProveResponse} (MAC2, TAC) if the debit happened, 9406 if not.
   */
  GET_TRANSACTION_PROVE(Device.CARD, 0x5A, true);

  /** Where a step's command goes. */
  public enum Device {
    /** The customer's card, over the contactless reader. */
    CARD,
    /** The terminal's secure access module. */
    PSAM
  }

  private final Device device;
  private final int ins;
  private final boolean optional;

  CompoundPurchaseStep(Device device, int ins, boolean optional) {
    this.device = device;
    this.ins = ins;
    this.optional = optional;
  }

  public Device device() {
    return device;
  }

  /** The INS byte of the step's command. */
  public int ins() {
    return ins;
  }

  /** Whether a normal purchase may leave the step out (the balance read, the recovery). */
  public boolean optional() {
    return optional;
  }
}
