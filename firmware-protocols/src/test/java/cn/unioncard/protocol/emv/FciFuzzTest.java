package cn.unioncard.protocol.emv;

import cn.unioncard.protocol.DecodeException;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided: the ADF / PPSE / PSE FCI decoder, every on-request field, the directory and candidate list
 * built from it, and the PSE directory record reader, return values or throw DecodeException, never anything else.
 */
class FciFuzzTest {
  private static final List<CandidateList.SupportedAid> SUPPORTED =
      Arrays.asList(
          CandidateList.SupportedAid.of("A000000333010101", false),
          CandidateList.SupportedAid.of("A0000006320101", true));

  @FuzzTest
  void fci(byte[] input) {
    try {
      exercise(Fci.decode(input));
    } catch (DecodeException expected) {
      // fine
    }
    try {
      exercise(Directory.fromRecord(input));
    } catch (DecodeException expected) {
      // fine
    }
  }

  /** Calls every accessor; each may fail alone with DecodeException. */
  static void exercise(Fci f) {
    f.dfName();
    f.proprietaryTemplate();
    f.issuerDiscretionaryData();
    try {
      f.applicationLabel();
    } catch (DecodeException expected) {
      // fine
    }
    try {
      f.applicationPreferredName();
    } catch (DecodeException expected) {
      // fine
    }
    try {
      f.priority();
    } catch (DecodeException expected) {
      // fine
    }
    try {
      Dol pdol = f.pdol();
      if (pdol != null) {
        pdol.build(new java.util.HashMap<>());
      }
    } catch (DecodeException expected) {
      // fine
    }
    try {
      f.languagePreference();
    } catch (DecodeException expected) {
      // fine
    }
    try {
      f.issuerCodeTableIndex();
    } catch (DecodeException expected) {
      // fine
    }
    try {
      f.directorySfi();
    } catch (DecodeException expected) {
      // fine
    }
    try {
      f.logEntry();
    } catch (DecodeException expected) {
      // fine
    }
    try {
      f.loadLogEntry();
    } catch (DecodeException expected) {
      // fine
    }
    exercise(f.directory());
  }

  static void exercise(Directory d) {
    for (DirectoryEntry e : d.entries()) {
      e.name();
      e.discretionaryTemplate();
      try {
        e.label();
      } catch (DecodeException expected) {
        // fine
      }
      try {
        e.preferredName();
      } catch (DecodeException expected) {
        // fine
      }
      try {
        e.priority();
      } catch (DecodeException expected) {
        // fine
      }
    }
    CandidateList.build(d.entries(), SUPPORTED);
  }
}
