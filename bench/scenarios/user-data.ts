// 5 listeners, each with its own restart-scoped user data (a per-module state
// object). wasm-events passes it as the listener's second argument through a
// pool handle (`pool.hold(state)`); the peers have no user data, so their
// listeners are closures capturing the same object, which is what their users
// write. Both bodies do the same work.
import type { ListenerSpec, UserDataListener } from "../contender.js";
import { firstSlots, repeatFirstEvent, SMALL_DATA, type GenerateWorkload, type Scenario } from "../scenario.js";

const LISTENERS = 5;

/** One module's state. */
interface ModuleState {
  readonly slot: number;
  seen: number;
}

interface Event {
  readonly n: number;
}

function withState(hits: Uint32Array, state: ModuleState): ListenerSpec {
  // Two copies of one body: one reads the state from its argument, one from its closure.
  const withUserData: UserDataListener = (data, userData: ModuleState) => {
    hits[userData.slot]++;
    userData.seen += (data as Event).n;
  };
  return {
    fn: (data) => {
      hits[state.slot]++;
      state.seen += (data as Event).n;
    },
    withUserData: { fn: withUserData, value: state },
  };
}

export const userData: Scenario<GenerateWorkload> = {
  name: "user-data-5",
  title: "5 listeners with restart-scoped user data (peers: closures over it)",
  kind: "generate",
  build() {
    const hits = new Uint32Array(LISTENERS), listeners: ListenerSpec[] = [];
    for (let slot = 0; slot < LISTENERS; slot++) listeners.push(withState(hits, { slot, seen: 0 }));
    return {
      kind: "generate",
      table: { events: ["mod_sql.session-state"], listeners: [listeners] },
      hits,
      slots: [firstSlots(LISTENERS)],
      data: SMALL_DATA,
      order: repeatFirstEvent(2000),
    };
  },
};
