/**
 * End-to-end suite: a real n8n (dev/lib/n8n.js) with this package installed from
 * its packed tarball. Run with `npm run test:e2e`; not part of `npm test`.
 * One n8n for the whole run (globalSetup), so suites run one at a time.
 * @type {import('jest').Config}
 */
module.exports = {
	rootDir: '..',
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	globalSetup: '<rootDir>/e2e/globalSetup.js',
	globalTeardown: '<rootDir>/e2e/globalTeardown.js',
	// First run installs n8n (minutes) inside globalSetup, which has no timeout; tests wait for n8n.
	testTimeout: 120000,
	maxWorkers: 1,
	verbose: true,
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
	},
};
