// The published JSON Schema is generated from the zod schema that validates configs; it must not drift.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsonSchema } from '../src/config/schema.js';

describe('schema/briefing.schema.json', () => {
  it('is what `npm run schema` generates from the zod schema', () => {
    expect(JSON.parse(readFileSync('schema/briefing.schema.json', 'utf8'))).toEqual(jsonSchema());
  });

  it('describes every theme key for editors, and the default config points at it', () => {
    const schema = jsonSchema() as {
      properties: { themes: { items: { properties: Record<string, { description?: string }> } } };
    };
    const themeKeys = schema.properties.themes.items.properties;
    expect(Object.keys(themeKeys)).toEqual([
      'id',
      'title',
      'intro',
      'keywords',
      'phrases',
      'exclude',
      'min_score',
      'min_distinct',
      'max_sections',
      'summary',
      'pin',
      'drop',
    ]);
    for (const [key, value] of Object.entries(themeKeys)) expect(value.description, key).toBeTruthy();
    const config = readFileSync('briefing.yaml', 'utf8');
    expect(config.split('\n')[0]).toBe('# yaml-language-server: $schema=./schema/briefing.schema.json');
    expect(config).toMatch(/^\$schema: \.\/schema\/briefing\.schema\.json$/m);
  });
});
