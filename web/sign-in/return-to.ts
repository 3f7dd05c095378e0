/** Where to go after signing in: a path on this site only (never `//host` or a full URL), else the worklist. */
export function safeReturnTo(given: unknown): string {
  return typeof given === 'string' && /^\/(?![/\\])[^\s]*$/.test(given) ? given : '/';
}
