import { readdirSync } from 'fs';
import { join } from 'path';

/**
 * Benchmarks load the built package (npm test builds before jest); this keeps them
 * from rotting when modules move. It only loads them: timing belongs to `npm run bench`.
 */
const benchDir = join(__dirname, '..', '..', 'bench');

test.each(readdirSync(benchDir).filter((f) => f.endsWith('.bench.js')))('bench/%s loads and exports run()', (file) => {
	const bench = require(join(benchDir, file)) as { run?: unknown };
	expect(typeof bench.run).toBe('function');
});
