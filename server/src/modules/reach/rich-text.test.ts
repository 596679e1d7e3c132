import { describe, expect, it } from 'vitest';
import { cleanRichText } from './rich-text';

const image = '/api/v1/notices/7/documents/0b9d3c9e-4f7e-4a55-9d0a-2f4b1c9e8a10';

describe("a notice's rich text", () => {
  it('keeps the allowed structure, opens links apart and shows only the notice’s own images', () => {
    expect(
      cleanRichText(
        `<h2>防寒</h2><p><strong>热水</strong><a href="https://gz.gov.cn">官网</a><img src="${image}" alt="图"><img src="https://tracker.example/p.gif"></p>`,
      ),
    ).toBe(
      `<h2>防寒</h2><p><strong>热水</strong><a href="https://gz.gov.cn" target="_blank" rel="noopener noreferrer">官网</a><img src="${image}" alt="图" /></p>`,
    );
  });

  it.each([
    ['a script', '<p>x<script>alert(1)</script></p>', '<p>x</p>'],
    ['an event handler', '<p onclick="x()">x</p>', '<p>x</p>'],
    ['a javascript: link', '<a href="javascript:alert(1)">x</a>', '<a target="_blank" rel="noopener noreferrer">x</a>'],
    ['a data: link', '<a href="data:text/html,x">x</a>', '<a target="_blank" rel="noopener noreferrer">x</a>'],
    ['a form with formaction', '<form action="javascript:x"><button formaction="javascript:x">x</button></form>', 'x'],
    ['a video poster', '<video poster="javascript:x"></video>', ''],
    ['a background', '<p background="javascript:x">x</p>', '<p>x</p>'],
    [
      'a ping',
      '<a href="https://a.example" ping="javascript:x">x</a>',
      '<a href="https://a.example" target="_blank" rel="noopener noreferrer">x</a>',
    ],
    [
      'an xlink:href',
      '<svg><a xlink:href="javascript:x">x</a></svg>',
      '<a target="_blank" rel="noopener noreferrer">x</a>',
    ],
    ['a style', '<p style="background:url(javascript:x)">x</p>', '<p>x</p>'],
  ])('drops %s', (_, html, cleaned) => {
    expect(cleanRichText(html)).toBe(cleaned);
  });
});
