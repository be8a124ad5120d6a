package cn.unioncard.protocol.emv;

import cn.unioncard.protocol.DecodeException;
import cn.unioncard.protocol.Hex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The candidate list: the directory entries whose applications the terminal supports, in the order the
 * terminal offers or tries them.
 *
 * <p>Matching (EMV Book 1 clause 12.3.1): an entry matches a terminal AID when its ADF name equals the AID
 * (same length and value), or, when the terminal's Application Selection Indicator allows partial selection
 * for that AID, when the ADF name begins with the whole AID and is longer. DDF entries are never candidates
 * (the caller reads that directory and builds again). Each entry appears at most once.
 *
 * <p>Order (EMV Book 1 clauses 12.3 and 12.4): entries with a priority (b4-b1 of {@code 87} from 1 to 15) come
 * first, 1 before 2 and so on; entries with priority 0, without {@code 87}, or whose {@code 87} does not
 * decode come after all of them. Entries of equal priority keep their directory order (a stable sort).
 */
public final class CandidateList {
  /** One AID the terminal supports, with its Application Selection Indicator. */
  public static final class SupportedAid {
    private final byte[] aid;
    private final boolean partialMatchAllowed;

    public SupportedAid(byte[] aid, boolean partialMatchAllowed) {
      if (aid.length < 5 || aid.length > 16) {
        throw new IllegalArgumentException("AID of " + aid.length + " bytes, expected 5..16");
      }
      this.aid = aid.clone();
      this.partialMatchAllowed = partialMatchAllowed;
    }

    /** A supported AID from hex, for configuration and tests. */
    public static SupportedAid of(String aidHex, boolean partialMatchAllowed) {
      return new SupportedAid(Hex.of(aidHex), partialMatchAllowed);
    }

    public byte[] aid() {
      return aid.clone();
    }

    public boolean partialMatchAllowed() {
      return partialMatchAllowed;
    }

    /** Whether an application with this ADF name is supported by this terminal AID. */
    public boolean matches(byte[] adfName) {
      if (adfName.length < aid.length || (adfName.length > aid.length && !partialMatchAllowed)) {
        return false;
      }
      return Arrays.equals(Arrays.copyOf(adfName, aid.length), aid);
    }
  }

  private final List<DirectoryEntry> candidates;

  private CandidateList(List<DirectoryEntry> candidates) {
    this.candidates = Collections.unmodifiableList(candidates);
  }

  /** Builds the candidate list from directory entries in directory order. */
  public static CandidateList build(List<DirectoryEntry> entries, List<SupportedAid> supported) {
    List<DirectoryEntry> matched = new ArrayList<>();
    for (DirectoryEntry e : entries) {
      if (e.isDdf()) {
        continue;
      }
      byte[] name = e.name();
      for (SupportedAid s : supported) {
        if (s.matches(name)) {
          matched.add(e);
          break;
        }
      }
    }
    List<DirectoryEntry> sorted = new ArrayList<>(matched);
    Collections.sort(sorted, (a, b) -> Integer.compare(rank(a), rank(b))); // Collections.sort is stable
    return new CandidateList(sorted);
  }

  /** 1..15 for a priority, 16 for none (after every prioritised entry). */
  private static int rank(DirectoryEntry e) {
    try {
      ApplicationPriority p = e.priority();
      return p == null || p.priority() == 0 ? 16 : p.priority();
    } catch (DecodeException bad) {
      return 16;
    }
  }

  /** The candidates, highest priority first. */
  public List<DirectoryEntry> candidates() {
    return candidates;
  }

  public boolean isEmpty() {
    return candidates.isEmpty();
  }

  public int size() {
    return candidates.size();
  }

  @Override
  public String toString() {
    return "CandidateList" + candidates;
  }
}
