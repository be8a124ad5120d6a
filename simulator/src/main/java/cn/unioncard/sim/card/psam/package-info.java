/**
 * The simulated JT/T 978 transit PSAM (terminal security module): {@link
 * cn.unioncard.sim.card.psam.PsamState} (persistent) and {@link cn.unioncard.sim.card.psam.PsamApplications}.
 */
package cn.unioncard.sim.card.psam;
