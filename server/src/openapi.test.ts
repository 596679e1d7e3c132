import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateOpenApi } from './openapi';

describe('docs/openapi.json', () => {
  it('matches the API as built from the contracts (run `npm run docs:api` after changing a route)', async () => {
    const committed = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/openapi.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(await generateOpenApi())));
  });
});
