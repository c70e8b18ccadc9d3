// Which PostgreSQL errors no retry can cure: the statement's data is wrong (class 22, data exception: e.g. a NUL
// character in text, an unsupported Unicode escape in jsonb, a value too long) or breaks a constraint (class 23).
// Connection loss, serialization failures and shutdowns are retried.
export function isPermanentDataError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code);
}
