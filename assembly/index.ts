// The Wasm module's exports: the dispatch table of SPEC §9. Export list only;
// the code lives in table.ts (insert), remove.ts (removal, counts),
// sweep.ts (staleness), state.ts (records), freed.ts (the freed-slot list),
// chunks.ts and allocator.ts (memory) and layout.ts (shapes, codes).

export {
  ENTRY_WORDS, ENTRY_SLOT, ENTRY_RANK, ENTRY_LISTENER, ANY, NO_HANDLE, CORE_RANK,
  STATUS_DUPLICATE, STATUS_STALE_HANDLE, SLOT_GONE, SLOT_LIVE, SLOT_STALE,
} from "./layout";
export {
  versionAddress, handleEpochAddress, lastSerialAddress, serialOf, allocateHandle, handleGeneration,
} from "./state";
export { freedSlotsAddress, freedWordsAddress, freedAtAddress } from "./freed";
export { insertListener } from "./table";
export { removeRegistration, removeMatching, listenerCount } from "./remove";
export { endHandle, slotState, staleCount } from "./sweep";
export { entriesAddress, entriesLength, listVersion } from "./entries";
// The drop-in EventEmitter's lists (SPEC §11): emitter-lists.ts.
export {
  EMITTER_LIST_ENTRIES, EMITTER_LIST_LENGTH, EMITTER_LIST_OWNER,
  emitterListWith, emitterListAddress, emitterOwnerFree, emitterListFree, emitterAppend, emitterPrepend, emitterRemoveAt,
  emitterLiveOwners, emitterLiveLists,
} from "./emitter-lists";
