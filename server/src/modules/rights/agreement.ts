import { type CaseDetails, FACT_ITEMS, type Locale, translate } from '@gonghui/contract';
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { RequestContext } from '../../platform/access';
import { AppError } from '../../platform/errors';
import type { RightsDeps } from './case-rules';
import { getCase } from './handling.service';

const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/** The mediation agreement (调解协议书) of a mediation that reached one, as a Word document. */
export async function mediationAgreement(deps: RightsDeps, context: RequestContext, id: number, locale: Locale) {
  const t = (key: string, params: Record<string, string | number> = {}) => translate(locale, key, params);
  const view = await getCase(deps, context, id);
  const details: CaseDetails = view.details;
  if (view.kind !== 'mediation' || details.mediationOutcome !== 'agreement' || !details.agreementTerms) {
    throw new AppError(409, 'rights.no_agreement');
  }
  const line = (text: string) => new Paragraph({ children: [new TextRun(text)], spacing: { after: 120 } });
  const heading = (text: string) => new Paragraph({ text, heading: HeadingLevel.HEADING_2 });
  const facts = FACT_ITEMS.filter((item) => details.facts?.[item]).map((item) =>
    line(`${t(`facts.${item}`)}：${details.facts![item]}`),
  );
  const children = [
    new Paragraph({ text: t('agreement.title'), heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER }),
    line(t('agreement.case', { id: view.id })),
    line(t('agreement.worker', { name: view.reporterName ?? t('agreement.anonymous') })),
    line(t('agreement.employer', { name: details.employer?.name ?? '—' })),
    line(t('agreement.mediator', { organisation: view.organisationName })),
    ...(details.requestedOn ? [line(t('agreement.requested', { date: details.requestedOn }))] : []),
    heading(t('agreement.claims')),
    ...(details.claims ?? []).map((c) => line(t('agreement.claim', { item: c.item, amount: yuan(c.amountFen) }))),
    heading(t('agreement.facts')),
    ...facts,
    heading(t('agreement.terms')),
    ...details.agreementTerms.split(/\n+/).map(line),
    line(t('agreement.effect')),
    line(''),
    line(t('agreement.signatures')),
    line(t('agreement.date', { date: (view.closedAt ?? new Date().toISOString()).slice(0, 10) })),
  ];
  const document = new Document({
    creator: 'Gonghui',
    title: t('agreement.title'),
    styles: { default: { document: { run: { font: 'SimSun' } } } },
    sections: [{ children }],
  });
  return { buffer: await Packer.toBuffer(document), fileName: `${t('agreement.title')}-${view.id}.docx` };
}
