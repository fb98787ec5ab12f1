declare module 'vitest' {
  export interface ProvidedContext {
    sinkUrl: string
  }
}
export {}
