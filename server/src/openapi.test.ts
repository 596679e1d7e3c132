import fs from 'node:fs';
import path from 'node:path';
import * as contract from '@gonghui/contract';
import { describe, expect, it } from 'vitest';
import { generateOpenApi } from './openapi';

describe('docs/openapi.json', () => {
  it('matches the API as built from the contracts (run `npm run docs:api` after changing a route)', async () => {
    const committed = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/openapi.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(await generateOpenApi())));
  });

  it('serves every endpoint the contract declares, and nothing the contract does not declare', async () => {
    const document = (await generateOpenApi()) as { paths: Record<string, Record<string, unknown>> };
    const served = Object.entries(document.paths).flatMap(([route, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${route.replace(/^\/api\/v1/, '')}`),
    );
    // Each endpoint once, though a group may take in another's (reach's takes the inbox's).
    const endpoints = new Set(
      Object.entries(contract)
        .filter(([name]) => name.endsWith('Endpoints'))
        .flatMap(([, group]) => Object.values(group as Record<string, contract.Endpoint>)),
    );
    const declared = [...endpoints].map((e) => `${e.method} ${e.path.replace(/:(\w+)/g, '{$1}')}`);
    // (The app's own health check and this document are hidden from it.)
    expect(new Set(declared).size).toBe(declared.length);
    expect(served.sort()).toEqual([...declared].sort());
  });
});
