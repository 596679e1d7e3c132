import {
  BoldOutlined,
  FontSizeOutlined,
  ItalicOutlined,
  OrderedListOutlined,
  PictureOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import Image from '@tiptap/extension-image';
import { EditorContent, useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { Button, Flex, Tooltip } from 'antd';
import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { FilePickButton } from './notice-parts';
import './rich-text.css';

/**
 * A notice's rich text (tiptap): headings, emphasis, lists, quotes, links and the notice's own
 * images. Its value is HTML; the server keeps only what it allows, whatever is sent.
 */
export function RichTextEditor(props: {
  id?: string;
  value?: string;
  onChange?: (html: string) => void;
  /** Uploads an image and answers its address (saving the draft first if need be). */
  uploadImage: (file: File) => Promise<string | null>;
  'aria-label'?: string;
}) {
  const { t } = useTranslation();
  // What the editor last gave the form: a value coming back is its own, not one to load.
  const emitted = useRef<string | undefined>(undefined);
  const editor = useEditor({
    extensions: [StarterKit.configure({ heading: { levels: [2, 3] } }), Image],
    content: props.value ?? '',
    editorProps: {
      attributes: {
        class: 'gh-rich-text',
        role: 'textbox',
        'aria-multiline': 'true',
        ...(props.id ? { id: props.id } : {}),
        ...(props['aria-label'] ? { 'aria-label': props['aria-label'] } : {}),
      },
    },
    onUpdate: ({ editor: current }) => {
      emitted.current = current.isEmpty ? '' : current.getHTML();
      props.onChange?.(emitted.current);
    },
    immediatelyRender: false,
  });
  // A value set from outside (an edited notice loaded, the form reset) replaces the content.
  useEffect(() => {
    if (!editor || props.value === undefined || props.value === emitted.current) return;
    if (props.value !== editor.getHTML()) editor.commands.setContent(props.value, { emitUpdate: false });
  }, [editor, props.value]);
  if (!editor) return null;
  const tool = (label: string, icon: ReactNode, active: boolean, run: () => void) => (
    <Tooltip title={label}>
      <Button
        size="small"
        type={active ? 'primary' : 'default'}
        aria-label={label}
        aria-pressed={active}
        // The editor keeps the focus and its selection: the tool acts where the cursor is.
        onMouseDown={(event) => event.preventDefault()}
        onClick={run}
        icon={icon}
      />
    </Tooltip>
  );
  return (
    <div className="gh-rich-text-frame">
      <Flex gap={4} wrap style={{ marginBottom: 8 }}>
        {tool(t('reach.notices.heading'), <FontSizeOutlined />, editor.isActive('heading', { level: 2 }), () =>
          editor.chain().focus().toggleHeading({ level: 2 }).run(),
        )}
        {tool(t('reach.notices.bold'), <BoldOutlined />, editor.isActive('bold'), () =>
          editor.chain().focus().toggleBold().run(),
        )}
        {tool(t('reach.notices.italic'), <ItalicOutlined />, editor.isActive('italic'), () =>
          editor.chain().focus().toggleItalic().run(),
        )}
        {tool(t('reach.notices.bulletList'), <UnorderedListOutlined />, editor.isActive('bulletList'), () =>
          editor.chain().focus().toggleBulletList().run(),
        )}
        {tool(t('reach.notices.orderedList'), <OrderedListOutlined />, editor.isActive('orderedList'), () =>
          editor.chain().focus().toggleOrderedList().run(),
        )}
        {tool(t('reach.notices.quote'), <span aria-hidden>“</span>, editor.isActive('blockquote'), () =>
          editor.chain().focus().toggleBlockquote().run(),
        )}
        <FilePickButton
          size="small"
          icon={<PictureOutlined />}
          label={t('reach.notices.insertImage')}
          accept="image/png,image/jpeg"
          onFile={async (file) => {
            const src = await props.uploadImage(file);
            if (src) editor.chain().focus().setImage({ src, alt: file.name }).run();
          }}
        />
      </Flex>
      <EditorContent editor={editor} />
    </div>
  );
}
