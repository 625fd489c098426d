// The job queue at work: a log, a progress counter, a one-time listener, a
// listener whose promise rejects, and a caller that waits for the queue to drain.
// Run it: npm run example:emitter
import { JobQueue, type Job } from "./queue.js";

const say = (line: string) => console.log(line);
// Work that takes `turns` turns of the event loop: the order of events is the same on every run.
const work = async (turns: number) => {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
};

const queue = new JobQueue(2);
let finished = 0;

queue.on("job", (job: Job) => say(`start  #${job.id} ${job.name}`));
queue.on("done", (job: Job, result: string) => say(`done   #${job.id} ${job.name}: ${result} (${++finished} finished)`));
queue.on("failed", (job: Job, error: Error) => say(`failed #${job.id} ${job.name}: ${error.message}`));
queue.once("done", () => say("first job finished"));
queue.prependListener("job", () => say(`-- ${queue.listenerCount("job")} 'job' listeners, events: ${queue.eventNames().join(", ")}`));
// A listener that returns a rejected promise: with captureRejections the queue hears of it.
queue.on("done", async (job: Job) => {
  if (job.name === "report") throw new Error("could not mail the report");
});
queue.on("listener-failed", (event: string, error: Error) => say(`a '${event}' listener failed: ${error.message}`));

queue.add("resize images", async () => (await work(8), "12 images"));
queue.add("report", async () => (await work(2), "3 pages"));
queue.add("backup", async () => {
  await work(4);
  throw new Error("disk full");
});
queue.add("index", async () => (await work(1), "4,096 words"));

await queue.drained();
say(`drained: ${finished} done, 'done' has ${queue.listenerCount("done")} listeners`);
