import { publicProcedure, router, viewerProcedure } from './trpc.ts';

const started = Date.now();

/** Liveness and store reachability; needs no token and says nothing about the data. */
export const healthProcedure = publicProcedure.query(async ({ ctx }) => {
  let store: 'ok' | 'unreachable' = 'ok';
  try {
    await ctx.services.cache.versions();
  } catch {
    store = 'unreachable';
  }
  return {
    status: store === 'ok' ? ('ok' as const) : ('degraded' as const),
    store,
    storeKind: ctx.services.store.kind,
    uptimeSeconds: Math.round((Date.now() - started) / 1000),
  };
});

export const sessionRouter = router({
  /** Who the token belongs to and its role, so a client offers only what the role may do. */
  me: viewerProcedure.query(({ ctx }) => ({ name: ctx.auth.name, role: ctx.auth.role, tokenId: ctx.auth.tokenId })),
});
