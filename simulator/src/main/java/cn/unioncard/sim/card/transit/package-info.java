/**
 * The simulated transit purse of a card (JT/T 978 interconnected transit, PBOC electronic purse): {@link
 * cn.unioncard.sim.card.transit.TransitState} (persistent) and {@link
 * cn.unioncard.sim.card.transit.TransitApplications} (the purse and its electronic-cash twin). Keys,
 * diversification and MAC recipes: docs/card-profile-transit.md.
 */
package cn.unioncard.sim.card.transit;
