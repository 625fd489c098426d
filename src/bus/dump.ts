// dump (§10): the table as text, read from the Wasm entries in dispatch order.

import type { Table } from "./bus-table.js";

/** `events` are those that ever had a listener, in the order first registered. */
export function dumpLines(table: Table, events: readonly { eventId: number; name: string }[]): string[] {
  if (events.length === 0) return ["No events registered"];
  const lines: string[] = [];
  for (const { eventId, name } of events) {
    const slots = table.slotsOf(eventId), modules = table.modulesOf(eventId), listed: string[] = [];
    for (let i = 0; i < slots.length; i++) {
      if (table.slotState(slots[i], table.serialOf(slots[i])) !== table.slotLive) continue; // stale: invisible (§4)
      listed.push(`  ${modules[i] ?? "(core)"}`);
    }
    if (listed.length === 0) lines.push(`No handlers registered for '${name}'`);
    else lines.push(`Registered for '${name}':`, ...listed);
  }
  return lines;
}
