package cn.unioncard.agent.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One stored transaction, as the store holds it. Money is in fen. {@code amountFen} is what the member paid (after
 * discounts) and equals {@code benefitFen + debitFen + ecashFen + purseFen}; the discount's funding is in
 * {@code merchantFen} (merchant concession), {@code bankFen} (bank subsidy) and {@code unionFen} (the union's ride
 * subsidy). The card is known by {@code cardRef} (the PAN's keyed hash, or the transit card number) and the PAN
 * only encrypted ({@code panEncrypted}), never in clear. {@code id} is the terminal's transaction id (terminal id and
 * sequence), the bank's idempotency key; {@code seq} the monotonic sequence, surviving restarts; {@code detail} the
 * flow's own details as JSON (a sale's {@code SaleDetail}, a trip's {@code TripDetail}), or null.
 *
 * <p>Built by name only, with {@link #builder()} (or {@link #toBuilder()}); it compares field by field, as a record
 * would (the encrypted PAN by reference).
 */
public final class TxRecord {
  private final String id;
  private final long seq;
  private final TxType type;
  private final TxState state;
  private final LocalDate businessDate;
  private final Instant createdAt;
  private final Instant updatedAt;
  private final String registerRef;
  private final String cardRef;
  private final byte[] panEncrypted;
  private final long amountFen;
  private final long benefitFen;
  private final long debitFen;
  private final long ecashFen;
  private final long purseFen;
  private final long merchantFen;
  private final long bankFen;
  private final long unionFen;
  private final String originalId;
  private final String authCode;
  private final String reason;
  private final String detail;
  private final UploadState uploadState;
  private final int uploadAttempts;
  private final String uploadReason;

  private TxRecord(Builder b) {
    this.id = b.id;
    this.seq = b.seq;
    this.type = b.type;
    this.state = b.state;
    this.businessDate = b.businessDate;
    this.createdAt = b.createdAt;
    this.updatedAt = b.updatedAt;
    this.registerRef = b.registerRef;
    this.cardRef = b.cardRef;
    this.panEncrypted = b.panEncrypted;
    this.amountFen = b.amountFen;
    this.benefitFen = b.benefitFen;
    this.debitFen = b.debitFen;
    this.ecashFen = b.ecashFen;
    this.purseFen = b.purseFen;
    this.merchantFen = b.merchantFen;
    this.bankFen = b.bankFen;
    this.unionFen = b.unionFen;
    this.originalId = b.originalId;
    this.authCode = b.authCode;
    this.reason = b.reason;
    this.detail = b.detail;
    this.uploadState = b.uploadState;
    this.uploadAttempts = b.uploadAttempts;
    this.uploadReason = b.uploadReason;
  }

  /** A record built field by field: {@link Builder}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this record's fields, to change some of them. */
  public Builder toBuilder() {
    return new Builder().id(id).seq(seq).type(type).state(state).businessDate(businessDate).createdAt(createdAt)
        .updatedAt(updatedAt).registerRef(registerRef).card(cardRef, panEncrypted)
        .funding(amountFen, benefitFen, debitFen, ecashFen, purseFen).discountFunding(merchantFen, bankFen, unionFen)
        .originalId(originalId).authCode(authCode).reason(reason).detail(detail)
        .upload(uploadState, uploadAttempts, uploadReason);
  }

  public String id() {
    return id;
  }

  public long seq() {
    return seq;
  }

  public TxType type() {
    return type;
  }

  public TxState state() {
    return state;
  }

  public LocalDate businessDate() {
    return businessDate;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  public String registerRef() {
    return registerRef;
  }

  public String cardRef() {
    return cardRef;
  }

  public byte[] panEncrypted() {
    return panEncrypted;
  }

  public long amountFen() {
    return amountFen;
  }

  public long benefitFen() {
    return benefitFen;
  }

  public long debitFen() {
    return debitFen;
  }

  public long ecashFen() {
    return ecashFen;
  }

  public long purseFen() {
    return purseFen;
  }

  public long merchantFen() {
    return merchantFen;
  }

  public long bankFen() {
    return bankFen;
  }

  public long unionFen() {
    return unionFen;
  }

  public String originalId() {
    return originalId;
  }

  public String authCode() {
    return authCode;
  }

  public String reason() {
    return reason;
  }

  public String detail() {
    return detail;
  }

  public UploadState uploadState() {
    return uploadState;
  }

  public int uploadAttempts() {
    return uploadAttempts;
  }

  public String uploadReason() {
    return uploadReason;
  }

  /**
   * Builds a {@link TxRecord} by name instead of by position. Unset money is 0, unset text null, the upload state
   * {@link UploadState#NOT_DUE} with no attempt.
   */
  public static final class Builder {
    private String id;
    private long seq;
    private TxType type;
    private TxState state;
    private LocalDate businessDate;
    private Instant createdAt;
    private Instant updatedAt;
    private String registerRef;
    private String cardRef;
    private byte[] panEncrypted;
    private long amountFen;
    private long benefitFen;
    private long debitFen;
    private long ecashFen;
    private long purseFen;
    private long merchantFen;
    private long bankFen;
    private long unionFen;
    private String originalId;
    private String authCode;
    private String reason;
    private String detail;
    private UploadState uploadState = UploadState.NOT_DUE;
    private int uploadAttempts;
    private String uploadReason;

    private Builder() {}

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder seq(long seq) {
      this.seq = seq;
      return this;
    }

    public Builder type(TxType type) {
      this.type = type;
      return this;
    }

    public Builder state(TxState state) {
      this.state = state;
      return this;
    }

    public Builder businessDate(LocalDate businessDate) {
      this.businessDate = businessDate;
      return this;
    }

    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    public Builder updatedAt(Instant updatedAt) {
      this.updatedAt = updatedAt;
      return this;
    }

    public Builder registerRef(String registerRef) {
      this.registerRef = registerRef;
      return this;
    }

    /** The card: its reference (the PAN's keyed hash, or the transit card number) and the encrypted PAN. */
    public Builder card(String cardRef, byte[] panEncrypted) {
      this.cardRef = cardRef;
      this.panEncrypted = panEncrypted;
      return this;
    }

    /** What the member paid ({@code amountFen}) and from which account. */
    public Builder funding(long amountFen, long benefitFen, long debitFen, long ecashFen, long purseFen) {
      this.amountFen = amountFen;
      this.benefitFen = benefitFen;
      this.debitFen = debitFen;
      this.ecashFen = ecashFen;
      this.purseFen = purseFen;
      return this;
    }

    /** Who funds the discount: merchant concession, bank subsidy, the union's ride subsidy. */
    public Builder discountFunding(long merchantFen, long bankFen, long unionFen) {
      this.merchantFen = merchantFen;
      this.bankFen = bankFen;
      this.unionFen = unionFen;
      return this;
    }

    public Builder originalId(String originalId) {
      this.originalId = originalId;
      return this;
    }

    public Builder authCode(String authCode) {
      this.authCode = authCode;
      return this;
    }

    public Builder reason(String reason) {
      this.reason = reason;
      return this;
    }

    public Builder detail(String detail) {
      this.detail = detail;
      return this;
    }

    /** Where the record is in its upload: its state, the attempts made and the bank's last reason. */
    public Builder upload(UploadState uploadState, int uploadAttempts, String uploadReason) {
      this.uploadState = uploadState;
      this.uploadAttempts = uploadAttempts;
      this.uploadReason = uploadReason;
      return this;
    }

    public TxRecord build() {
      return new TxRecord(this);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (o == this) {
      return true;
    }
    if (!(o instanceof TxRecord)) {
      return false;
    }
    TxRecord t = (TxRecord) o;
    return seq == t.seq && amountFen == t.amountFen && benefitFen == t.benefitFen && debitFen == t.debitFen
        && ecashFen == t.ecashFen && purseFen == t.purseFen && merchantFen == t.merchantFen && bankFen == t.bankFen
        && unionFen == t.unionFen && uploadAttempts == t.uploadAttempts && Objects.equals(id, t.id)
        && type == t.type && state == t.state && Objects.equals(businessDate, t.businessDate)
        && Objects.equals(createdAt, t.createdAt) && Objects.equals(updatedAt, t.updatedAt)
        && Objects.equals(registerRef, t.registerRef) && Objects.equals(cardRef, t.cardRef)
        && panEncrypted == t.panEncrypted && Objects.equals(originalId, t.originalId)
        && Objects.equals(authCode, t.authCode) && Objects.equals(reason, t.reason) && Objects.equals(detail, t.detail)
        && uploadState == t.uploadState && Objects.equals(uploadReason, t.uploadReason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, seq, type, state, businessDate, createdAt, updatedAt, registerRef, cardRef, panEncrypted,
        amountFen, benefitFen, debitFen, ecashFen, purseFen, merchantFen, bankFen, unionFen, originalId, authCode,
        reason, detail, uploadState, uploadAttempts, uploadReason);
  }

  @Override
  public String toString() {
    // panEncrypted stays out of logs even encrypted
    return "TxRecord[" + id + " " + type + " " + state + " " + amountFen + " fen, upload " + uploadState + "]";
  }
}
