/** Last line of defence: a render error (e.g. IndexedDB unavailable) shows a page, not a blank window. */
import type { ReactNode } from 'react';
import { ErrorBoundary as SharedErrorBoundary } from '../../src-ui/ErrorBoundary';

export function ErrorBoundary(props: { title: string; retry: string; children: ReactNode }) {
  return <SharedErrorBoundary {...props} testId="app-error" />;
}
