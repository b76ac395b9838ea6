import { TRPCClientError } from '@trpc/client';

/** What went wrong, in words a user can act on, and whether signing in again would help. */
export interface Problem {
  kind: 'offline' | 'unauthorized' | 'forbidden' | 'not-found' | 'invalid' | 'failed';
  message: string;
}

function codeOf(error: unknown): string | undefined {
  if (error instanceof TRPCClientError) {
    const data = error.data as { code?: unknown } | undefined;
    if (typeof data?.code === 'string') return data.code;
    const shape = error.shape as { data?: { code?: unknown } } | undefined;
    if (typeof shape?.data?.code === 'string') return shape.data.code;
  }
  return undefined;
}

/**
 * Turns an API failure into a Problem. A fetch that never reached the server (TypeError from fetch, or a tRPC error
 * without a server response) means the API is down or unreachable, which deserves a different message from a refusal.
 */
export function describeError(error: unknown): Problem {
  const code = codeOf(error);
  const text = error instanceof Error ? error.message : String(error);
  if (code === 'UNAUTHORIZED')
    return { kind: 'unauthorized', message: 'The API did not accept the token. Sign in again.' };
  if (code === 'FORBIDDEN') return { kind: 'forbidden', message: 'Your role does not allow this.' };
  if (code === 'NOT_FOUND') return { kind: 'not-found', message: text || 'Not found.' };
  if (code === 'BAD_REQUEST') return { kind: 'invalid', message: text || 'The request was not valid.' };
  if (code === undefined && (error instanceof TypeError || /fetch|network|Unable to transform response/i.test(text))) {
    return { kind: 'offline', message: 'The API cannot be reached. Is `sway serve` running?' };
  }
  return { kind: 'failed', message: text || 'Something went wrong.' };
}
