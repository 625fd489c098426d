// Growable blocks on the TLSF heap. Freed blocks go back to the allocator, so
// memory freed by removals is reused by later inserts (no fixed caps).

/** Returns a block of at least `needed` bytes, reallocating `ptr` (capacity `capacity`) if needed. */
export function ensureBytes(ptr: usize, capacity: usize, needed: usize): usize {
  if (needed <= capacity && ptr != 0) return ptr;
  return ptr == 0 ? heap.alloc(needed) : heap.realloc(ptr, needed);
}

/** Capacity after growth: doubling, at least `minimum`, at least 4. */
export function grownCapacity(current: u32, minimum: u32): u32 {
  let next = current < 4 ? <u32>4 : current << 1;
  while (next < minimum) next <<= 1;
  return next;
}
