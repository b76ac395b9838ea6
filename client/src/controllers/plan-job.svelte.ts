import type { Unsubscribable } from '@trpc/server/observable';
import type { Api, Inputs, Outputs } from '../lib/api.ts';
import { describeError, type Problem } from '../lib/errors.ts';
import { normalizePlan, type PlanResult } from './plan-result.ts';

export type PlanInput = Inputs['advocates']['plan'];
type JobState = Outputs['jobs']['get'];
export type PlanStatus = 'idle' | 'starting' | 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** How often to ask for the job when the progress stream is lost (a proxy cut it, the network blinked). */
const POLL_MS = 1000;

/**
 * An advocate plan running as a job on the server: starts it, follows its progress over server-sent events
 * (jobs.progress), and ends with the ranked advocates or the reason it failed. If the event stream breaks, it falls back
 * to polling jobs.get so a long plan still finishes on screen.
 */
export class PlanJob {
  status = $state<PlanStatus>('idle');
  fraction = $state(0);
  phase = $state('');
  jobId = $state<string | null>(null);
  cached = $state(false);
  result = $state.raw<PlanResult | null>(null);
  problem = $state.raw<Problem | null>(null);
  /** The inputs of the plan shown, for the CSV and the table's caption. */
  input = $state.raw<PlanInput | null>(null);
  #subscription: Unsubscribable | null = null;
  #poll: ReturnType<typeof setTimeout> | null = null;
  #generation = 0;

  constructor(private readonly api: () => Api) {}

  get busy(): boolean {
    return this.status === 'starting' || this.status === 'queued' || this.status === 'running';
  }

  async start(input: PlanInput): Promise<void> {
    this.stopFollowing();
    const generation = ++this.#generation;
    Object.assign(this, {
      status: 'starting',
      fraction: 0,
      phase: 'starting',
      result: null,
      problem: null,
      jobId: null,
      cached: false,
      input,
    });
    try {
      const job = await this.api().advocates.plan.mutate(input);
      if (generation !== this.#generation) return;
      this.jobId = job.id;
      this.apply(job);
      if (!this.finished(job)) this.follow(job.id, generation);
    } catch (error) {
      if (generation !== this.#generation) return;
      this.status = 'failed';
      this.problem = describeError(error);
    }
  }

  async cancel(): Promise<void> {
    if (!this.jobId || !this.busy) return;
    try {
      this.apply(await this.api().jobs.cancel.mutate({ id: this.jobId }));
    } catch (error) {
      this.problem = describeError(error);
    }
  }

  private follow(id: string, generation: number): void {
    this.#subscription = this.api().jobs.progress.subscribe(
      { id },
      {
        onData: (event) => {
          if (generation !== this.#generation) return;
          this.apply(event.job);
          if (event.type === 'finished') this.stopFollowing();
        },
        onError: () => {
          if (generation !== this.#generation) return;
          this.stopFollowing();
          this.poll(id, generation);
        },
      },
    );
  }

  private poll(id: string, generation: number): void {
    this.#poll = setTimeout(async () => {
      if (generation !== this.#generation) return;
      try {
        const job = await this.api().jobs.get.query({ id });
        if (generation !== this.#generation) return;
        this.apply(job);
        if (!this.finished(job)) this.poll(id, generation);
      } catch (error) {
        if (generation !== this.#generation) return;
        this.status = 'failed';
        this.problem = describeError(error);
      }
    }, POLL_MS);
  }

  private finished(job: JobState): boolean {
    return job.status === 'succeeded' || job.status === 'failed' || job.status === 'cancelled';
  }

  private apply(job: JobState): void {
    this.fraction = job.progress.fraction;
    this.phase = job.progress.detail ? `${job.progress.phase} (${job.progress.detail})` : job.progress.phase;
    this.cached = job.cached;
    if (job.status === 'succeeded') {
      try {
        this.result = normalizePlan(job.result);
        this.status = 'succeeded';
      } catch (error) {
        this.status = 'failed';
        this.problem = {
          kind: 'failed',
          message: `The plan came back in a form this app does not understand: ${(error as Error).message}`,
        };
      }
    } else if (job.status === 'failed') {
      this.status = 'failed';
      this.problem = { kind: 'failed', message: job.error?.message ?? 'The plan failed.' };
    } else if (job.status === 'cancelled') {
      this.status = 'cancelled';
    } else {
      this.status = job.status;
    }
  }

  private stopFollowing(): void {
    this.#subscription?.unsubscribe();
    this.#subscription = null;
    if (this.#poll) clearTimeout(this.#poll);
    this.#poll = null;
  }

  dispose(): void {
    this.#generation++;
    this.stopFollowing();
  }
}
