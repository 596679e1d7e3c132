import type { BodyInput, rightsEndpoints } from '@gonghui/contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useParams } from 'react-router';
import { Pending } from '../../ui/query-state';
import { rightsApi } from './api';
import { ReporterCaseCard } from './shared';

export function MyCasePage() {
  const sendActOnMyCase = rightsApi.useSend('actOnMyCase');
  const { message } = App.useApp();
  const { id } = useParams();
  const client = useQueryClient();
  const key = rightsApi.key('getMyCase', { params: { id } });
  const attach = rightsApi.useUpload('attachToMyCase');
  const value = useQuery({ ...rightsApi.query('getMyCase', { params: { id } }) });
  if (!value.data) return <Pending query={value} />;
  const act = async (body: Record<string, unknown>) => {
    try {
      const updated = await sendActOnMyCase.mutateAsync({
        params: { id },
        body: {
          version: value.data.version,
          ...body,
        } as BodyInput<typeof rightsEndpoints.actOnMyCase>,
      });
      client.setQueryData(key, updated);
    } catch (error) {
      // The case card's form shows the error (on its field where it has one).
      await value.refetch();
      throw error;
    }
  };
  return (
    <ReporterCaseCard
      value={value.data}
      onReply={(note) => act({ action: 'reply', note })}
      onRate={(rating, note) => act({ action: 'rate', rating, ...(note ? { note } : {}) })}
      onAttach={async (file) => {
        try {
          client.setQueryData(key, await attach.mutateAsync({ args: { params: { id } }, file }));
        } catch (error) {
          message.error(String((error as Error).message));
        }
      }}
    />
  );
}
