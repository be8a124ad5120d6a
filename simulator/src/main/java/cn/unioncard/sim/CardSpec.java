package cn.unioncard.sim;

import cn.unioncard.ports.card.ApduTransport;

/**
 * A card the simulator can put into a reader, opened from a spec string such as {@code trace:debit-and-transit}
 * (see {@link CardFactory}).
 *
 * @param spec what it was opened from
 * @param description one line for people
 * @param transport the card itself
 * @param atr what the reader reports
 * @param state the card's current state as a JSON-ready object (a stateful card's document), or null
 */
public record CardSpec(
    String spec, String description, ApduTransport transport, byte[] atr, java.util.function.Supplier<Object> state) {}
