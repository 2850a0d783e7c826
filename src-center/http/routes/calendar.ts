/**
 * GET /v1/calendar: the calendar years the province publishes, for the windows' working-day
 * clocks. PUT /v1/calendar/:year (operators): load a year from the State Council's notice.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CalendarYearTable } from '../../../src-shared/domain/calendar';
import { CalendarResponse } from '../../../src-shared/protocol/sync';
import type { Store } from '../../store/index';
import { requireAdmin } from '../admin-auth';
import { HttpError } from '../errors';
import { errors } from '../schemas';

export const calendarRoutes: FastifyPluginAsyncZod<{ store: Store }> = async (app, { store }) => {
  app.get(
    '/v1/calendar',
    {
      schema: {
        summary: '工作日历',
        description: 'Statutory holidays and make-up working days by year, as loaded by the province (adds to the years the app bundles).',
        tags: ['catalog'],
        response: { 200: CalendarResponse, ...errors(426) },
      },
    },
    async () => ({ years: await store.calendarYears() }),
  );

  app.put(
    '/v1/calendar/:year',
    {
      schema: {
        summary: '载入一年的工作日历 (管理)',
        description: 'Operators load one year of holidays and make-up working days. Bearer CENTER_ADMIN_TOKEN.',
        tags: ['catalog'],
        params: z.object({ year: z.coerce.number().int().min(1949).max(2200) }),
        body: CalendarYearTable,
        response: { 200: CalendarYearTable, ...errors(400, 401, 403, 426) },
      },
    },
    async (req) => {
      requireAdmin(req);
      if (req.body.year !== req.params.year)
        throw new HttpError(400, 'validation_failed', `请求体年份 ${req.body.year} 与路径年份 ${req.params.year} 不一致 (year: mismatch)`, 'year');
      await store.putCalendarYear(req.body);
      return req.body;
    },
  );
};
