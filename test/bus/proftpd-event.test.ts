// ProFTPD's own unit tests of the Events API (tests/api/event.c in
// proftpd/proftpd, 2008-2015 version), ported case by case to wasm-events and
// keeping their names. The mapping:
//
//   pr_event_register(m, event, cb, user_data)  → bus.register(m, event, cb, user_data)
//       res == 0                               → returns a Registration
//       res == -1, errno == EINVAL / EEXIST    → throws EventsError with that code
//   pr_event_unregister(m, event, cb)          → bus.unregister(m, event, cb)
//       res == 0                               → returns the count removed (> 0)
//       res == -1, errno == ENOENT             → returns 0 (§4: never throws for "nothing matched")
//   pr_event_listening(event)                  → bus.listening(event)
//   pr_event_generate(event, data)             → bus.generate(event, data)
//   pr_event_dump(fn)                          → bus.dump(fn)
//
// ProFTPD's `module m; memset(&m, 0, sizeof(m)); m.name = "testsuite";` is
// `bus.loadModule("testsuite")`: a module must be loaded on our bus. Where the
// API differs otherwise, a comment says so at the line.
import { beforeEach, describe, expect, test } from "vitest";
import { EventBus } from "wasm-events";
import { expectEventsError } from "../helpers/spec-assert.js";
import { DISPATCH_MODES, busMaker } from "../helpers/dispatch-modes.js";

describe.each(DISPATCH_MODES)("ProFTPD tests/api/event.c ($mode)", (mode) => {
  const makeBus = busMaker(mode);

  // Fixtures. ProFTPD's set_up() makes the permanent pool and calls
  // pr_event_unregister(NULL, NULL, NULL); a fresh bus per test is the same
  // clean state. Its counters are static globals, reset here.
  let bus: EventBus;
  let eventTriggered = 0;
  let eventDumped = 0;

  beforeEach(() => {
    bus = makeBus();
    expect(bus.unregister(null, null, null)).toBe(0);
    eventTriggered = 0;
    eventDumped = 0;
  });

  // Helper functions, as in event.c.
  const eventCb = (_eventData: unknown, _userData: unknown) => {
    eventTriggered++;
  };
  const eventCb2 = (_eventData: unknown, _userData: unknown) => {};
  const eventCb3 = (_eventData: unknown, _userData: unknown) => {};
  // event_dump counts the lines that start with two spaces: one per listener.
  const eventDump = (line: string) => {
    if (line.startsWith("  ")) eventDumped++;
  };

  test("event_register_test", () => {
    const event = "foo";

    // pr_event_register(NULL, NULL, NULL, NULL): EINVAL.
    expectEventsError(() => bus.register(null, null as never, null as never, null), "EINVAL");

    // Null callback: EINVAL.
    expectEventsError(() => bus.register(null, event, null as never, null), "EINVAL");

    // Null event: EINVAL.
    expectEventsError(() => bus.register(null, null as never, eventCb, null), "EINVAL");

    const res = bus.register(null, event, eventCb, null);
    expect(res.active).toBe(true);

    // Duplicate registration: EEXIST.
    expectEventsError(() => bus.register(null, event, eventCb, null), "EEXIST");

    const m = bus.loadModule("testsuite");

    bus.unregister(null, event, null);

    expect(bus.register(m, event, eventCb, null).active).toBe(true);
    expect(bus.register(m, event, eventCb2, null).active).toBe(true);

    // ProFTPD ignores these results; ours are the counts removed.
    expect(bus.unregister(m, event, eventCb2)).toBe(1);
    expect(bus.unregister(m, event, eventCb)).toBe(1);
    expect(bus.unregister(m, null, null)).toBe(0);
  });

  test("event_unregister_test", () => {
    const event = "foo";

    // Empty event lists: ProFTPD returns 0 (success); we return 0 removed.
    expect(bus.unregister(null, null, null)).toBe(0);

    bus.register(null, event, eventCb, null);

    // Unregistered event "bar": ProFTPD -1/ENOENT; we return 0 and do not throw.
    expect(bus.unregister(null, "bar", null)).toBe(0);

    // Right event, callback never registered: ProFTPD -1/ENOENT; we return 0.
    expect(bus.unregister(null, event, eventCb2)).toBe(0);

    expect(bus.unregister(null, event, eventCb)).toBe(1);

    bus.register(null, event, eventCb, null);
    expect(bus.unregister(null, event, null)).toBe(1);

    bus.register(null, event, eventCb, null);
    expect(bus.unregister(null, null, null)).toBe(1);
    expect(bus.listening(event)).toBe(0);
  });

  test("event_listening_test", () => {
    const event = "foo", event2 = "bar";

    // pr_event_listening(NULL): res < 0, EINVAL. We throw EventsError EINVAL.
    expectEventsError(() => bus.listening(null as never), "EINVAL");

    expect(bus.listening(event)).toBe(0);

    bus.register(null, event, eventCb2, null);
    bus.register(null, event2, eventCb2, null);

    expect(bus.listening(event)).toBe(1);

    bus.register(null, event, eventCb3, null);
    expect(bus.listening(event)).toBe(2);

    // Unregister our listeners, and make sure that the API indicates there
    // are no more listeners.
    expect(bus.unregister(null, event, null)).toBe(2);
    expect(bus.listening(event)).toBe(0);

    expect(bus.unregister(null, event2, null)).toBe(1);
    expect(bus.listening(event)).toBe(0);
    expect(bus.listening(event2)).toBe(0);
  });

  test("event_generate_test", () => {
    const event = "foo";

    // pr_event_generate(NULL, NULL) silently does nothing in ProFTPD; §3
    // makes a missing event name EINVAL, and nothing is called.
    expectEventsError(() => bus.generate(null as never, null as never), "EINVAL");
    expect(eventTriggered).toBe(0);

    bus.generate(event, null);
    expect(eventTriggered).toBe(0);

    bus.register(null, event, eventCb, null);

    bus.generate("bar", null);
    expect(eventTriggered).toBe(0);

    bus.generate(event, null);
    expect(eventTriggered).toBe(1);

    bus.generate(event, null);
    expect(eventTriggered).toBe(2);

    expect(bus.unregister(null, null, null)).toBe(1);

    bus.generate(event, null);
    expect(eventTriggered).toBe(2);
  });

  test("event_dump_test", () => {
    const event = "foo";

    // pr_event_dump(NULL) prints through ProFTPD's debug log; ours returns the
    // lines and writes nowhere. Neither counts listener lines.
    expect(bus.dump(undefined)).toEqual(["No events registered"]);
    expect(eventDumped).toBe(0);

    bus.dump(eventDump);
    expect(eventDumped).toBe(0);

    const m = bus.loadModule("testsuite");
    bus.register(m, event, eventCb, null);

    bus.dump(eventDump);
    expect(eventDumped).toBe(1);

    eventDumped = 0;

    bus.register(null, event, eventCb2, null);
    bus.register(null, "bar", eventCb2, null);

    bus.dump(eventDump);
    expect(eventDumped).toBe(3);

    // Beyond event.c: the lines themselves, in §10's format.
    expect(bus.dump()).toEqual(["Registered for 'foo':", "  testsuite", "  (core)", "Registered for 'bar':", "  (core)"]);
  });
});
