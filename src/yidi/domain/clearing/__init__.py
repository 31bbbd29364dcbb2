"""Clearing between agencies (清分/清算): parties and accounts, a double-entry journal, monthly
statements per (参保地, 就医地) pair, their lifecycle, advance funds (预付金) and the hospital side
(3203 application, 3261 confirmation).

Seed 002 第四条 (经办机构间清算资金划拨) and 第五条 (医保基金支付部分先预付后清算); seed 004
三(一) (违规费用扣除并返还参保地), 三(二) (追回资金退回), 三(三) (月结算、年清算). Plain Python,
integer fen; the set-based statement builder and the journal store live in ``adapters``.
"""
