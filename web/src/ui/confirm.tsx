import { App } from 'antd';
import type { ReactNode } from 'react';

/**
 * Asks before something that cannot be undone or that moves money: says what will happen and to
 * how many, and resolves to whether the person went ahead.
 */
export function useConfirm() {
  const { modal } = App.useApp();
  return (options: { title: string; content: ReactNode; okText: string; danger?: boolean }) =>
    new Promise<boolean>((resolve) => {
      modal.confirm({
        title: options.title,
        content: options.content,
        okText: options.okText,
        okButtonProps: { danger: options.danger ?? false },
        onOk: () => resolve(true),
        onCancel: () => resolve(false),
      });
    });
}
