// The emitters' pending log (§9, batched mutations): `on` makes no call into
// Wasm. JS writes an append as one record (the list, the entry's slot) at a
// fixed address with typed-array stores (src/emitter/pending-appends.ts);
// lists.ts applies the records, in order, at the start of every export that
// reads or changes a list, and JS asks for it (emitterApplyPending) before it
// reads a list's memory itself. So every emit, query and removal sees every
// append made before it, and order is only ever decided here. An append
// removed before it was applied is withdrawn in its record (or, the newest,
// dropped from the log): an on + off pair costs stores and no call. The bus's
// log (bus/insert.ts) works the same way with its own records.

/** Words of a record, and each field's word. */
export const EMITTER_PENDING_WORDS: u32 = 2;
export const EMITTER_PENDING_LIST: u32 = 0;
export const EMITTER_PENDING_SLOT: u32 = 1;
/** The list field of a withdrawn record (no list has this id): applying it appends nothing. */
export const EMITTER_PENDING_WITHDRAWN: u32 = 0xffffffff;
/** Records the log holds; when it is full, JS's next append is a call (emitterAppend), which applies it first. */
export const EMITTER_PENDING_CAPACITY: u32 = 64;

/** The records, at a fixed address so that JS writes them without a call. */
export const PENDING: usize = memory.data(<i32>(EMITTER_PENDING_CAPACITY * EMITTER_PENDING_WORDS * 4));
/** How many records JS has written since the log was last applied. */
export const PENDING_COUNT: usize = memory.data(4);

export function emitterPendingAddress(): usize {
  return PENDING;
}

export function emitterPendingCountAddress(): usize {
  return PENDING_COUNT;
}
