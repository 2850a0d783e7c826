// The layering rule is only worth having if it fails: lint deliberate wrong-direction
// imports with the project's own ESLint config and expect each to be reported.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function layeringErrors(file: string, code: string): Promise<string[]> {
  const [res] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (res?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import direction is enforced by lint', { timeout: 60_000 }, () => {
  it.each([
    ['src-renderer/features/x.ts', "import { ipcRenderer } from 'electron';"],
    ['src-renderer/features/x.ts', "import fs from 'node:fs';"],
    ['src-renderer/features/x.ts', "import fs from 'fs';"],
    ['src-renderer/features/x.ts', "import { SettingsStore } from '../../src-main/services/settings-store';"],
    ['src-renderer/features/x.ts', "import { createCenter } from '../../src-center/app';"],
    ['src-shared/domain/x.ts', "import { createHash } from 'node:crypto';"],
    ['src-shared/domain/x.ts', "import React from 'react';"],
    ['src-shared/domain/x.ts', "import { x } from '../../src-renderer/app/store';"],
    ['src-main/services/x.ts', "import { app } from 'electron';"],
    ['src-main/electron/x.ts', "import { x } from '../../src-renderer/app/store';"],
    ['src-center/http/x.ts', "import { SettingsStore } from '../../src-main/services/settings-store';"],
    ['src-center/http/x.ts', "import { app } from 'electron';"],
    ['src-renderer/features/x.ts', "import { readP12 } from '../../src-node/pki';"],
    ['src-shared/domain/x.ts', "import { readP12 } from '../../src-node/pki';"],
    ['src-node/pki/x.ts', "import { app } from 'electron';"],
    ['src-node/pki/x.ts', "import { SettingsStore } from '../../src-main/services/settings-store';"],
    ['src-console/features/x.tsx', "import { readP12 } from '../../src-node/pki';"],
    ['src-console/features/x.tsx', "import { SettingsStore } from '../../src-main/services/settings-store';"],
    ['src-console/features/x.tsx', "import { translate } from '../../src-renderer/app/i18n';"],
    ['src-console/features/x.tsx', "import { createCenter } from '../../src-center/app';"],
    ['src-console/features/x.tsx', "import fs from 'node:fs';"],
    ['src-console/features/x.tsx', "import { ipcRenderer } from 'electron';"],
    ['src-renderer/features/x.ts', "import { createConsoleApi } from '../../src-console/api/client';"],
    ['src-center/http/x.ts', "import { createConsoleApi } from '../../src-console/api/client';"],
    ['src-ui/x.tsx', "import { translate } from '../src-renderer/app/i18n';"],
    ['src-ui/x.tsx', "import { createConsoleApi } from '../src-console/api/client';"],
    ['src-ui/x.tsx', "import { readP12 } from '../src-node/pki';"],
    ['src-ui/x.tsx', "import { SettingsStore } from '../src-main/services/settings-store';"],
    ['src-ui/x.tsx', "import { createCenter } from '../src-center/app';"],
    ['src-ui/x.tsx', "import fs from 'node:fs';"],
    ['src-center/http/x.ts', "import { theme } from '../../src-ui/theme';"],
    ['src-main/services/x.ts', "import { theme } from '../../src-ui/theme';"],
    ['src-node/pki/x.ts', "import { theme } from '../../src-ui/theme';"],
    ['src-shared/domain/x.ts', "import { theme } from '../../src-ui/theme';"],
  ])('%s: %s is refused', async (file, code) => {
    const errors = await layeringErrors(file, `${code}\nexport const y = 1;\n`);
    expect(errors.length).toBe(1);
    expect(errors[0]).toContain('layering');
  });

  it.each([
    ['src-renderer/features/x.ts', "import { clerkApi } from '../../src-shared/protocol/clerk-api';"],
    ['src-main/electron/x.ts', "import { app } from 'electron';"],
    ['src-main/services/x.ts', "import fs from 'node:fs';"],
    ['src-center/http/x.ts', "import { CatalogResponse } from '../../src-shared/protocol/sync';"],
    ['src-center/pki/x.ts', "import { readP12 } from '../../src-node/pki';"],
    ['src-main/services/x.ts', "import { readP12 } from '../../src-node/pki';"],
    ['src-console/features/x.tsx', "import { ConsoleCase } from '../../src-shared/protocol/console';"],
    ['src-renderer/app/x.tsx', "import { ErrorBoundary } from '../../src-ui/ErrorBoundary';"],
    ['src-console/app/x.tsx', "import { theme } from '../../src-ui/theme';"],
    ['src-ui/x.tsx', "import { CenterCaseStatus } from '../src-shared/protocol/workflow';"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await layeringErrors(file, `${code}\nexport const y = 1;\n`)).toEqual([]);
  });
});
