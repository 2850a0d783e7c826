/** What a CLI command writes to, and the error that means "wrong usage" (exit code 2). */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export class UsageError extends Error {}
