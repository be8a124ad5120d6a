package cn.unioncard.pcsc;

import java.time.Instant;

/** Something that happened at a reader: a card came or went, or the reader (or pcscd) went away or came back. */
public record ReaderEvent(Type type, ReaderRole role, String readerName, Instant time) {
  public enum Type {
    /** A card entered the field (or was inserted): a fresh tap. */
    CARD_INSERTED,
    /** The card left the field, or can no longer be reached because its reader went away. */
    CARD_REMOVED,
    /** A reader for this role was found for the first time. */
    READER_FOUND,
    /** The role's reader went away: unplugged, or pcscd stopped. */
    READER_LOST,
    /** The role has a reader again after {@link #READER_LOST}. */
    READER_BACK
  }
}
