import { adminRouter } from './admin.ts';
import { advocatesRouter } from './advocates.ts';
import { communitiesRouter } from './communities.ts';
import { graphRouter } from './graph.ts';
import { healthProcedure, sessionRouter } from './health.ts';
import { importsRouter } from './imports.ts';
import { jobsRouter } from './jobs.ts';
import { peopleRouter } from './people.ts';
import { reputationRouter } from './reputation.ts';
import { scoresRouter } from './scores.ts';
import { spreadRouter } from './spread.ts';
import { valueRouter } from './value.ts';
import { createCallerFactory, router } from './trpc.ts';

/**
 * The whole API, served under /api. The client imports only the type:
 * `import type { AppRouter } from '../../../server/routers/app-router.ts'`.
 */
export const appRouter = router({
  health: healthProcedure,
  session: sessionRouter,
  graph: graphRouter,
  people: peopleRouter,
  communities: communitiesRouter,
  scores: scoresRouter,
  advocates: advocatesRouter,
  spread: spreadRouter,
  value: valueRouter,
  reputation: reputationRouter,
  imports: importsRouter,
  jobs: jobsRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;

/** Calls procedures in-process (tests, scripts) with a context of your making. */
export const createCaller = createCallerFactory(appRouter);
