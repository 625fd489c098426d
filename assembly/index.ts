// The Wasm module's exports: the bus's dispatch table (§9) and the
// EventEmitter's lists (§11), on one shared memory layer. Export list
// only; the code lives in:
//   memory/   allocator.ts (size classes), chunks.ts (id-indexed records that
//             never move), block-list.ts (growable entry lists, shared)
//   bus/      layout.ts (shapes, codes), state.ts (records), insert.ts (the
//             pending log, the ordered insert), remove.ts (removal, counts),
//             sweep.ts (staleness), entries.ts (reads), freed.ts (the
//             freed-slot list)
//   emitter/  lists.ts (the emitters' lists), pending.ts (their pending log)
// src/table/backends.ts describes these exports for TypeScript.

export {
  ENTRY_WORDS, ENTRY_SLOT, ENTRY_RANK, LIST_ENTRIES, LIST_LENGTH, ANY, NO_HANDLE, CORE_RANK, SLOT_LIVE, SLOT_STALE,
  PENDING_WORDS, PENDING_EVENT, PENDING_RANK, PENDING_SLOT, PENDING_SERIAL, PENDING_HANDLE, PENDING_HANDLE_GEN,
  PENDING_WITHDRAWN, PENDING_CAPACITY,
} from "./bus/layout";
export { serialOf, allocateHandle, handleGeneration, eventListAddress } from "./bus/state";
export { freedWordsAddress, freedListAddress } from "./bus/freed";
export { applyPending, pendingAddress, pendingCountAddress, appliedAddress } from "./bus/insert";
export { removeRegistration, removeSlot, removeMatching, matchingNextAddress, listenerCount } from "./bus/remove";
export { endHandle, slotState, entryState } from "./bus/sweep";
export { entriesAddress, entriesLength } from "./bus/entries";
export {
  EMITTER_LIST_ENTRIES, EMITTER_LIST_LENGTH, EMITTER_LIST_OWNER,
  emitterListWith, emitterListAddress, emitterOwnerFree, emitterListFree, emitterAppend, emitterPrepend, emitterRemoveAt,
  emitterApplyPending, emitterLiveOwners, emitterLiveLists,
} from "./emitter/lists";
export {
  EMITTER_PENDING_WORDS, EMITTER_PENDING_LIST, EMITTER_PENDING_SLOT, EMITTER_PENDING_WITHDRAWN, EMITTER_PENDING_CAPACITY,
  emitterPendingAddress, emitterPendingCountAddress,
} from "./emitter/pending";
