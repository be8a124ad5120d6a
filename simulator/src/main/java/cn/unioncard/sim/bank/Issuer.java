package cn.unioncard.sim.bank;

import cn.unioncard.protocol.Bcd;
import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.crypto.ApplicationCryptogram;
import cn.unioncard.protocol.crypto.BlockAlgorithm;
import cn.unioncard.protocol.crypto.EmvKeyDerivation;
import cn.unioncard.protocol.crypto.Keys;
import cn.unioncard.protocol.crypto.PinBlock;
import cn.unioncard.protocol.emv.CryptogramInput;
import cn.unioncard.protocol.emv.EmvTags;
import cn.unioncard.protocol.tlv.BerTlv;
import cn.unioncard.protocol.tlv.Tag;
import cn.unioncard.protocol.tlv.Tlv;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The issuer's card checks, computed exactly as the simulated card computes them: ICC master key by EMV option A
 * from the IMK-AC, the PBOC session key from the ATC, the ARQC over {@link CryptogramInput}, and the ARPC by
 * method 1 (EMV Book 2 §8.2.1).
 */
final class Issuer {
  /** Wrong PINs in a row before the card's online PIN is blocked. */
  static final int MAX_PIN_TRIES = 3;

  /** The ARC of an approval, "00" in ASCII. */
  static final String APPROVED = "3030";

  private final byte[] imk;

  Issuer(byte[] imk) {
    this.imk = imk.clone();
  }

  /** The PBOC session key of a card and ATC. */
  byte[] sessionKey(String pan, String psn, byte[] atc) {
    byte[] mk = EmvKeyDerivation.iccMasterKeyOptionA(imk, pan, psn);
    try {
      return EmvKeyDerivation.pbocSessionKey(mk, atc);
    } finally {
      Keys.wipe(mk);
    }
  }

  /** Whether the card's ARQC is the one its keys give over its data. */
  boolean arqcValid(byte[] sessionKey, IccData icc) {
    byte[] expected = ApplicationCryptogram.generate(sessionKey, icc.cryptogramInput());
    return MessageDigest.isEqual(expected, icc.arqc());
  }

  /** ARPC method 1 for the ARC. */
  byte[] arpc(byte[] sessionKey, byte[] arqc, byte[] arc) {
    return ApplicationCryptogram.arpcMethod1(sessionKey, arqc, arc);
  }

  /** The ARC (two ASCII digits, hex) of a decline reason, or of an approval when null (ISO 8583 response codes). */
  static String arc(String reason) {
    if (reason == null) {
      return APPROVED;
    }
    switch (reason) {
      case "insufficient_funds":
        return "3531"; // 51
      case "wrong_pin":
        return "3535"; // 55
      case "pin_tries_exceeded":
        return "3735"; // 75
      case "card_blocked":
        return "3431"; // 41 (lost card / blocked)
      case "expired_card":
        return "3534"; // 54
      case "not_accepted":
        return "3537"; // 57
      default: // cryptogram_failed
        return "3035"; // 05 do not honour
    }
  }

  /**
   * The PIN in an encrypted format-0 block: 8 bytes under the PIN key as double-length TDEA (ISO 9564-1 format 0),
   * or 16 bytes under the PIN key as SM4 (the widened format 0 of {@link PinBlock#format0ForSm4}); null when the
   * block does not decode (a wrong key or a wrong PAN gives that too).
   */
  static String pinFromBlock(String hex, byte[] pinKey, String pan) {
    byte[] block;
    try {
      block = Hex.parse(hex);
    } catch (DecodeException e) {
      return null;
    }
    try {
      if (block.length == 8) {
        return PinBlock.decodeFormat0(PinBlock.decrypt(BlockAlgorithm.TDEA, pinKey, block), pan);
      }
      if (block.length == 16) {
        return PinBlock.decodeFormat0ForSm4(PinBlock.decrypt(BlockAlgorithm.SM4, pinKey, block), pan);
      }
      return null;
    } catch (DecodeException | IllegalArgumentException e) {
      return null;
    }
  }

  /** The {@code icc_data} of an authorisation: the data objects by tag. */
  record IccData(Map<Tag, byte[]> values) {
    static final Tag[] REQUIRED = {
      EmvTags.APPLICATION_CRYPTOGRAM, EmvTags.ATC, EmvTags.PAN_SEQUENCE_NUMBER, EmvTags.AMOUNT_AUTHORISED
    };

    /** Parses the hex TLV list; a bad one or a missing object is {@code 400 malformed}. */
    static IccData parse(String hex) throws ApiException {
      byte[] bytes;
      List<Tlv> objects;
      try {
        bytes = Hex.parse(hex);
        objects = BerTlv.decode(bytes);
      } catch (DecodeException e) {
        throw ApiException.malformed("icc_data: " + e.getMessage());
      }
      Map<Tag, byte[]> values = new HashMap<>();
      for (Tlv t : objects) {
        if (values.put(t.tag(), t.value()) != null) {
          throw ApiException.malformed("icc_data: tag " + t.tag().hex() + " appears twice");
        }
      }
      for (Tag t : REQUIRED) {
        if (!values.containsKey(t)) {
          throw ApiException.malformed("icc_data: tag " + t.hex() + " is missing");
        }
      }
      IccData d = new IccData(values);
      if (d.arqc().length != 8 || d.atc().length != 2 || values.get(EmvTags.PAN_SEQUENCE_NUMBER).length != 1) {
        throw ApiException.malformed("icc_data: 9F26 is 8 bytes, 9F36 2 bytes, 5F34 1 byte");
      }
      try {
        CryptogramInput.build(values);
      } catch (DecodeException e) {
        throw ApiException.malformed("icc_data: " + e.getMessage());
      }
      d.psn();
      d.amountAuthorised();
      return d;
    }

    byte[] arqc() {
      return values.get(EmvTags.APPLICATION_CRYPTOGRAM);
    }

    byte[] atc() {
      return values.get(EmvTags.ATC);
    }

    int atcValue() {
      return ((atc()[0] & 0xFF) << 8) | (atc()[1] & 0xFF);
    }

    /** The PAN sequence number as two digits. */
    String psn() throws ApiException {
      try {
        return Bcd.digits(values.get(EmvTags.PAN_SEQUENCE_NUMBER), "5F34");
      } catch (DecodeException e) {
        throw ApiException.malformed("icc_data: " + e.getMessage());
      }
    }

    long amountAuthorised() throws ApiException {
      try {
        return Bcd.decode(values.get(EmvTags.AMOUNT_AUTHORISED), "9F02");
      } catch (DecodeException e) {
        throw ApiException.malformed("icc_data: " + e.getMessage());
      }
    }

    byte[] cryptogramInput() {
      try {
        return CryptogramInput.build(values);
      } catch (DecodeException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
