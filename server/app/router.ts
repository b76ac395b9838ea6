import { adminRouter } from '../routers/admin.ts';
import { advocatesRouter } from '../routers/advocates.ts';
import { communitiesRouter } from '../routers/communities.ts';
import { graphRouter } from '../routers/graph.ts';
import { healthProcedure, sessionRouter } from '../routers/health.ts';
import { importsRouter } from '../routers/imports.ts';
import { jobsRouter } from '../routers/jobs.ts';
import { peopleRouter } from '../routers/people.ts';
import { reputationRouter } from '../routers/reputation.ts';
import { scoresRouter } from '../routers/scores.ts';
import { valueRouter } from '../routers/value.ts';
import { createCallerFactory, router } from './trpc.ts';

/**
 * The whole API, served under /api. The client imports only the type:
 * `import type { AppRouter } from '../../server/app/router.ts'`.
 */
export const appRouter = router({
  health: healthProcedure,
  session: sessionRouter,
  graph: graphRouter,
  people: peopleRouter,
  communities: communitiesRouter,
  scores: scoresRouter,
  advocates: advocatesRouter,
  value: valueRouter,
  reputation: reputationRouter,
  imports: importsRouter,
  jobs: jobsRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;

/** Calls procedures in-process (tests, scripts) with a context of your making. */
export const createCaller = createCallerFactory(appRouter);
