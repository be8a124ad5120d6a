/** The card side of a checkout: a purchase on the UnionPay debit application (PBOC 3.0 contact, qPBOC contactless). */
package cn.unioncard.agent.card.payment;
