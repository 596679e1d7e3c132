import type { SurveySummary } from '@gonghui/contract';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { INFO_TAG_COLOR, NEUTRAL_TAG_COLOR, SUCCESS_TAG_COLOR } from '../../ui/colors';

const COLORS = {
  draft: NEUTRAL_TAG_COLOR,
  scheduled: INFO_TAG_COLOR,
  open: SUCCESS_TAG_COLOR,
  closed: NEUTRAL_TAG_COLOR,
};

/** Draft, scheduled (open with its time to come), open or closed. */
export function SurveyStatusTag({ survey }: { survey: Pick<SurveySummary, 'status' | 'opensAt'> }) {
  const { t } = useTranslation();
  const scheduled = survey.status === 'open' && survey.opensAt !== null && new Date(survey.opensAt) > new Date();
  const shown = scheduled ? 'scheduled' : survey.status;
  return <Tag color={COLORS[shown]}>{t(`reach.surveys.statuses.${shown}`)}</Tag>;
}
