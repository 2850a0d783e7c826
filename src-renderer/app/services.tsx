/**
 * The app's dependencies, created once in main.tsx and handed to the store (thunk extra
 * argument) and to components (context). Tests and later issues swap them here.
 */
import { ResultLogRepository } from '../db/resultLogRepository';
import { createContext, useContext, type ReactNode } from 'react';
import type { ClerkClient } from '../../src-shared/protocol/clerk-api';
import { CatalogRepository } from '../db/catalogRepository';
import type { YichuangDb } from '../db/database';
import { WindowsRepository } from '../db/windowsRepository';
import { CasesRepository } from '../db/casesRepository';
import { DraftsRepository } from '../db/draftsRepository';
import { OutboxRepository } from '../db/outboxRepository';
import { CalendarRepository } from '../db/calendarRepository';
import type { FetchLike } from '../sync/center';

export interface AppServices {
  clerk: ClerkClient;
  host: 'electron' | 'browser';
  db: YichuangDb;
  catalog: CatalogRepository;
  windows: WindowsRepository;
  cases: CasesRepository;
  drafts: DraftsRepository;
  outbox: OutboxRepository;
  calendar: CalendarRepository;
  /** Results collected here for cases accepted elsewhere (their downloads, prints, hand-overs). */
  resultLog: ResultLogRepository;
  /** fetch used for the center (default: the global one). */
  fetch?: FetchLike;
}

export function createServices(clerk: ClerkClient, host: AppServices['host'], db: YichuangDb, fetch?: FetchLike): AppServices {
  return {
    clerk,
    host,
    db,
    catalog: new CatalogRepository(db),
    windows: new WindowsRepository(db),
    cases: new CasesRepository(db),
    resultLog: new ResultLogRepository(db),
    drafts: new DraftsRepository(db),
    outbox: new OutboxRepository(db),
    calendar: new CalendarRepository(db),
    fetch,
  };
}

const ServicesContext = createContext<AppServices | null>(null);

export function ServicesProvider({ services, children }: { services: AppServices; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): AppServices {
  const s = useContext(ServicesContext);
  if (!s) throw new Error('useServices outside ServicesProvider');
  return s;
}
