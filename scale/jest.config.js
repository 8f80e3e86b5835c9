/**
 * Scale suite: n8n 2.x in queue mode (main + webhook processor + 2 workers) on
 * PostgreSQL and Redis, all started once by globalSetup (dev/lib/queue.js). Run with
 * `npm run test:scale`; not part of `npm test` or `npm run test:e2e`.
 * @type {import('jest').Config}
 */
module.exports = {
	rootDir: '..',
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/scale'],
	testMatch: ['**/*.scale.test.ts'],
	globalSetup: '<rootDir>/scale/globalSetup.js',
	globalTeardown: '<rootDir>/scale/globalTeardown.js',
	// Thousands of deliveries on 2 shared cores: generous limits; timings are reported, not asserted.
	testTimeout: 30 * 60 * 1000,
	maxWorkers: 1,
	verbose: true,
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
	},
};
