/** A solid green for "on / active" tags: white on it passes WCAG AA, antd's pale preset does not. */
export const SUCCESS_TAG_COLOR = '#237804';
