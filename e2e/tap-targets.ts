import type { Page } from 'playwright-core';

/**
 * The tap targets on a phone page smaller than 44×44 CSS px (WCAG 2.5.5), each as "what it is, its
 * name, its size". A control is measured with what a finger actually taps: its label, or the field
 * or option that wraps it. Exempt, as WCAG exempts them: a link inside running text, and an input
 * number's step buttons (the same value can be typed in the field, which is large enough).
 */
export function smallTapTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const MIN = 44;
    const CONTROLS =
      'a[href], button, input:not([type=hidden]), select, textarea, [role=button], [role=tab], [role=checkbox], ' +
      '[role=radio], [role=switch], [role=link], [role=menuitem], [role=combobox]';
    const WRAPPERS =
      'label, .ant-select, .ant-input-affix-wrapper, .ant-input-number, .ant-picker, .ant-segmented-item, ' +
      '.ant-radio-button-wrapper, .ant-cascader, .ant-tabs-tab';
    const found: string[] = [];
    for (const control of document.querySelectorAll<HTMLElement>(CONTROLS)) {
      if (control.closest('.ant-input-number-handler-wrap')) continue;
      if (control.tagName === 'A' && control.closest('p')) continue;
      const style = getComputedStyle(control);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      let box = control.getBoundingClientRect();
      const wrapper = control.closest(WRAPPERS);
      if (wrapper) {
        const outer = wrapper.getBoundingClientRect();
        if (outer.width * outer.height > box.width * box.height) box = outer;
      }
      if (box.width === 0 || box.height === 0) continue;
      if (box.width < MIN - 0.5 || box.height < MIN - 0.5) {
        const name = control.getAttribute('aria-label') || control.textContent || control.getAttribute('placeholder');
        const role = control.getAttribute('role');
        found.push(
          `${control.tagName.toLowerCase()}${role ? `[${role}]` : ''} "${(name ?? '').trim().slice(0, 30)}" ` +
            `${Math.round(box.width)}×${Math.round(box.height)}`,
        );
      }
    }
    return found;
  });
}
