#!/usr/bin/env node
// npm run schema: writes schema/briefing.schema.json from the zod schema that validates configs
// (src/config/schema.ts), so editors complete and check briefing.yaml. A test fails when the
// committed file and the schema drift apart.
import { writeFileSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const { jsonSchema } = await import(`${root}dist/config/schema.js`);
writeFileSync(`${root}schema/briefing.schema.json`, `${JSON.stringify(jsonSchema(), null, 2)}\n`);
console.log('wrote schema/briefing.schema.json');
