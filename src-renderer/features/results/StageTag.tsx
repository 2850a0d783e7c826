/** Where a result stands, as a coloured tag. */
import { Tag } from 'antd';
import type { ResultStage } from '../../../src-shared/domain/printing';
import type { MessageKey, TFunction } from '../../app/i18n';

const COLOR: Record<ResultStage, string> = {
  'awaiting-download': 'default',
  'awaiting-print': 'blue',
  printed: 'cyan',
  collected: 'green',
  revoked: 'red',
};

export function StageTag({ t, stage }: { t: TFunction; stage: ResultStage }) {
  return (
    <Tag color={COLOR[stage]} data-testid="result-stage" data-stage={stage} style={{ marginInlineEnd: 0 }}>
      {t(`results.stage.${stage}` as MessageKey)}
    </Tag>
  );
}
