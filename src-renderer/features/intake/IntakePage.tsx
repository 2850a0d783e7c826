/**
 * 受理: the intake screen. Where it is lives in the address (hash route query), so a
 * reload comes back to the same place:
 *   /intake              start: unfinished drafts, and the catalog to choose an item
 *   /intake?draft=<id>   an intake in progress (resumed from its draft, scans included)
 *   /intake?case=<id>    a saved case: its number and document, to print
 */
import { Button, Result, Spin, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useT } from '../../app/i18n';
import { Page } from '../../app/Page';
import { useServices } from '../../app/services';
import type { CachedCatalogItem } from '../../db/catalogSearch';
import { DraftsList } from './DraftsList';
import { INTAKE_CSS } from './Field';
import { normalise } from './commit';
import { HelpButton, IntakeWizard } from './IntakeWizard';
import { ItemStep } from './ItemStep';
import { isIntakeData, newIntake, withItem, type IntakeData } from './model';
import { SavedView } from './SavedView';

function StartScreen({ onStart, onResume }: { onStart: (item: CachedCatalogItem) => void; onResume: (id: string) => void }) {
  return (
    <div style={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0, gap: 10 }} data-testid="intake-start">
      <style>{INTAKE_CSS}</style>
      <DraftsList onResume={onResume} />
      <ItemStep item={null} onPick={onStart} />
    </div>
  );
}

type Loaded = { status: 'loading' } | { status: 'missing' } | { status: 'ready'; data: IntakeData; step: number; savedAt: string };

function DraftLoader({ draftId, onSaved, onNew }: { draftId: string; onSaved: (caseId: string) => void; onNew: () => void }) {
  const t = useT();
  const services = useServices();
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const onSavedRef = useRef(onSaved);
  useEffect(() => {
    onSavedRef.current = onSaved;
  });
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const row = await services.drafts.get(draftId);
      if (cancelled) return;
      if (row && isIntakeData(row.data)) {
        setLoaded({ status: 'ready', data: row.data, step: row.step, savedAt: row.updatedAt });
        return;
      }
      // Already saved as a case (e.g. reload right after saving): show it.
      if (await services.cases.get(draftId)) {
        if (!cancelled) onSavedRef.current(draftId);
        return;
      }
      if (!cancelled) setLoaded({ status: 'missing' });
    })();
    return () => {
      cancelled = true;
    };
  }, [services, draftId]);

  if (loaded.status === 'loading') return <Spin style={{ marginTop: 80 }} />;
  if (loaded.status === 'missing')
    return (
      <Result
        status="warning"
        title={t('intake.drafts.missing')}
        data-testid="intake-draft-missing"
        extra={
          <Button type="primary" onClick={onNew} data-testid="intake-new">
            {t('intake.saved.new')}
          </Button>
        }
      />
    );
  return <IntakeWizard initial={loaded.data} initialStep={loaded.step} savedAt={loaded.savedAt} onSaved={onSaved} />;
}

export function IntakePage() {
  const t = useT();
  const services = useServices();
  const [params, setParams] = useSearchParams();
  const draftId = params.get('draft');
  const caseId = params.get('case');

  const start = (item: CachedCatalogItem) => {
    void (async () => {
      const st = await services.catalog.state();
      const id = crypto.randomUUID();
      const data = normalise(withItem(newIntake(id, new Date().toISOString()), item, st.version));
      const title = `${data.item?.name ?? ''} · ${t('intake.draft.noApplicant')}`;
      await services.drafts.save({ id, step: 1, data, title });
      setParams({ draft: id });
    })();
  };

  let body;
  if (caseId) body = <SavedView key={caseId} caseId={caseId} onNew={() => setParams({})} />;
  else if (draftId)
    body = <DraftLoader key={draftId} draftId={draftId} onSaved={(id) => setParams({ case: id }, { replace: true })} onNew={() => setParams({})} />;
  else body = <StartScreen onStart={start} onResume={(id) => setParams({ draft: id })} />;

  return (
    <Page
      title={t('intake.title')}
      fill
      extra={
        <div style={{ display: 'flex', alignItems: 'center', gap: 12 }}>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t('intake.hint')}
          </Typography.Text>
          {!draftId && <HelpButton />}
        </div>
      }
    >
      {body}
    </Page>
  );
}
