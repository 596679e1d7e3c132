import { describe, expect, it } from 'vitest';
import {
  type Answers,
  checkAnswers,
  conditionHolds,
  pipeText,
  type SurveyDefinition,
  suppressSmallCells,
  surveyDefinitionSchema,
  surveyPath,
} from './surveys.contract';

// The questionnaire's logic, run the same in the member's browser and on the server: conditions,
// show-if, skip, piping, validation of answers and of the questionnaire itself; and small-cell
// suppression of published counts.

const definition: SurveyDefinition = surveyDefinitionSchema.parse({
  sections: [
    {
      id: 's1',
      questions: [
        {
          id: 'member',
          type: 'single',
          title: '是否会员',
          required: true,
          options: [
            { value: 'y', label: '是' },
            { value: 'n', label: '否' },
          ],
        },
        { id: 'age', type: 'number', title: '年龄', required: true, min: 16, max: 75 },
        {
          id: 'why',
          type: 'text',
          title: '为什么不入会',
          required: true,
          showIf: { conditions: [{ questionId: 'member', op: 'eq', value: 'n' }] },
        },
      ],
      skip: [{ when: { conditions: [{ questionId: 'member', op: 'eq', value: 'n' }] }, to: 'end' }],
    },
    {
      id: 's2',
      questions: [
        {
          id: 'needs',
          type: 'multiple',
          title: '需要的服务',
          required: true,
          max: 2,
          options: [
            { value: 'legal', label: '法律' },
            { value: 'aid', label: '帮扶' },
            { value: 'skills', label: '技能' },
          ],
        },
        {
          id: 'rating',
          type: 'matrix',
          title: '评价',
          required: true,
          rows: [
            { value: 'r', label: '维权' },
            { value: 's', label: '服务' },
          ],
          options: [
            { value: '1', label: '好' },
            { value: '2', label: '差' },
          ],
        },
        { id: 'score', type: 'scale', title: '您选了{{needs}}，满意度', required: true, min: 1, max: 5 },
        { id: 'place', type: 'region', title: '区县' },
        { id: 'since', type: 'date', title: '入会日期' },
      ],
    },
  ],
});

describe('conditions', () => {
  it.each([
    [{ questionId: 'a', op: 'eq', value: 'x' }, { a: 'x' }, true],
    [{ questionId: 'a', op: 'eq', value: 'x' }, { a: 'y' }, false],
    [{ questionId: 'a', op: 'eq', value: 'x' }, {}, false],
    [{ questionId: 'a', op: 'neq', value: 'x' }, { a: 'y' }, true],
    [{ questionId: 'a', op: 'neq', value: 'x' }, {}, false],
    [{ questionId: 'a', op: 'in', value: ['x', 'y'] }, { a: 'y' }, true],
    [{ questionId: 'a', op: 'in', value: ['x', 'y'] }, { a: 'z' }, false],
    [{ questionId: 'a', op: 'includes', value: 'x' }, { a: ['z', 'x'] }, true],
    [{ questionId: 'a', op: 'includes', value: 'x' }, { a: ['z'] }, false],
    [{ questionId: 'a', op: 'gt', value: 44 }, { a: 50 }, true],
    [{ questionId: 'a', op: 'gt', value: 44 }, { a: 44 }, false],
    [{ questionId: 'a', op: 'gte', value: 44 }, { a: 44 }, true],
    [{ questionId: 'a', op: 'lt', value: 3 }, { a: 2 }, true],
    [{ questionId: 'a', op: 'lte', value: 3 }, { a: 4 }, false],
    [{ questionId: 'a', op: 'gt', value: 1 }, { a: ['2'] }, false],
    [{ questionId: 'a', op: 'answered' }, { a: '' }, false],
    [{ questionId: 'a', op: 'answered' }, { a: [] }, false],
    [{ questionId: 'a', op: 'answered' }, { a: 0 }, true],
    [{ questionId: 'a', op: 'empty' }, {}, true],
  ] as const)('%j on %j is %s', (condition, answers, holds) => {
    expect(conditionHolds(condition as never, answers as Answers)).toBe(holds);
  });
});

describe('the path through the questionnaire', () => {
  const ids = (answers: Answers) =>
    surveyPath(definition, answers).map((p) => [p.section.id, p.questions.map((q) => q.id)]);

  it.each([
    [
      {},
      [
        ['s1', ['member', 'age']],
        ['s2', ['needs', 'rating', 'score', 'place', 'since']],
      ],
    ],
    [
      { member: 'y' },
      [
        ['s1', ['member', 'age']],
        ['s2', ['needs', 'rating', 'score', 'place', 'since']],
      ],
    ],
    [{ member: 'n' }, [['s1', ['member', 'age', 'why']]]],
  ] as const)('with %j goes through %j', (answers, path) => {
    expect(ids(answers as Answers)).toEqual(path);
  });

  it('pipes earlier answers into titles, by their labels', () => {
    expect(pipeText(definition, '您选了{{needs}}，满意度', { needs: ['legal', 'aid'] })).toBe(
      '您选了法律、帮扶，满意度',
    );
    expect(pipeText(definition, '{{member}}/{{nothing}}', { member: 'y' })).toBe('是/');
  });
});

describe('checking answers', () => {
  const complete = { member: 'y', age: 30, needs: ['legal'], rating: { r: '1', s: '2' }, score: 4 };
  const problems = (answers: Answers, partial = false) =>
    checkAnswers(definition, answers, { partial }).problems.map(
      (p) => `${p.questionId}:${p.messageKey.split('.').at(-1)}`,
    );

  it.each([
    [complete, []],
    [{ ...complete, age: 15 }, ['age:range']],
    [{ ...complete, age: '30' }, ['age:number']],
    [{ ...complete, member: 'maybe' }, ['member:choice']],
    [{ ...complete, needs: ['legal', 'aid', 'skills'] }, ['needs:too_many']],
    [{ ...complete, needs: ['legal', 'legal'] }, ['needs:choice']],
    [{ ...complete, rating: { r: '1' } }, ['rating:required']],
    [{ ...complete, rating: { r: '3', s: '1' } }, ['rating:choice']],
    [{ ...complete, score: 6 }, ['score:range']],
    [{ ...complete, score: 2.5 }, ['score:range']],
    [{ ...complete, place: '4401' }, ['place:region']],
    [{ ...complete, place: '440106' }, []],
    [{ ...complete, since: '2026-02-30x' }, ['since:date']],
    [{ ...complete, extra: 'x' }, ['extra:unknown']],
    [{ member: 'y' }, ['age:required', 'needs:required', 'rating:required', 'score:required']],
    [{ member: 'n', age: 40 }, ['why:required']],
    [{ member: 'n', age: 40, why: '没有工会' }, []],
  ] as const)('%j → %j', (answers, expected) => {
    expect(problems(answers as Answers)).toEqual(expected);
  });

  it('keeps a draft without the required ones, still checking what is there', () => {
    expect(problems({ member: 'y' }, true)).toEqual([]);
    expect(problems({ member: 'y', age: 5 }, true)).toEqual(['age:range']);
  });

  it('drops the answers of questions hidden or skipped', () => {
    const kept = checkAnswers(definition, { member: 'n', age: 40, why: '  没有工会 ', needs: ['legal'] }).answers;
    expect(kept).toEqual({ member: 'n', age: 40, why: '没有工会' });
    expect(checkAnswers(definition, { ...complete, why: 'x' }).answers).not.toHaveProperty('why');
  });
});

describe('checking the questionnaire', () => {
  const issues = (sections: unknown) =>
    surveyDefinitionSchema.safeParse({ sections }).error?.issues.map((i) => `${i.path.join('.')}:${i.message}`) ?? [];
  const q = (id: string, extra: Record<string, unknown> = {}) => ({ id, type: 'text', title: id, ...extra });

  it.each([
    [[{ id: 's1', questions: [q('a'), q('a')] }], ['sections.0.questions.1.id:validation.survey.duplicate_id']],
    [
      [{ id: 's1', questions: [q('a', { showIf: { conditions: [{ questionId: 'b', op: 'answered' }] } }), q('b')] }],
      ['sections.0.questions.0.showIf.conditions.0.questionId:validation.survey.earlier'],
    ],
    [
      [{ id: 's1', questions: [q('a', { type: 'single', options: [{ value: '1', label: 'x' }] })] }],
      ['sections.0.questions.0.options:validation.survey.options'],
    ],
    [
      [
        {
          id: 's1',
          questions: [
            q('a', {
              type: 'matrix',
              options: [
                { value: '1', label: 'x' },
                { value: '2', label: 'y' },
              ],
            }),
          ],
        },
      ],
      ['sections.0.questions.0.rows:validation.survey.rows'],
    ],
    [
      [{ id: 's1', questions: [q('a', { type: 'scale', min: 1, max: 20 })] }],
      ['sections.0.questions.0.max:validation.survey.scale'],
    ],
    [
      [
        { id: 's1', questions: [q('a')] },
        {
          id: 's2',
          questions: [q('b')],
          skip: [{ when: { conditions: [{ questionId: 'a', op: 'answered' }] }, to: 's1' }],
        },
      ],
      ['sections.1.skip.0.to:validation.survey.jump'],
    ],
    [
      [{ id: 's1', questions: [q('a'), q('b', { showIf: { conditions: [{ questionId: 'a', op: 'eq' }] } })] }],
      ['sections.0.questions.1.showIf.conditions.0.value:validation.survey.condition_value'],
    ],
    [[{ id: 'S1', questions: [q('a')] }], ['sections.0.id:validation.survey.variable']],
  ])('%j → %j', (sections, expected) => {
    expect(issues(sections)).toEqual(expected);
  });
});

describe('small cells', () => {
  it.each([
    [[[10, 20, 30]], [[10, 20, 30]]],
    // One hidden in a row whose total is shown: the next smallest goes too.
    [[[3, 20, 30]], [[null, null, 30]]],
    [[[3, 20, 30, 53]], [[null, null, 30, 53]]],
    [[[0, 20, 30]], [[0, 20, 30]]],
    [
      [
        [3, 10, 13],
        [10, 10, 20],
      ],
      [
        [null, null, 13],
        [null, null, 20],
      ],
    ],
  ])('%j → %j', (table, expected) => {
    expect(suppressSmallCells(table)).toEqual(expected);
  });

  it('never leaves a row or column with exactly one hidden cell beside a shown total', () => {
    for (let run = 0; run < 200; run++) {
      const table = Array.from({ length: 4 }, () => {
        const row = Array.from({ length: 4 }, () => Math.floor(Math.random() * 12));
        return [...row, row.reduce((a, b) => a + b, 0)];
      });
      const shown = suppressSmallCells(table);
      for (const row of shown) expect(row.filter((n) => n === null).length === 1).toBe(false);
      for (let c = 0; c < 5; c++) {
        const column = shown.map((row) => row[c]);
        const hidden = column.filter((n) => n === null).length;
        // A column can hide one cell only when nothing else in it can be hidden (all others zero).
        if (hidden === 1) expect(table.every((row, r) => shown[r]![c] === null || row[c] === 0)).toBe(true);
      }
    }
  });
});
