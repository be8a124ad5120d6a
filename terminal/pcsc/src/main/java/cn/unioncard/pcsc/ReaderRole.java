package cn.unioncard.pcsc;

/** What a reader is for at a terminal: a gate has a contactless reader and a PSAM slot; a checkout may add a contact slot. */
public enum ReaderRole {
  /** The reader members tap their cards on (ISO/IEC 14443). */
  CONTACTLESS,
  /** The slot holding the terminal's PSAM (JT/T 978 transit purchases). */
  PSAM,
  /** A contact slot for inserted cards (ISO/IEC 7816-3), where a checkout has one. */
  CONTACT
}
