// The table's memory allocator: size classes two per octave (16, 24, 32,
// 48, 64, 96, ... bytes) on a bump pointer, with one free list per class. It replaces AssemblyScript's TLSF (asconfig
// "runtime": "stub"; nothing here calls heap.alloc): TLSF's growMemory at
// least doubles linear memory on every growth (std/assembly/rt/tlsf.ts,
// `max(pagesBefore, pagesNeeded)`), and the arrays on it grew by doubling
// too, so 100,000 listeners over 10,000 events took 8 MiB: 83 bytes per
// listener for 28 bytes of records (Nov 2026, Node 20). Here memory grows by
// exactly the pages needed, and blocks carry no header: each caller knows its
// blocks' class (an entry list derives it from its capacity).
//
// Why so little suffices: nothing large is ever freed. Records indexed by id
// live in fixed-size chunks that never move (chunks.ts); what moves and is
// freed is small: entry lists (one per event) and the chunk-address tables.
// A freed block waits on its class's list for the next block of that class,
// so a repeated workload (register/unregister churn, once, pools, waves of
// registrations) reuses exactly the blocks it freed and memory never grows
// past its first high-water mark.
//
// Blocks are not split or merged. That costs lists that grow in step (a
// module registering on every event in turn): each list leaves a 16, 32 and
// 64-byte block behind on its way to 128 bytes, 49 instead of 38 bytes per
// listener for 10 per event. Splitting free blocks on demand and merging free
// neighbours before growing memory brought that to 39, but then ten waves of
// 10,000 registrations went from 8 to 11 pages: merged and re-split blocks no
// longer matched the next wave's sizes, so the first fill stopped being the
// high-water mark (test/scale.test.ts holds it to that, within a page).
//
// Why two classes per octave: a list's block is all the slack it has, and
// with powers of two an event of 10 listeners (80 bytes of entries) took a
// 128-byte block, 12.8 bytes per listener; a 96-byte class makes it 9.6
// (Dec 2026). Every class is a multiple of 8 bytes, so the entry sizes in
// use (4 and 8) fill a block exactly, and a list's capacity still tells its
// class (block-list.ts).
//
// Above `top` lies the wilderness: memory never handed out.

/** Bytes of the smallest block (class 0); every block is 8-byte aligned. */
const MIN_BLOCK_BYTES: usize = 16;
const MIN_BLOCK_SHIFT: u32 = 4;
/** Classes 0..55: 16 bytes .. 3 GiB, more than a 4 GiB memory can hold twice. */
const CLASSES: u32 = 56;
const PAGE_SHIFT: u32 = 16;

/** Heads of the free lists, one word per class (0: empty). A free block's first word links to the next. */
const FREE_HEADS: usize = memory.data(<i32>(CLASSES << 2));

/** Start of the wilderness: never-used memory from here to the end of linear memory. */
let top: usize = (__heap_base + MIN_BLOCK_BYTES - 1) & ~(MIN_BLOCK_BYTES - 1);

/** Bytes of linear memory. Only ensureMemory grows it, so this copy of memory.size() stays right. */
let memoryEnd: u64 = <u64>memory.size() << PAGE_SHIFT;

/** Bytes of a block of `sizeClass`. */
// @ts-ignore: decorator
@inline export function classBytes(sizeClass: u32): usize {
  // Even classes are powers of two (16 << k); odd ones one and a half of the one below.
  const power = MIN_BLOCK_BYTES << (sizeClass >> 1);
  return sizeClass & 1 ? power + (power >> 1) : power;
}

/** The smallest class whose blocks hold `bytes`. */
export function classFor(bytes: usize): u32 {
  if (bytes <= MIN_BLOCK_BYTES) return 0;
  const bits = <u32>(32 - clz<u32>(<u32>(bytes - 1))); // 2^bits >= bytes > 2^(bits - 1)
  const sizeClass = (bits - MIN_BLOCK_SHIFT) << 1; // the power of two 2^bits
  return bytes <= <usize>(3 << (bits - 2)) ? sizeClass - 1 : sizeClass; // or 1.5 * 2^(bits - 1), if that holds them
}

/** A block of `sizeClass`: the last one freed of that class if any, else fresh from the wilderness. */
export function allocateBlock(sizeClass: u32): usize {
  const head = FREE_HEADS + (<usize>sizeClass << 2);
  const block = load<usize>(head);
  if (block != 0) {
    store<usize>(head, load<usize>(block));
    return block;
  }
  return bump(classBytes(sizeClass));
}

/**
 * Gives a block back. The block that ends at `top` goes back to the
 * wilderness (any class can use it then); any other waits on its class's list.
 */
export function freeBlock(block: usize, sizeClass: u32): void {
  const bytes = classBytes(sizeClass);
  if (block + bytes == top) {
    top = block;
    return;
  }
  const head = FREE_HEADS + (<usize>sizeClass << 2);
  store<usize>(block, load<usize>(head));
  store<usize>(head, block);
}

/**
 * Moves a block to a larger class, keeping its first `keepBytes`. The block
 * that ends at `top` grows in place (no copy, nothing left behind); any other
 * is copied to a block of the new class and freed.
 */
export function growBlock(block: usize, fromClass: u32, toClass: u32, keepBytes: usize): usize {
  if (block + classBytes(fromClass) == top) {
    ensureMemory(<u64>block + classBytes(toClass));
    top = block + classBytes(toClass);
    return block;
  }
  const moved = allocateBlock(toClass);
  memory.copy(moved, block, keepBytes);
  freeBlock(block, fromClass);
  return moved;
}

/** Takes `bytes` (a multiple of 16) from the wilderness. */
function bump(bytes: usize): usize {
  const block = top;
  ensureMemory(<u64>block + bytes);
  top = block + bytes;
  return block;
}

/** Grows linear memory by exactly the pages needed for `end` bytes (u64: past 4 GiB is out of memory, not a wrap). */
function ensureMemory(end: u64): void {
  if (end <= memoryEnd) return;
  if (end > <u64>0xffff0000) unreachable(); // `top` would no longer fit a 32-bit address
  const pages = <i32>((end - memoryEnd + 0xffff) >> PAGE_SHIFT);
  if (memory.grow(pages) < 0) unreachable(); // out of memory: env.abort tells JS
  memoryEnd = <u64>memory.size() << PAGE_SHIFT;
}
