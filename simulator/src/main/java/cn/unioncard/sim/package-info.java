/**
 * The simulator: cards, PSAM, virtual readers, cash register, bank (the simulator issue).
 */
package cn.unioncard.sim;
