// What a receiving bridge remembers of each sender (§12, "No silent
// loss"): the last sequence number it accepted, so that it can tell the next
// message from a gap, a duplicate or an implausible jump. Sequence numbers
// come from the wire, so nothing here trusts them: memory is bounded (the
// least recently heard sender is forgotten first) and a reported gap is
// bounded by `maxGap`.
//
// Hot path: check() runs once per remote message; one Map lookup, one
// delete + set to keep the recency order, no allocation for a known sender.

/** check(): the message repeats or precedes one already accepted (a duplicate or a replay). */
export const DUPLICATE = -1;
/** check(): the message jumps further than `maxGap` past the last one accepted (refused). */
export const IMPLAUSIBLE = -2;
/**
 * check(): accepted, a resync: this message directly follows an implausible
 * jump refused just before, so the sender really is that far on (a loss
 * larger than `maxGap`, or a restarted count); the receiver continues from
 * here without vouching for how many it missed.
 */
export const RESYNC = -3;

interface SenderState {
  /** The last sequence number accepted. */
  last: number;
  /** An implausible number refused just now; the sender's next message may confirm it (a resync). */
  pending: number;
}

export class SenderSequences {
  readonly #maxSenders: number;
  readonly #maxGap: number;
  /** Map order: least recently heard first. */
  readonly #senders = new Map<string, SenderState>();

  constructor(maxSenders: number, maxGap: number) {
    this.#maxSenders = maxSenders;
    this.#maxGap = maxGap;
  }

  /**
   * Accepts or refuses message `seq` (a safe integer >= 1) of `sender`.
   * Returns how many of the sender's messages were skipped before it (0 for
   * the next one in order, or for the first message heard from a sender:
   * what came before this process listened is not a gap), {@link RESYNC}
   * (accepted), or {@link DUPLICATE} or {@link IMPLAUSIBLE} (refused: not
   * dispatched).
   */
  check(sender: string, seq: number): number {
    const state = this.#senders.get(sender);
    if (state === undefined) {
      if (this.#senders.size >= this.#maxSenders) this.#senders.delete(this.#senders.keys().next().value!);
      this.#senders.set(sender, { last: seq, pending: 0 });
      return 0;
    }
    const pending = state.pending;
    state.pending = 0;
    if (seq <= state.last) return DUPLICATE;
    const missed = seq - state.last - 1;
    if (missed > this.#maxGap) {
      if (pending === 0 || seq !== pending + 1) {
        state.pending = seq;
        return IMPLAUSIBLE;
      }
      state.last = seq;
      this.#touch(sender, state);
      return RESYNC;
    }
    state.last = seq;
    this.#touch(sender, state);
    return missed;
  }

  /** Moves `sender` to the most recently heard end. */
  #touch(sender: string, state: SenderState): void {
    this.#senders.delete(sender);
    this.#senders.set(sender, state);
  }
}
