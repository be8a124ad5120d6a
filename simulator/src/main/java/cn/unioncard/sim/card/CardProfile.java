package cn.unioncard.sim.card;

import cn.unioncard.protocol.Hex;
import cn.unioncard.protocol.member.MemberData;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One card as a JSON document (docs/card-profile.md): the profile a user copies and edits, and the same document
 * as the card's state file, updated as the card runs. Read and written by {@link CardFile}.
 */
public final class CardProfile {
  /** Default ATR: a contactless ISO 14443-4 card as a PC/SC reader reports it (PC/SC part 3, 3.1.3.2.3). */
  public static final String DEFAULT_ATR = "3B8880010000000000718100F9";

  final String name;
  final String description;
  final byte[] atr;
  final Behaviour behaviour;
  final boolean hotlisted;
  final DebitState debit;
  final MemberData member;
  final List<ForeignApplication> foreign;
  /** Plug-in sections by name, as read; the live ones in {@link #sections} write back their own state. */
  final Map<String, JsonNode> rawSections;
  final Map<String, CardSection> sections;

  CardProfile(String name, String description, byte[] atr, Behaviour behaviour, boolean hotlisted,
      DebitState debit, MemberData member, List<ForeignApplication> foreign, Map<String, JsonNode> rawSections,
      Map<String, CardSection> sections) {
    this.name = name;
    this.description = description;
    this.atr = atr.clone();
    this.behaviour = behaviour;
    this.hotlisted = hotlisted;
    this.debit = debit;
    this.member = member;
    this.foreign = Collections.unmodifiableList(new ArrayList<>(foreign));
    this.rawSections = Collections.unmodifiableMap(new LinkedHashMap<>(rawSections));
    this.sections = Collections.unmodifiableMap(new LinkedHashMap<>(sections));
  }

  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  public byte[] atr() {
    return atr.clone();
  }

  public Behaviour behaviour() {
    return behaviour;
  }

  /** Whether the bank and the hotlist list this card's PAN (flags.hotlisted): the card itself does not know. */
  public boolean hotlisted() {
    return hotlisted;
  }

  /** The debit application's state, or null for a card without one (a foreign card). */
  public DebitState debit() {
    return debit;
  }

  /** The member data, or null for a card that is not a member card. */
  public MemberData member() {
    return member;
  }

  /** A plug-in section as read from the file (for example {@code transit}), or null. */
  public JsonNode rawSection(String sectionName) {
    return rawSections.get(sectionName);
  }

  /** A plug-in section made by its factory, or null when absent or no factory is registered. */
  public CardSection section(String sectionName) {
    return sections.get(sectionName);
  }

  @Override
  public String toString() {
    return "CardProfile{" + name + ", atr " + Hex.encode(atr) + "}";
  }
}
