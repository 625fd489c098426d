// Read access for the JS dispatch cache: where an event's ordered entries are.
// Valid until the next mutating call (which may move them).

import { eventCount, eventListUnchecked } from "./state";

export function entriesAddress(eventId: u32): usize {
  return eventId < eventCount() ? eventListUnchecked(eventId).entries : 0;
}

export function entriesLength(eventId: u32): u32 {
  return eventId < eventCount() ? eventListUnchecked(eventId).length : 0;
}
