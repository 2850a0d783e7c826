/** The shell's tag while an app update waits for unsent work, or is ready to install; opens 设置. */
import { CloudDownloadOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { useNavigate } from 'react-router';
import { useT } from '../../app/i18n';
import { useUpdateStatus } from './updateStatus';

export function UpdateTag() {
  const t = useT();
  const navigate = useNavigate();
  const s = useUpdateStatus();
  if (!s || (!s.held && !s.ready)) return null;
  const version = s.availableVersion ?? '';
  const n = (s.unsent?.pending ?? 0) + (s.unsent?.rejected ?? 0);
  return (
    <Tooltip title={s.held ? t('updates.tag.heldTip', { version, n }) : t('updates.tag.readyTip', { version })}>
      <Tag
        role="button"
        tabIndex={0}
        icon={<CloudDownloadOutlined />}
        color={s.held ? 'gold' : 'green'}
        data-testid="update-tag"
        data-state={s.held ? 'held' : 'ready'}
        style={{ cursor: 'pointer', marginInlineEnd: 0 }}
        onClick={() => navigate('/settings')}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') navigate('/settings');
        }}
      >
        {s.held ? t('updates.tag.held') : t('updates.tag.ready')}
      </Tag>
    </Tooltip>
  );
}
