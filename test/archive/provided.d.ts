/** Values the archive tests get from their Node global setup. */
declare module 'vitest' {
  export interface ProvidedContext {
    archiveOrigin: string
  }
}
export {}
