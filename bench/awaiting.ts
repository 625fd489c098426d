// generateAsync against the limit, a hand-written `for … await` loop over the
// same async listeners (issue 18: at most 1.2x with 5 listeners). Both run in
// one process, in alternating rounds; the report is the ratio of medians.
//   node --import tsx bench/awaiting.ts [rounds]
import { EventBus } from "../src/index.js";

const ROUNDS = Number(process.argv[2] ?? 15);
const CALLS = 20_000;

let sink = 0;
const makeListeners = (n: number) =>
  Array.from({ length: n }, (_, i) => async (data: number) => {
    sink += data + i;
  });

async function timeIt(run: () => Promise<void>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < CALLS; i++) await run();
  return performance.now() - started;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

for (const n of [1, 5, 20]) {
  const listeners = makeListeners(n);
  const bus = new EventBus();
  for (const listener of listeners) bus.register(null, "job", listener); // core: registration order
  const handLoop = async () => {
    for (const listener of listeners) await listener(1);
  };
  const viaBus = () => bus.generateAsync("job", 1);
  for (let warm = 0; warm < 3; warm++) await Promise.all([timeIt(handLoop), timeIt(viaBus)]); // both optimised first
  const hand: number[] = [], ours: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    hand.push(await timeIt(handLoop));
    ours.push(await timeIt(viaBus));
  }
  const ratio = median(ours) / median(hand);
  console.log(`${String(n).padStart(2)} async listeners: generateAsync / for-await loop = ${ratio.toFixed(2)}x (median of ${ROUNDS} rounds of ${CALLS} calls)`);
}
if (sink === 0) console.log("");
