// The Wasm module's exports: the dispatch table of SPEC §9. Export list only;
// the code lives in table.ts (the pending log, insert), remove.ts (removal, counts),
// sweep.ts (staleness), state.ts (records), freed.ts (the freed-slot list),
// chunks.ts and allocator.ts (memory) and layout.ts (shapes, codes).

export {
  ENTRY_WORDS, ENTRY_SLOT, ENTRY_RANK, LIST_ENTRIES, LIST_LENGTH, ANY, NO_HANDLE, CORE_RANK,
  SLOT_GONE, SLOT_LIVE, SLOT_STALE,
  PENDING_WORDS, PENDING_EVENT, PENDING_RANK, PENDING_SLOT, PENDING_SERIAL, PENDING_HANDLE, PENDING_HANDLE_GEN, PENDING_WITHDRAWN, PENDING_CAPACITY,
} from "./layout";
export {
  versionAddress, handleEpochAddress, serialOf, allocateHandle, handleGeneration, eventListAddress,
} from "./state";
export { freedSlotsAddress, freedWordsAddress, freedAtAddress } from "./freed";
export { applyPending, pendingAddress, pendingCountAddress, appliedAddress } from "./table";
export { removeRegistration, removeSlot, removeMatching, listenerCount } from "./remove";
export { endHandle, slotState, entryState, staleCount } from "./sweep";
export { entriesAddress, entriesLength, listVersion } from "./entries";
// The drop-in EventEmitter's lists (SPEC §11): emitter-lists.ts.
export {
  EMITTER_ENTRY_WORDS, EMITTER_ENTRY_SLOT, EMITTER_NOT_FOUND, EMITTER_LIST_ENTRIES, EMITTER_LIST_LENGTH, EMITTER_LIST_OWNER,
  emitterListWith, emitterListAddress,
  emitterOwnerNew, emitterOwnerFree, emitterListNew, emitterListFree, emitterClear, emitterAppend, emitterPrepend,
  emitterRemoveLast, emitterRemoveAt, emitterCountOf, emitterLength, emitterVersion, emitterEntriesAddress,
  emitterLiveOwners, emitterLiveLists,
} from "./emitter-lists";
