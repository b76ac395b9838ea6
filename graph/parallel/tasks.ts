import { betweennessTask } from '../algorithms/betweenness.ts';
import { cascadeRunsTask } from '../algorithms/diffusion/monte-carlo.ts';
import { rrSetsTask } from '../algorithms/diffusion/rr-sets.ts';
import { pagerankSweepTask } from '../algorithms/pagerank-sweep.ts';
import { reachTask } from '../algorithms/reach.ts';
import { reachWorldsTask } from '../algorithms/spread/reach-probabilities.ts';

/** Every task a pool worker can run, by name (worker.ts). A task added to a family is listed here too. */
export const TASKS = {
  [rrSetsTask.name]: rrSetsTask,
  [cascadeRunsTask.name]: cascadeRunsTask,
  [betweennessTask.name]: betweennessTask,
  [reachTask.name]: reachTask,
  [pagerankSweepTask.name]: pagerankSweepTask,
  [reachWorldsTask.name]: reachWorldsTask,
} as const;
