/**
 * The one database seam of the center: plain SQL with $1 parameters, the same text on
 * PostgreSQL (`pg`) and on PGlite. Everything above this file is storage-agnostic.
 */
export type Row = Record<string, unknown>;

export interface Db {
  readonly kind: 'postgres' | 'pglite';
  /** One statement with $n parameters; returns the rows. */
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** A script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Runs fn inside BEGIN … COMMIT on one connection, ROLLBACK if it throws. Calling
   * transaction() on the Db passed to fn runs in the same transaction.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
