import type { CongressSession } from '@gonghui/contract';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../app/session';
import { INFO_TAG_COLOR, SUCCESS_TAG_COLOR, WARNING_TAG_COLOR } from '../../ui/colors';

export function useCanManage() {
  const { data: me } = useMe();
  return me?.permissions.includes('democracy.manage') ?? false;
}

export function SessionStatusTag({ status }: { status: CongressSession['status'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={status === 'open' ? INFO_TAG_COLOR : status === 'closed' ? undefined : WARNING_TAG_COLOR}>
      {t(`democracy.sessionStatuses.${status}`)}
    </Tag>
  );
}

export function QuorumTag({ session }: { session: CongressSession }) {
  const { t } = useTranslation();
  return session.quorumMet ? (
    <Tag color={SUCCESS_TAG_COLOR}>{t('democracy.sessions.quorumMet')}</Tag>
  ) : (
    <Tag color={WARNING_TAG_COLOR}>{t('democracy.sessions.quorumNotMet')}</Tag>
  );
}
