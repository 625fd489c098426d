// §6 During a dispatch, the rules (errors, removals, once, re-entrancy,
// additions) checked with 1 to 40 listeners and the listener concerned at
// every position, across the sizes where dispatchers change shape.
import { describe, expect, test } from "vitest";
import { thrownBy } from "../helpers/spec-assert.js";
import { DISPATCH_MODES, busMaker } from "../helpers/dispatch-modes.js";

describe.each(DISPATCH_MODES)("§6 During a dispatch ($mode)", (mode) => {
  const makeBus = busMaker(mode);

  // Dispatchers may be specialised by listener count (compiled up to some
  // size, a loop above it), so the rules are checked at several sizes, with
  // the interesting listener at every position.
  describe.each([1, 2, 3, 31, 32, 33, 40])("§6 rules with %i listeners, at every position", (size) => {
    function setup(extra?: Parameters<typeof makeBus>[0]) {
      const bus = makeBus(extra);
      const calls: number[] = [];
      const behaviour: ((i: number) => void)[] = [];
      const regs = Array.from({ length: size }, (_, i) =>
        bus.register(null, "e", () => {
          calls.push(i);
          behaviour[i]?.(i);
        }),
      );
      return { bus, calls, behaviour, regs };
    }
    const all = Array.from({ length: size }, (_, i) => i);

    test("§6 a listener that throws does not stop the others; the lone error is thrown as is", () => {
      for (let at = 0; at < size; at++) {
        const { bus, calls, behaviour } = setup();
        const boom = new Error(`at ${at}`);
        behaviour[at] = () => {
          throw boom;
        };
        expect(thrownBy(() => bus.generate("e"))).toBe(boom);
        expect(calls).toEqual(all);
      }
    });

    test("§6 several throwing listeners give an AggregateError in dispatch order", () => {
      const { bus, calls, behaviour } = setup();
      const errors: Error[] = [];
      for (let i = 0; i < size; i += 2) {
        const error = new Error(`at ${i}`);
        errors.push(error);
        behaviour[i] = () => {
          throw error;
        };
      }
      const err = thrownBy(() => bus.generate("e"));
      if (errors.length === 1) expect(err).toBe(errors[0]);
      else expect((err as AggregateError).errors).toEqual(errors);
      expect(calls).toEqual(all);
    });

    test("§6 a listener removing the next one: the next is not called", () => {
      for (let at = 0; at < size - 1; at++) {
        const { bus, calls, behaviour, regs } = setup();
        behaviour[at] = () => regs[at + 1].unregister();
        bus.generate("e");
        expect(calls).toEqual(all.filter((i) => i !== at + 1));
      }
    });

    test("§6 a listener that removes the next one and then throws: the next is not called, the error is thrown", () => {
      for (let at = 0; at < size - 1; at++) {
        const { bus, calls, behaviour, regs } = setup();
        const boom = new Error(`at ${at}`);
        behaviour[at] = () => {
          regs[at + 1].unregister();
          throw boom;
        };
        expect(thrownBy(() => bus.generate("e"))).toBe(boom);
        expect(calls).toEqual(all.filter((i) => i !== at + 1));
      }
    });

    test("§6 a once listener runs once, wherever it stands", () => {
      for (let at = 0; at < size; at++) {
        const bus = makeBus();
        const calls: number[] = [];
        for (let i = 0; i < size; i++) {
          bus.register(null, "e", () => calls.push(i), undefined, { once: i === at });
        }
        bus.generate("e");
        bus.generate("e");
        expect(calls).toEqual([...all, ...all.filter((i) => i !== at)]);
      }
    });

    test("§6 a nested generate from any position skips only the running listener", () => {
      for (let at = 0; at < size; at++) {
        const { bus, calls, behaviour } = setup();
        let nested = false;
        behaviour[at] = () => {
          if (nested) return;
          nested = true;
          bus.generate("e");
        };
        bus.generate("e");
        const expected = [...all.slice(0, at + 1), ...all.filter((i) => i !== at), ...all.slice(at + 1)];
        expect(calls).toEqual(expected);
      }
    });

    test("§6 a listener added from any position waits for the next generate", () => {
      for (let at = 0; at < size; at++) {
        const { bus, calls, behaviour } = setup();
        let added = false;
        behaviour[at] = () => {
          if (added) return;
          added = true;
          bus.register(null, "e", () => calls.push(-1));
        };
        bus.generate("e");
        expect(calls).toEqual(all);
        calls.length = 0;
        bus.generate("e");
        expect(calls).toEqual([...all, -1]);
      }
    });
  });
});
