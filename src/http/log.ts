/** Structured logs: one JSON object per line, indexed by Workers Logs. Never pass secrets. */
type Fields = { msg: string } & Record<string, unknown>

/** An error's message with `secret` (a URL that is a credential) replaced by `label`. */
export function errorWithout(err: unknown, secret: string, label: string): string {
  const text = err instanceof Error ? err.message : String(err)
  return text.split(secret).join(label)
}

/** Level-named writers; each takes one flat object with a `msg` name. */
export const log = {
  info: (fields: Fields) => console.log(fields),
  warn: (fields: Fields) => console.warn(fields),
  error: (fields: Fields) => console.error(fields),
}
