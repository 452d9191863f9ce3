// The messages between the main thread and the embedded database's thread.

export interface PgliteThreadData {
  /** Where the cluster lives; in memory when absent. */
  readonly directory?: string;
  /** A tarball of a fresh cluster, to seed an empty directory with. */
  readonly templatePath?: string;
}

export type Request =
  | { readonly id: number; readonly op: 'query'; readonly sql: string; readonly params: readonly unknown[] }
  | { readonly id: number; readonly op: 'exec'; readonly sql: string }
  | { readonly id: number; readonly op: 'dump' }
  | { readonly id: number; readonly op: 'close' };

/** What PostgreSQL said, as plain data (errors lose their own members when posted between threads). */
export interface SerializedError {
  message: string;
  code?: string;
  severity?: string;
  constraint?: string;
  detail?: string;
  table?: string;
  column?: string;
  schema?: string;
}

export type Reply =
  | { readonly kind: 'ready'; readonly seeded: boolean }
  | { readonly kind: 'failed'; readonly error: SerializedError }
  | { readonly kind: 'result'; readonly id: number; readonly rows: unknown[]; readonly rowCount: number }
  | { readonly kind: 'dump'; readonly id: number; readonly tarball: Uint8Array }
  | { readonly kind: 'error'; readonly id: number; readonly error: SerializedError };
