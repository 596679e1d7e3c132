/** A solid green for "on / active" tags: white on it passes WCAG AA, antd's pale preset does not. */
export const SUCCESS_TAG_COLOR = '#237804';
/** Solid tag colours for other states, each dark enough for white text (WCAG AA). */
export const INFO_TAG_COLOR = '#0958d9';
export const WARNING_TAG_COLOR = '#ad4e00';
export const DANGER_TAG_COLOR = '#a8071a';
export const NEUTRAL_TAG_COLOR = '#006d75';
