/**
 * The union member data a member card carries in a proprietary data object of its debit application: the
 * union, the member number and the member category (layout in docs/card-profile.md).
 */
package cn.unioncard.protocol.member;
