import type { Ceremony } from '@gonghui/contract';
import {
  ciphertextFrom,
  commitmentOf,
  decryptionShares,
  decryptionShareToWire,
  finishTrustee,
  scalarFrom,
  scalarHex,
  sealedShareFromWire,
  sealedShareToWire,
  sealShare,
  startTrustee,
  type TrusteeSecrets,
  tallyContext,
  trusteeFromWire,
  trusteeToWire,
} from '@gonghui/contract/ballots';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, List, Space, Steps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { SUCCESS_TAG_COLOR, WARNING_TAG_COLOR } from '../../ui/colors';
import { Pending } from '../../ui/query-state';
import { democracyApi } from './api';

// A trustee's part of an encrypted vote, in their own browser: make a key, send sealed shares to
// the other trustees, check the shares received (which makes this trustee's share of the election
// key), and after the close decrypt the totals. The secrets stay on this device (localStorage) and
// in a key file the trustee downloads: the offline fallback for another device or a cleared browser.

const KEY_FILE_FORMAT = 'gonghui-trustee-key/1';

/** What the trustee keeps: the ceremony's secrets, then their key share. Never sent anywhere. */
interface KeyFile {
  format: typeof KEY_FILE_FORMAT;
  election: string;
  index: number;
  transportSecret: string;
  polynomial: string[];
  keyShare?: string;
}

const storageKey = (election: string, index: number) => `gonghui.trustee.${election}.${index}`;

function loadKey(election: string, index: number): KeyFile | null {
  try {
    const text = localStorage.getItem(storageKey(election, index));
    return text ? (JSON.parse(text) as KeyFile) : null;
  } catch {
    return null;
  }
}

function storeKey(file: KeyFile) {
  localStorage.setItem(storageKey(file.election, file.index), JSON.stringify(file));
}

const secretsOf = (file: KeyFile): TrusteeSecrets => ({
  index: file.index,
  transportSecret: scalarFrom(file.transportSecret),
  polynomial: file.polynomial.map(scalarFrom),
});

function download(file: KeyFile, voteId: number) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `trustee-key-vote-${voteId}-${file.index}.json`;
  link.click();
  URL.revokeObjectURL(url);
}

const commitmentsOf = (ceremony: Ceremony) =>
  ceremony.trustees.map((trustee) => trusteeFromWire({ ...trustee.commitment!, name: trustee.name }));

/** Which step of the four the trustee is at (for the Steps bar). */
function stepOf(stage: string) {
  return { named: 0, committed: 1, shared: 2, complained: 2, accepted: 3, decrypted: 4 }[stage] ?? 0;
}

export function TrusteePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const id = Number(useParams().id);
  const ceremony = useQuery({ ...democracyApi.query('ceremony', { params: { id } }), refetchInterval: 3000 });
  const sends = {
    commitment: democracyApi.useSend('postCommitment'),
    shares: democracyApi.useSend('postShares'),
    accept: democracyApi.useSend('acceptShares'),
    decryption: democracyApi.useSend('postDecryption'),
  };
  const [busy, setBusy] = useState(false);
  const [, setLoaded] = useState(0);
  const c = ceremony.data;
  if (!c) return <Pending query={ceremony} />;
  const index = c.myIndex;
  if (index === null) return <Alert type="info" message={t('democracy.member.trustee.none')} />;
  const mine = c.trustees.find((trustee) => trustee.index === index)!;
  const key = loadKey(c.election, index);
  const everyone = (stages: string[]) => c.trustees.every((trustee) => stages.includes(trustee.stage));
  const early = c.status === 'draft' || c.status === 'frozen';

  const act = async (work: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await work();
    } catch (error) {
      message.error((error as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const generate = () =>
    act(async () => {
      // A key made before (an answer lost on the way back) is sent again rather than replaced.
      const file =
        key ??
        (() => {
          const { secrets } = startTrustee(c.election, index, c.threshold);
          const made: KeyFile = {
            format: KEY_FILE_FORMAT,
            election: c.election,
            index,
            transportSecret: scalarHex(secrets.transportSecret),
            polynomial: secrets.polynomial.map(scalarHex),
          };
          storeKey(made);
          return made;
        })();
      // The commitment follows from the secrets; sent again after a lost answer, it is the same one.
      const { name: _name, ...body } = trusteeToWire('', commitmentOf(c.election, secretsOf(file)));
      await sends.commitment.mutateAsync({ params: { id }, body: { commitment: body } });
    });

  const sendShares = () =>
    act(async () => {
      const secrets = secretsOf(key!);
      const shares = commitmentsOf(c)
        .filter((other) => other.index !== index)
        .map((other) => sealedShareToWire(sealShare(c.election, secrets, other)));
      await sends.shares.mutateAsync({ params: { id }, body: { shares } });
    });

  const checkShares = () =>
    act(async () => {
      const finished = finishTrustee(
        c.election,
        secretsOf(key!),
        commitmentsOf(c),
        c.sealedForMe.map(sealedShareFromWire),
      );
      if ('keyShare' in finished) {
        const file = { ...key!, keyShare: scalarHex(finished.keyShare) };
        storeKey(file);
        setLoaded((n) => n + 1);
        await sends.accept.mutateAsync({ params: { id }, body: { badSenders: [] } });
      } else {
        await sends.accept.mutateAsync({ params: { id }, body: { badSenders: finished.badSenders } });
      }
    });

  const decrypt = () =>
    act(async () => {
      // The key share kept at the end of the ceremony, or made again from the secrets (a key file
      // saved at the first step) and the sealed shares, which the server still carries.
      let keyShare = key!.keyShare ? scalarFrom(key!.keyShare) : null;
      if (keyShare === null) {
        const finished = finishTrustee(
          c.election,
          secretsOf(key!),
          commitmentsOf(c),
          c.sealedForMe.map(sealedShareFromWire),
        );
        if (!('keyShare' in finished)) throw new Error(t('democracy.member.trustee.wrongFile'));
        keyShare = finished.keyShare;
      }
      const parts = decryptionShares(tallyContext(c.fingerprint!), index, keyShare, c.tally!.map(ciphertextFrom)).map(
        decryptionShareToWire,
      );
      await sends.decryption.mutateAsync({ params: { id }, body: { parts } });
    });

  const loadFile = async (file: File) => {
    try {
      const parsed = JSON.parse(await file.text()) as KeyFile;
      if (parsed.format !== KEY_FILE_FORMAT || parsed.election !== c.election || parsed.index !== index)
        throw new Error('wrong file');
      storeKey(parsed);
      setLoaded((n) => n + 1);
    } catch {
      message.error(t('democracy.member.trustee.wrongFile'));
    }
  };

  const needsKey = mine.stage !== 'named' && mine.stage !== 'decrypted' && !key;
  let action: React.ReactNode = null;
  if (needsKey) action = <Alert type="warning" showIcon message={t('democracy.member.trustee.missing')} />;
  else if (mine.stage === 'named' && early)
    action = (
      <Button type="primary" size="large" loading={busy} onClick={generate}>
        {t('democracy.member.trustee.generate')}
      </Button>
    );
  else if (mine.stage === 'committed' && early)
    action = everyone(['committed', 'shared', 'accepted']) ? (
      <Button type="primary" size="large" loading={busy} onClick={sendShares}>
        {t('democracy.member.trustee.sendShares')}
      </Button>
    ) : (
      <Typography.Text type="secondary">{t('democracy.member.trustee.waiting')}</Typography.Text>
    );
  else if (mine.stage === 'shared' && early)
    action = everyone(['shared', 'accepted', 'complained']) ? (
      <Button type="primary" size="large" loading={busy} onClick={checkShares}>
        {t('democracy.member.trustee.checkShares')}
      </Button>
    ) : (
      <Typography.Text type="secondary">{t('democracy.member.trustee.waiting')}</Typography.Text>
    );
  else if (mine.stage === 'accepted' && c.status === 'tallying' && c.tally)
    action = (
      <Button type="primary" size="large" loading={busy} onClick={decrypt}>
        {t('democracy.member.trustee.decrypt')}
      </Button>
    );
  else if (mine.stage === 'accepted') action = <Alert type="success" message={t('democracy.member.trustee.done')} />;
  else if (mine.stage === 'decrypted')
    action = <Alert type="success" message={t('democracy.member.trustee.decrypted')} />;
  else if (mine.stage === 'complained')
    action = (
      <Alert
        type="error"
        message={t('democracy.member.trustee.badShares', { who: (c.complaint ?? []).join(t('common.listSeparator')) })}
      />
    );

  return (
    <Card>
      <Typography.Title level={2} style={{ fontSize: '1.3em', marginTop: 0 }}>
        {t('democracy.member.trustee.title', { title: c.title })}
      </Typography.Title>
      <Typography.Paragraph>{t('democracy.member.trustee.intro', { index })}</Typography.Paragraph>
      <Steps
        size="small"
        direction="vertical"
        current={stepOf(mine.stage)}
        items={[
          { title: t('democracy.member.trustee.generate') },
          { title: t('democracy.member.trustee.sendShares') },
          { title: t('democracy.member.trustee.checkShares') },
          { title: t('democracy.member.trustee.decrypt') },
        ]}
      />
      <Flex vertical gap={12} style={{ marginTop: 12 }} data-testid="trustee-action">
        {action}
        {key && (
          <Space wrap>
            <Button onClick={() => download(loadKey(c.election, index) ?? key, id)}>
              {t('democracy.member.trustee.saveFile')}
            </Button>
            <Typography.Text type="secondary">{t('democracy.member.trustee.saveHint')}</Typography.Text>
          </Space>
        )}
        {needsKey && (
          <label>
            <Typography.Text strong>{t('democracy.member.trustee.loadFile')}</Typography.Text>
            <br />
            <input
              type="file"
              accept=".json,application/json"
              onChange={(event) => {
                const file = event.target.files?.[0];
                if (file) void loadFile(file);
              }}
            />
          </label>
        )}
      </Flex>
      <List
        style={{ marginTop: 16 }}
        size="small"
        header={t('democracy.member.trustee.progress')}
        dataSource={c.trustees}
        renderItem={(trustee) => (
          <List.Item>
            <Space>
              {trustee.index}. {trustee.name}
              <Tag
                color={
                  trustee.stage === 'complained'
                    ? WARNING_TAG_COLOR
                    : trustee.stage === 'accepted' || trustee.stage === 'decrypted'
                      ? SUCCESS_TAG_COLOR
                      : undefined
                }
              >
                {t(`democracy.votes.stages.${trustee.stage}`)}
              </Tag>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
