package cn.unioncard.android;

import android.nfc.Tag;
import android.nfc.tech.IsoDep;
import cn.unioncard.protocol.Hex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.robolectric.annotation.Implementation;
import org.robolectric.annotation.Implements;
import org.robolectric.shadows.ShadowIsoDep;

/**
 * The android.nfc boundary in the tests: an {@link IsoDep} whose card is a Java object. Robolectric's own
 * {@link ShadowIsoDep} answers every command with one fixed response; this one asks the card put in the field
 * for the tag's id ({@link #putInField}), and records what was sent.
 */
@Implements(IsoDep.class)
public class ShadowCardIsoDep extends ShadowIsoDep {
  /** A card in the field: answers a command, or throws as the platform does (TagLostException, IOException). */
  @FunctionalInterface
  public interface Card {
    byte[] answer(byte[] command) throws IOException;
  }

  private static final Map<String, Card> FIELD = new ConcurrentHashMap<>();
  private static final List<ShadowCardIsoDep> CREATED = Collections.synchronizedList(new ArrayList<>());

  private Card card;
  private final List<byte[]> sent = Collections.synchronizedList(new ArrayList<>());

  /** The card that an IsoDep made from a tag with {@code tagId} talks to. */
  public static void putInField(byte[] tagId, Card card) {
    FIELD.put(Hex.encode(tagId), card);
  }

  public static void clearField() {
    FIELD.clear();
    CREATED.clear();
  }

  /** The IsoDep made last (by IsoDep.get), seen through its shadow. */
  public static ShadowCardIsoDep last() {
    synchronized (CREATED) {
      return CREATED.get(CREATED.size() - 1);
    }
  }

  @Implementation
  @Override
  protected void __constructor__(Tag tag) {
    card = FIELD.get(Hex.encode(tag.getId()));
    CREATED.add(this);
  }

  public boolean connected() {
    return isConnected();
  }

  public int timeoutSet() {
    return getTimeout();
  }

  @Implementation
  @Override
  protected byte[] transceive(byte[] data) throws IOException {
    if (card == null) {
      throw new IOException("no card in the field for this tag");
    }
    sent.add(data.clone());
    return card.answer(data);
  }

  /** The commands sent so far, in order. */
  public List<byte[]> sent() {
    synchronized (sent) {
      return new ArrayList<>(sent);
    }
  }
}
