import { workerData, type MessagePort } from 'node:worker_threads';
import type { SwayErrorCode } from '../errors.ts';
import type { ChunkMessage, JobMessage } from './run.ts';
import type { ParallelTask } from './task.ts';
import { TASKS } from './tasks.ts';

/**
 * A pool worker: takes job messages, claims chunks from the job's shared counter until none is left, and posts each
 * chunk's result (typed arrays transferred, not copied). Working state is kept for the few most recent contexts, so
 * the rounds of one computation (OPIM-C's doublings, PageRank's iterations) prepare it once.
 */
const { port, state } = workerData as { port: MessagePort; state: Int32Array };
const KEPT_CONTEXTS = 4;
const states = new Map<number, Map<string, unknown>>();

function stateFor(job: JobMessage, task: ParallelTask<object, unknown, unknown, unknown>): unknown {
  let byTask = states.get(job.contextId);
  if (byTask)
    states.delete(job.contextId); // re-inserted below: the map's order is least recently used first
  else byTask = new Map();
  states.set(job.contextId, byTask);
  while (states.size > KEPT_CONTEXTS) states.delete(states.keys().next().value!);
  if (!byTask.has(task.name)) byTask.set(task.name, task.prepare(job.context));
  return byTask.get(task.name);
}

function transferables(result: unknown): ArrayBuffer[] {
  const list: ArrayBuffer[] = [];
  const visit = (value: unknown) => {
    if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer && !list.includes(value.buffer))
      list.push(value.buffer);
  };
  if (result && typeof result === 'object' && !ArrayBuffer.isView(result)) Object.values(result).forEach(visit);
  else visit(result);
  return list;
}

port.on('message', (job: JobMessage) => {
  const { control } = job;
  // The working state is made before the first chunk is claimed: a worker that takes long to prepare (the first job on
  // a context) leaves the chunks to the threads that are ready instead of holding one back.
  let working: unknown;
  let failure: unknown = null;
  const task = (TASKS as Record<string, unknown>)[job.task] as
    ParallelTask<object, unknown, unknown, unknown> | undefined;
  try {
    if (!task) throw new Error(`parallel: unknown task "${job.task}"`);
    working = stateFor(job, task);
  } catch (error) {
    failure = error;
  }
  for (;;) {
    const chunk = Atomics.add(control, 0, 1);
    if (chunk >= job.chunks) break;
    let answer: ChunkMessage;
    let transfer: ArrayBuffer[] = [];
    try {
      if (failure !== null) throw failure;
      const result = task!.run(working, job.params, chunk);
      answer = { jobId: job.jobId, chunk, result };
      transfer = transferables(result);
    } catch (error) {
      const e = error as { message?: string; code?: SwayErrorCode };
      answer = { jobId: job.jobId, chunk, error: { message: String(e?.message ?? error), code: e?.code } };
      Atomics.store(control, 0, job.chunks);
    }
    port.postMessage(answer, transfer);
    Atomics.add(control, 1, 1);
    Atomics.notify(control, 1);
  }
});

Atomics.store(state, 0, 1);
Atomics.notify(state, 0);
