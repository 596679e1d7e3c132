import {
  type BodyInput,
  createOrganisationBodySchema,
  ORGANISATION_LEVELS,
  ORGANISATION_TYPES,
  type Organisation,
  type organisationsEndpoints,
  regionCodeSchema,
} from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import {
  App,
  Breadcrumb,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Form,
  Input,
  Modal,
  Result,
  Row,
  Select,
  Table,
  Tag,
  Tree,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { useCurrentOrganisation } from '../../app/current-organisation';
import { useMe } from '../../app/session';
import { SUCCESS_TAG_COLOR } from '../../ui/colors';
import { schemaRule, showServerErrors } from '../../ui/forms';
import { OrganisationPicker, useOrganisationTree } from '../../ui/organisation-tree';
import { PAGE_SIZE, serverPagination } from '../../ui/pagination';
import { Pending, tableState } from '../../ui/query-state';
import { organisationsApi } from './api';

type Dialog = 'create' | 'edit' | 'move' | 'close' | null;

/** The subtree the cadre may see, opened node by node; choosing a node opens its page. */
function OrganisationTreeCard({ selectedId }: { selectedId: number | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { nodes, loadChildren, roots } = useOrganisationTree();
  return (
    <Card size="small">
      {roots.data === undefined ? (
        <Pending query={roots} />
      ) : (
        <Tree
          treeData={nodes}
          selectedKeys={selectedId ? [selectedId] : []}
          loadData={async (node) => loadChildren(node.key as number)}
          onSelect={(keys) => keys[0] !== undefined && navigate(`/admin/organisations/${keys[0]}`)}
          aria-label={t('menu.organisations')}
        />
      )}
    </Card>
  );
}

export function OrganisationsPage() {
  const selectedId = useSelectedOrganisationId();
  return (
    <Row gutter={16}>
      <Col xs={24} lg={7} style={{ marginBottom: 16 }}>
        <OrganisationTreeCard selectedId={selectedId} />
      </Col>
      <Col xs={24} lg={17}>
        {/* Keyed by organisation so its dialogs and paging start fresh on each one. */}
        <OrganisationDetail key={selectedId ?? 'none'} />
      </Col>
    </Row>
  );
}

function useSelectedOrganisationId(): number | null {
  const params = useParams();
  const current = useCurrentOrganisation();
  return params.id ? Number(params.id) : current.id;
}

function OrganisationDetail() {
  const sendCreateOrganisation = organisationsApi.useSend('createOrganisation');
  const sendUpdateOrganisation = organisationsApi.useSend('updateOrganisation');
  const sendMoveOrganisation = organisationsApi.useSend('moveOrganisation');
  const sendCloseOrganisation = organisationsApi.useSend('closeOrganisation');
  const { t } = useTranslation();
  const { data: me } = useMe();
  const canManage = me?.permissions.includes('organisation.manage') ?? false;
  const id = useSelectedOrganisationId();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [form] = Form.useForm();

  const detail = useQuery({
    ...organisationsApi.query('getOrganisation', { params: { id } }),
    enabled: id !== null && Number.isInteger(id),
  });
  const [childPage, setChildPage] = useState(1);
  const children = useQuery({
    ...organisationsApi.query('listOrganisations', { query: { parentId: id, page: childPage, pageSize: PAGE_SIZE } }),
    enabled: detail.isSuccess,
  });

  if (detail.error) {
    const status = detail.error instanceof ApiError ? detail.error.status : 500;
    return (
      <Result
        status={status === 404 ? '404' : 'error'}
        title={status}
        subTitle={status === 404 ? t('common.notFound') : detail.error.message}
      />
    );
  }
  const org = detail.data;
  if (!org) return <Card loading />;

  const submit = async (action: () => Promise<unknown>, done: string) => {
    try {
      await action();
      message.success(done);
      setDialog(null);
      form.resetFields();
    } catch (error) {
      message.error(showServerErrors(form, error));
    }
  };
  const onFinish = (values: Record<string, unknown>) => {
    if (dialog === 'create')
      return submit(
        () =>
          sendCreateOrganisation.mutateAsync({
            body: { ...values, parentId: org.id } as BodyInput<typeof organisationsEndpoints.createOrganisation>,
          }),
        t('organisation.created'),
      );
    if (dialog === 'edit')
      return submit(
        () =>
          sendUpdateOrganisation.mutateAsync({
            params: { id: org.id },
            body: values as BodyInput<typeof organisationsEndpoints.updateOrganisation>,
          }),
        t('organisation.saved'),
      );
    if (dialog === 'move')
      return submit(
        () =>
          sendMoveOrganisation.mutateAsync({
            params: { id: org.id },
            body: values as BodyInput<typeof organisationsEndpoints.moveOrganisation>,
          }),
        t('organisation.moved'),
      );
    if (dialog === 'close')
      return submit(
        () =>
          sendCloseOrganisation.mutateAsync({
            params: { id: org.id },
            body: values as BodyInput<typeof organisationsEndpoints.closeOrganisation>,
          }),
        t('organisation.closedDone'),
      );
  };

  const columns = [
    {
      title: t('organisation.name'),
      dataIndex: 'name',
      render: (name: string, row: Organisation) => <Link to={`/admin/organisations/${row.id}`}>{name}</Link>,
    },
    { title: t('organisation.type'), dataIndex: 'type', render: (type: string) => t(`organisation.types.${type}`) },
    {
      title: t('organisation.level'),
      dataIndex: 'level',
      render: (level: string) => t(`organisation.levels.${level}`),
    },
    { title: t('organisation.regionCode'), dataIndex: 'regionCode' },
    { title: t('organisation.childCount'), dataIndex: 'childCount' },
  ];

  return (
    <Flex vertical gap={16}>
      <Breadcrumb
        items={[...org.ancestors, { id: org.id, name: org.name }].map((a) => ({
          key: a.id,
          title: a.id === org.id ? a.name : <Link to={`/admin/organisations/${a.id}`}>{a.name}</Link>,
        }))}
      />
      <Card
        title={org.name}
        extra={
          canManage &&
          org.status === 'active' && (
            <Flex gap={8} wrap>
              <Button type="primary" onClick={() => setDialog('create')}>
                {t('organisation.createChild')}
              </Button>
              <Button
                onClick={() => {
                  form.setFieldsValue({ name: org.name, regionCode: org.regionCode });
                  setDialog('edit');
                }}
              >
                {t('organisation.rename')}
              </Button>
              <Button onClick={() => setDialog('move')}>{t('organisation.move')}</Button>
              <Button danger onClick={() => setDialog('close')}>
                {t('organisation.close')}
              </Button>
            </Flex>
          )
        }
      >
        <Descriptions
          column={{ xs: 1, md: 3 }}
          items={[
            { key: 'type', label: t('organisation.type'), children: t(`organisation.types.${org.type}`) },
            { key: 'level', label: t('organisation.level'), children: t(`organisation.levels.${org.level}`) },
            { key: 'region', label: t('organisation.regionCode'), children: org.regionCode },
            {
              key: 'status',
              label: t('organisation.status'),
              children: (
                <Tag color={org.status === 'active' ? SUCCESS_TAG_COLOR : 'default'}>
                  {t(`organisation.${org.status}`)}
                </Tag>
              ),
            },
            { key: 'children', label: t('organisation.childCount'), children: org.childCount },
            {
              key: 'employers',
              label: t('organisation.employers'),
              children: <Link to={`/admin/employers?organisationId=${org.id}`}>{org.employerCount}</Link>,
            },
          ]}
        />
      </Card>
      <Card title={t('organisation.children')}>
        <Table
          rowKey="id"
          size="middle"
          {...tableState(children)}
          dataSource={children.data?.items ?? []}
          columns={columns}
          pagination={serverPagination(t, childPage, children.data?.total, setChildPage)}
        />
      </Card>
      <Modal
        open={dialog !== null}
        title={
          dialog ? t(`organisation.${dialog === 'create' ? 'createChild' : dialog === 'edit' ? 'rename' : dialog}`) : ''
        }
        onCancel={() => {
          setDialog(null);
          form.resetFields();
        }}
        onOk={() => form.submit()}
        okButtonProps={{ danger: dialog === 'close' }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={onFinish} preserve={false}>
          {(dialog === 'create' || dialog === 'edit') && (
            <>
              <Form.Item
                name="name"
                label={t('organisation.name')}
                rules={[
                  { required: true, message: t('common.required') },
                  schemaRule(createOrganisationBodySchema.shape.name),
                ]}
              >
                <Input />
              </Form.Item>
              <Form.Item
                name="regionCode"
                label={t('organisation.regionCode')}
                initialValue={org.regionCode}
                rules={[{ required: true, message: t('common.required') }, schemaRule(regionCodeSchema)]}
              >
                <Input maxLength={6} />
              </Form.Item>
            </>
          )}
          {dialog === 'create' && (
            <>
              <Form.Item
                name="type"
                label={t('organisation.type')}
                rules={[{ required: true, message: t('common.required') }]}
              >
                <Select options={ORGANISATION_TYPES.map((v) => ({ value: v, label: t(`organisation.types.${v}`) }))} />
              </Form.Item>
              <Form.Item
                name="level"
                label={t('organisation.level')}
                rules={[{ required: true, message: t('common.required') }]}
              >
                <Select
                  options={ORGANISATION_LEVELS.map((v) => ({ value: v, label: t(`organisation.levels.${v}`) }))}
                />
              </Form.Item>
            </>
          )}
          {dialog === 'move' && (
            <Form.Item
              name="newParentId"
              label={t('organisation.newParent')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <OrganisationPicker aria-label={t('organisation.newParent')} style={{ width: '100%' }} />
            </Form.Item>
          )}
          {dialog === 'close' && (
            <Form.Item
              name="reason"
              label={t('organisation.closeReason')}
              extra={t('organisation.closeConfirm')}
              rules={[{ required: true, min: 2, message: t('common.required') }]}
            >
              <Input.TextArea rows={3} />
            </Form.Item>
          )}
        </Form>
      </Modal>
      <Button type="link" onClick={() => navigate(-1)} style={{ alignSelf: 'flex-start' }}>
        {t('common.back')}
      </Button>
    </Flex>
  );
}
