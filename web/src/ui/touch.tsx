import { Outlet } from 'react-router';

/**
 * Screens used on a phone — the member app and the public pages (sign in, join, report) — size every
 * control for a finger: 44 CSS px at least (WCAG 2.5.5): the light kit's controls by themselves
 * (ui/lite), antd's through these size tokens (the touch frame, app/AntdFrame.tsx). The `gh-touch`
 * class gives links and the password eye the same (index.html), and the phone journey's check fails
 * on any smaller tap target.
 */
export const TOUCH_THEME = {
  // Small controls (a language switch, a row's button) too.
  token: { controlHeight: 44, controlHeightSM: 44 },
  components: {
    Switch: { trackHeight: 44, handleSize: 40, trackMinWidth: 76, innerMaxMargin: 46, innerMinMargin: 18 },
    Segmented: { trackPadding: 0 },
  },
};

export function TouchSized() {
  return (
    <div className="gh-touch">
      <Outlet />
    </div>
  );
}
