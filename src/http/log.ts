/** Structured logs: one JSON object per line, indexed by Workers Logs. Never pass secrets. */
type Fields = { msg: string } & Record<string, unknown>

/** Level-named writers; each takes one flat object with a `msg` name. */
export const log = {
  info: (fields: Fields) => console.log(fields),
  warn: (fields: Fields) => console.warn(fields),
  error: (fields: Fields) => console.error(fields),
}
