import { democracyEndpoints } from '@gonghui/contract';
import type { WireBallot } from '@gonghui/contract/ballots';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Flex, Input, Radio, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { href } from '../../api/client';
import { SUCCESS_TAG_COLOR } from '../../ui/colors';
import { Pending } from '../../ui/query-state';
import { democracyApi } from './api';
import { optionLabel, ResultView } from './vote-parts';

/** A random key for a ballot form, so a retried submission is recognised as the same ballot. */
function newClientKey() {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Where this device keeps the trackers of the encrypted ballots it cast, per vote and voter. */
const trackerKey = (voteId: number, memberId: number) => `gonghui.tracker.${voteId}.${memberId}`;

/**
 * The ballot paper: choose, cast once, keep the receipt (plain votes) or the tracker (encrypted
 * votes, whose ballots this browser encrypts); after close, the result and the ballot's check.
 */
export function BallotPage() {
  const sendCastBallot = democracyApi.useSend('castBallot');
  const sendCastEncrypted = democracyApi.useSend('castEncrypted');
  const [tracker, setTracker] = useState<string | null>(null);
  const [encrypting, setEncrypting] = useState(false);
  // The last encrypted ballot made, sent again as it is if its answer was lost (the same tracker).
  const [made, setMade] = useState<{ key: string; ballot: WireBallot } | null>(null);
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const id = Number(useParams().id);
  const paper = useQuery({
    ...democracyApi.query('myVote', { params: { id } }),
  });
  const [voter, setVoter] = useState<number | null>(null);
  const [choices, setChoices] = useState<number[]>([]);
  const [receipt, setReceipt] = useState<string | null>(null);
  const [clientKey, setClientKey] = useState(newClientKey);
  const [lookup, setLookup] = useState<string | null>(null);
  const closed = paper.data?.vote.status === 'closed';
  const encrypted = paper.data?.vote.ballotMode === 'encrypted';
  const result = useQuery({
    ...democracyApi.query('getResult', { params: { id } }),
    enabled: closed,
  });
  const found = useQuery({
    ...democracyApi.query('publishedBallots', { params: { id }, query: { receipt: lookup ?? undefined } }),
    enabled: closed && !encrypted && Boolean(lookup),
  });
  if (!paper.data) return <Pending query={paper} />;
  const { vote, voters } = paper.data;
  const pending = voters.filter((v) => !v.voted);
  const current = pending.find((v) => v.memberId === voter) ?? pending[0];
  const maxChoices = vote.kind === 'motion' ? 1 : (vote.maxChoices ?? 1);
  const castEncrypted = async () => {
    setEncrypting(true);
    try {
      const ballots = await import('@gonghui/contract/ballots');
      const sorted = [...choices].sort((a, b) => a - b);
      const key = `${current?.memberId}:${sorted.join(',')}`;
      let ballot = made?.key === key ? made.ballot : null;
      if (!ballot) {
        // The election key and fingerprint came with the ballot paper; the whole board is not needed.
        const { publicKey, fingerprint, kind, options, maxChoices: most } = paper.data!.encryption!;
        ballot = ballots.ballotToWire(
          ballots.encryptBallot(
            ballots.pointFrom(publicKey),
            fingerprint,
            ballots.shapeOf(kind, options.length, most),
            sorted,
          ),
        );
        setMade({ key, ballot });
      }
      const answer = await sendCastEncrypted.mutateAsync({
        params: { id },
        body: {
          ballot,
          ...(current?.via === 'proxy' ? { onBehalfOf: current.memberId } : {}),
        },
      });
      if (current) localStorage.setItem(trackerKey(id, current.memberId), answer.tracker);
      setTracker(answer.tracker);
      setChoices([]);
      setMade(null);
    } catch (error) {
      message.error((error as Error).message);
    } finally {
      setEncrypting(false);
    }
  };
  const cast = async () => {
    if (encrypted) return castEncrypted();
    try {
      const answer = await sendCastBallot.mutateAsync({
        params: { id },
        body: {
          choices,
          clientKey,
          ...(current?.via === 'proxy' ? { onBehalfOf: current.memberId } : {}),
        },
      });
      setReceipt(answer.receipt);
      setChoices([]);
      setClientKey(newClientKey());
    } catch (error) {
      message.error((error as Error).message);
    }
  };
  return (
    <Card>
      {/* The whole motion, as the voter decides on it: the title in full (a card title would cut it) and its text. */}
      <Typography.Title level={2} style={{ fontSize: '1.3em', marginTop: 0 }}>
        {vote.title}
      </Typography.Title>
      {vote.description && (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="motion-text">
          {vote.description}
        </Typography.Paragraph>
      )}
      {receipt && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('democracy.member.receiptTitle')}
          description={
            <>
              <Typography.Title level={3} copyable style={{ fontFamily: 'monospace' }} data-testid="receipt">
                {receipt}
              </Typography.Title>
              {t('democracy.member.receiptHelp')}
            </>
          }
        />
      )}
      {tracker && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('democracy.member.trackerTitle')}
          description={
            <>
              <Typography.Paragraph copyable code style={{ wordBreak: 'break-all' }} data-testid="tracker">
                {tracker}
              </Typography.Paragraph>
              {t('democracy.member.trackerHelp')}
            </>
          }
        />
      )}
      {encrypted && vote.status === 'open' && current && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('democracy.member.encryptedNote')} />
      )}
      {vote.status === 'frozen' && <Alert type="info" message={t('democracy.member.waiting')} />}
      {vote.status === 'open' && current && (
        <Flex vertical gap={16}>
          {pending.length > 1 && (
            <Segmented
              aria-label={t('democracy.member.forWhom')}
              value={current.memberId}
              onChange={(value) => {
                setVoter(value as number);
                setChoices([]);
              }}
              options={pending.map((v) => ({
                value: v.memberId,
                label: v.via === 'self' ? t('democracy.member.self') : t('democracy.member.asProxy', { name: v.name }),
              }))}
            />
          )}
          {pending.length === 1 && current.via === 'proxy' && (
            <Tag>{t('democracy.member.asProxy', { name: current.name })}</Tag>
          )}
          {vote.kind === 'motion' ? (
            <Radio.Group
              aria-label={vote.title}
              value={choices[0]}
              onChange={(event) => setChoices([event.target.value as number])}
              style={{ display: 'flex', flexDirection: 'column', gap: 12 }}
            >
              {(['for', 'against', 'abstain'] as const).map((choice, index) => (
                <Radio key={choice} value={index + 1} style={{ fontSize: '1.2rem' }}>
                  {t(`democracy.choices.${choice}`)}
                </Radio>
              ))}
            </Radio.Group>
          ) : (
            <>
              <Typography.Text type="secondary">
                {t('democracy.member.chooseUpTo', { count: maxChoices })}
              </Typography.Text>
              {maxChoices === 1 ? (
                <Radio.Group
                  aria-label={vote.title}
                  value={choices[0]}
                  onChange={(event) => setChoices([event.target.value as number])}
                  style={{ display: 'flex', flexDirection: 'column', gap: 12 }}
                >
                  {vote.candidates.map((c) => (
                    <Radio key={c.position} value={c.position} style={{ fontSize: '1.2rem' }}>
                      {c.name}
                    </Radio>
                  ))}
                </Radio.Group>
              ) : (
                <Checkbox.Group
                  aria-label={vote.title}
                  value={choices}
                  onChange={(values) => setChoices(values as number[])}
                  style={{ display: 'flex', flexDirection: 'column', gap: 12 }}
                  options={vote.candidates.map((c) => ({
                    value: c.position,
                    label: c.name,
                    disabled: !choices.includes(c.position) && choices.length >= maxChoices,
                  }))}
                />
              )}
            </>
          )}
          <Button
            type="primary"
            size="large"
            block
            loading={encrypting}
            disabled={vote.kind === 'motion' && choices.length !== 1}
            onClick={() =>
              modal.confirm({
                title: t('democracy.member.submitBallot'),
                content: t('democracy.member.confirmBallot'),
                onOk: cast,
              })
            }
          >
            {t('democracy.member.submitBallot')}
          </Button>
        </Flex>
      )}
      {vote.status === 'open' && !current && <Tag color={SUCCESS_TAG_COLOR}>{t('democracy.member.alreadyVoted')}</Tag>}
      {encrypted && vote.status !== 'frozen' && vote.status !== 'draft' && (
        <Flex vertical gap={12} style={{ marginTop: 16 }}>
          {closed && result.data && <ResultView result={result.data} />}
          <TrackerCheck
            key={tracker ?? 'stored'}
            voteId={id}
            initial={
              tracker ??
              voters.map((v) => localStorage.getItem(trackerKey(id, v.memberId))).find((known) => known !== null) ??
              ''
            }
          />
          <Space wrap>
            <Button href={href(democracyEndpoints.board, { params: { id } })} download={`bulletin-board-${id}.json`}>
              {t('democracy.votes.board')}
            </Button>
            <Link to="/verify-election">{t('democracy.member.verifyLink')}</Link>
          </Space>
        </Flex>
      )}
      {closed && !encrypted && result.data && (
        <Flex vertical gap={12}>
          <ResultView result={result.data} />
          <Input.Search
            aria-label={t('democracy.member.checkReceipt')}
            placeholder="XXXX-XXXX-XXXX-XXXX"
            enterButton={t('democracy.member.checkReceipt')}
            onSearch={(value) => setLookup(value.trim())}
          />
          {lookup &&
            found.data &&
            (found.data.items.length > 0 ? (
              <Alert
                type="success"
                message={t('democracy.member.found')}
                description={
                  found.data.items[0]!.choices.map((c) =>
                    vote.kind === 'motion'
                      ? optionLabel(t, 'motion', ['for', 'against', 'abstain'][c - 1]!)
                      : vote.candidates[c - 1]?.name,
                  ).join(t('common.listSeparator')) || t('democracy.votes.blank')
                }
              />
            ) : (
              <Alert type="warning" message={t('democracy.member.notFound')} />
            ))}
        </Flex>
      )}
    </Card>
  );
}

/** Finds a ballot's tracker on the vote's bulletin board: the voter's check that their ballot is there, unchanged. */
function TrackerCheck({ voteId, initial }: { voteId: number; initial: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [found, setFound] = useState<boolean | null>(null);
  const [value, setValue] = useState(initial);
  return (
    <Flex vertical gap={8}>
      <Input.Search
        aria-label={t('democracy.member.checkTracker')}
        value={value}
        onChange={(event) => {
          setValue(event.target.value);
          setFound(null);
        }}
        enterButton={t('democracy.member.checkTracker')}
        onSearch={async (entered) => {
          const tracker = entered.trim().toLowerCase();
          if (!/^[0-9a-f]{64}$/.test(tracker)) {
            setFound(false);
            return;
          }
          const answer = await client.fetchQuery({
            ...democracyApi.query('findTracker', { params: { id: voteId, tracker } }),
            staleTime: 0,
          });
          setFound(answer.found);
        }}
      />
      {found === true && <Alert type="success" showIcon message={t('democracy.member.trackerFound')} />}
      {found === false && <Alert type="warning" showIcon message={t('democracy.member.trackerNotFound')} />}
    </Flex>
  );
}
