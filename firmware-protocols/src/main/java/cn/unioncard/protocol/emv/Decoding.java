package cn.unioncard.protocol.emv;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.tlv.Tag;

/** Helpers for decoding one optional field on request. */
final class Decoding {
  private Decoding() {}

  /** A decoder of one value that may fail. */
  interface ValueDecoder<T> {
    T decode() throws DecodeException;
  }

  /** Runs {@code d}, reporting a failure inside {@code tag}. */
  static <T> T inTag(Tag tag, ValueDecoder<T> d) throws DecodeException {
    try {
      return d.decode();
    } catch (DecodeException e) {
      throw e.inTag(tag.hex());
    }
  }
}
