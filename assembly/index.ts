// The Wasm module's exports: the bus's dispatch table (SPEC §9) and the
// EventEmitter's lists (SPEC §11), on one shared memory layer. Export list
// only; the code lives in:
//   memory/   allocator.ts (size classes), chunks.ts (id-indexed records that
//             never move), block-list.ts (growable entry lists, shared)
//   bus/      layout.ts (shapes, codes), state.ts (records), insert.ts (the
//             ordered insert), remove.ts (removal, counts), sweep.ts
//             (staleness), entries.ts (reads), freed.ts (the freed-slot list)
//   emitter/  lists.ts (the emitters' lists)
// src/table/backends.ts describes these exports for TypeScript.

export {
  ENTRY_WORDS, ENTRY_SLOT, ENTRY_RANK, ANY, NO_HANDLE, CORE_RANK,
  STATUS_DUPLICATE, STATUS_STALE_HANDLE, SLOT_LIVE, SLOT_STALE,
} from "./bus/layout";
export { lastSerialAddress, serialOf, allocateHandle, handleGeneration } from "./bus/state";
export { freedWordsAddress, freedAtAddress } from "./bus/freed";
export { insertListener } from "./bus/insert";
export { removeRegistration, removeMatching, listenerCount } from "./bus/remove";
export { endHandle, slotState } from "./bus/sweep";
export { entriesAddress, entriesLength } from "./bus/entries";
export {
  EMITTER_ENTRY_WORDS, EMITTER_ENTRY_SLOT, EMITTER_LIST_ENTRIES, EMITTER_LIST_LENGTH, EMITTER_LIST_OWNER,
  emitterListWith, emitterListAddress, emitterOwnerFree, emitterListFree, emitterClear, emitterAppend, emitterPrepend,
  emitterRemoveLast, emitterCountOf, emitterLiveOwners, emitterLiveLists,
} from "./emitter/lists";
