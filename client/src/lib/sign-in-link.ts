/**
 * The sign-in link `sway serve --demo` prints carries the API token in the URL fragment (`#token=...`): browsers never
 * send the fragment to the server, so it is in no request and no server log. The app takes it from there once, and
 * removes it from the address bar at once, so it stays neither on screen nor in the history.
 */
export function takeLinkToken(
  location: Pick<Location, 'hash' | 'pathname' | 'search'> | null = globalThis.location ?? null,
  history: Pick<History, 'replaceState' | 'state'> | null = globalThis.history ?? null,
): string | null {
  if (!location) return null;
  const token = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
  if (token === null) return null;
  history?.replaceState(history.state ?? null, '', `${location.pathname}${location.search}`);
  return token.trim() || null;
}
