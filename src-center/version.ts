/** The center's version: the package version, read once from package.json. */
import { readFileSync } from 'node:fs';

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return process.env.npm_package_version ?? '0.0.0';
  }
}

export const CENTER_VERSION = readVersion();
