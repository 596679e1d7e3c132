import { type Locale, translate, type VoteResult } from '@gonghui/contract';
import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import * as repo from './congress.repository';
import { type DemocracyDeps, getSessionDetail } from './congress.service';
import { votesOfSession } from './votes.repository';

/** The minutes of a session as a Word document: attendance and quorum, agenda, results, proposals. */
export async function sessionMinutes(deps: DemocracyDeps, context: RequestContext, id: number, locale: Locale) {
  const t = (key: string, params: Record<string, string | number> = {}) => translate(locale, `minutes.${key}`, params);
  const session = await getSessionDetail(deps, context, id);
  const [sessionVotes, proposals] = await Promise.all([
    votesOfSession(deps.db, id),
    repo.proposalsOfSession(deps.db, id),
  ]);
  const heading = (text: string) => new Paragraph({ text, heading: HeadingLevel.HEADING_2 });
  const line = (text: string) => new Paragraph({ children: [new TextRun(text)] });
  const table = (rows: string[][]) =>
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: rows.map(
        (cells, index) =>
          new TableRow({
            children: cells.map(
              (cell) =>
                new TableCell({
                  children: [new Paragraph({ children: [new TextRun({ text: cell, bold: index === 0 })] })],
                }),
            ),
          }),
      ),
    });

  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: session.title, heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER }),
    line(t('meta', { organisation: session.organisationName, date: session.meetingDate, venue: session.venue ?? '—' })),
    heading(t('attendance')),
    line(
      t('attendanceLine', {
        delegates: session.delegates,
        present: session.checkedIn,
        required: session.quorumRequired,
        quorum: `${session.quorum.num}/${session.quorum.den}`,
      }),
    ),
    line(session.quorumMet ? t('quorumMet') : t('quorumNotMet')),
    heading(t('agenda')),
    ...session.agenda.map((item) => line(`${item.position}. ${item.title}`)),
    heading(t('votes')),
  ];
  if (sessionVotes.length === 0) children.push(line(t('none')));
  for (const vote of sessionVotes) {
    children.push(new Paragraph({ text: vote.title, heading: HeadingLevel.HEADING_3 }));
    const result = vote.result as VoteResult | null;
    if (vote.status !== 'closed' || !result) {
      children.push(line(t('notClosed')));
      continue;
    }
    children.push(
      line(
        t('turnout', {
          electorate: result.electorateCount,
          ballots: result.ballots,
          quorum: result.quorumMet ? t('yes') : t('no'),
        }),
      ),
    );
    children.push(
      table([
        [t('option'), t('votesColumn'), t('outcome')],
        ...result.options.map((o) => [
          vote.kind === 'motion' ? t(`choice.${o.label}`) : o.label,
          String(o.votes),
          o.outcome ? t(`outcome.${o.outcome}`) : '',
        ]),
      ]),
    );
    if (result.passed !== null) children.push(line(result.passed ? t('passed') : t('notPassed')));
    if (result.elected !== null)
      children.push(line(t('elected', { elected: result.elected, seats: result.seats ?? 0 })));
    children.push(line(t('hash', { hash: vote.electorateHash ?? '' })));
  }
  children.push(heading(t('proposals')));
  const submitted = proposals.filter((p) => p.status !== 'draft');
  if (submitted.length === 0) children.push(line(t('none')));
  else {
    children.push(
      table([
        [t('number'), t('proposalTitle'), t('status')],
        ...submitted.map((p) => [p.number ?? '—', p.title, translate(locale, `minutes.proposalStatus.${p.status}`)]),
      ]),
    );
  }
  const document = new Document({
    creator: 'Gonghui',
    title: session.title,
    styles: { default: { document: { run: { font: 'SimSun' } } } },
    sections: [{ children }],
  });
  const buffer = await Packer.toBuffer(document);
  await recordAudit(deps.db, context, {
    action: 'congress.minutes',
    subjectType: 'congress_session',
    subjectId: id,
    organisationId: session.organisationId,
  });
  return { buffer, fileName: `${session.title}-${t('fileSuffix')}.docx` };
}
