// The rule sets of `@n8n/node-cli`'s `configWithoutCloudSupport` (node-cli 0.48.3,
// dist/configs/eslint.js), wired directly: node-cli itself pulls LangChain packages
// whose versions the npm registry cannot satisfy, which would break `npm ci`.
import js from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import { globalIgnores } from 'eslint/config';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

const community = n8nCommunityNodesPlugin.configs.recommendedWithoutN8nCloudSupport;

export default tseslint.config(
	globalIgnores(['dist', 'node_modules', 'coverage', '.dev', 'test', 'bench', '*.js', '*.mjs']),
	{
		files: ['**/*.ts'],
		extends: [js.configs.recommended, tseslint.configs.recommended, community, importX.configs['flat/recommended']],
		rules: {
			'prefer-spread': 'off',
			'no-console': 'error',
			// Node built-ins, packages, then this package's files from the farthest to the nearest.
			'import-x/order': [
				'error',
				{
					groups: ['builtin', 'external', 'parent', 'sibling', 'index'],
					'newlines-between': 'always',
					alphabetize: { order: 'asc', caseInsensitive: true },
				},
			],
		},
	},
	// The architecture, enforced (README → Architecture): shared code knows no platform,
	// platforms do not reach into each other, and a node's own folder is not a library
	// for its sibling nodes (they share transport/, methods/ and helpers/ instead).
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		rules: { 'import-x/no-restricted-paths': ['error', { zones: architectureZones() }] },
	},
	{
		files: ['nodes/shared/**/*.ts'],
		ignores: ['nodes/shared/n8n/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{ group: ['n8n-workflow', 'n8n-core'], message: 'Only nodes/shared/n8n/ may import n8n; the rest of shared/ is n8n-free.' },
					],
				},
			],
		},
	},
	{
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		settings: { 'import-x/resolver-next': [createTypeScriptImportResolver()] },
	},
	{
		files: ['package.json'],
		extends: [community],
		rules: {
			...n8nNodesBase.configs.community.rules,
			// This package is self-hosted only (see README): the realtime triggers need
			// `ws` at run time (pusher-js ships vendored in dist/), so a runtime dependency is deliberate.
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: { extraFileExtensions: ['.json'] },
		},
	},
	{
		files: ['./credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['./nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
			// Wants a string literal; the action nodes' subtitles are generated from their own
			// resource/operation options (nodes/shared/n8n/subtitle.ts), and
			// test/package/subtitles.test.ts checks that every node has one that renders.
			'n8n-nodes-base/node-class-description-missing-subtitle': 'off',
		},
	},
);

/** Folders (and node files) of one node, per platform: none may import another's. */
function architectureZones() {
	const platforms = {
		Chatwoot: {
			actions: 'Chatwoot.node.ts',
			client: 'ChatwootClient.node.ts',
			trigger: 'ChatwootTrigger.node.ts',
			realtime: 'ChatwootRealtimeTrigger.node.ts',
			memory: 'ChatwootChatMemory.node.ts',
		},
		ChatApp: { actions: 'ChatApp.node.ts', trigger: 'ChatAppTrigger.node.ts', realtime: 'ChatAppRealtimeTrigger.node.ts' },
	};
	const names = Object.keys(platforms);
	const zones = [
		{
			target: './nodes/shared',
			from: [...names.map((p) => `./nodes/${p}`), './credentials'],
			message: 'nodes/shared knows no platform: move platform code into nodes/<Platform>/.',
		},
	];
	for (const platform of names) {
		const root = `./nodes/${platform}`;
		zones.push({
			target: root,
			from: names.filter((p) => p !== platform).map((p) => `./nodes/${p}`),
			message: 'Platforms do not import each other: move what both need into nodes/shared/.',
		});
		const nodes = Object.entries(platforms[platform]);
		const own = nodes.flatMap(([folder, file]) => [`${root}/${folder}`, `${root}/${file}`]);
		for (const [folder, file] of nodes) {
			const others = nodes.filter(([f]) => f !== folder).flatMap(([f, n]) => [`${root}/${f}`, `${root}/${n}`]);
			for (const target of [`${root}/${folder}`, `${root}/${file}`]) {
				zones.push({
					target,
					from: others,
					message: `A node's folder is not a library for its siblings: move what they share into ${root}/transport, methods or helpers.`,
				});
			}
		}
		for (const library of ['transport', 'methods', 'helpers']) {
			zones.push({
				target: `${root}/${library}`,
				from: own,
				message: `${library}/ serves every ${platform} node and imports none of them.`,
			});
		}
	}
	return zones;
}
