import { execFileSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import type { ICredentialType, INodeType } from 'n8n-workflow';
import { dirname, join, resolve } from 'path';

/**
 * What n8n's Community Nodes installer and loader rely on, checked on the built
 * package (npm test builds before jest): the n8n block points at loadable classes,
 * icons and codex files exist, and the packed tarball holds only what it should.
 */
const root = resolve(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function load<T>(file: string): T {
	const path = join(root, file);
	expect(existsSync(path)).toBe(true);
	const module = require(path) as Record<string, new () => T>;
	const classes = Object.values(module).filter((v) => typeof v === 'function');
	expect(classes).toHaveLength(1);
	return new classes[0]();
}

function iconFiles(icon: unknown, base: string): string[] {
	const values = typeof icon === 'string' ? [icon] : Object.values((icon ?? {}) as Record<string, string>);
	return values.map((v) => join(base, v.replace(/^file:/, '')));
}

test('package.json follows the community-package rules', () => {
	expect(pkg.name).toBe('n8n-nodes-chatwoot-chatapp');
	expect(pkg.license).toBe('MIT');
	expect(pkg.keywords).toContain('n8n-community-node-package');
	// n8n's AI node SDK is what n8n 2.x ships for AI sub-nodes (Chatwoot Chat Memory); optional, so n8n 1.x installs the package too.
	expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*', '@n8n/ai-node-sdk': '*' });
	expect(pkg.peerDependenciesMeta).toEqual({ '@n8n/ai-node-sdk': { optional: true } });
	expect(pkg.devDependencies['@n8n/ai-node-sdk']).toMatch(/^\d+\.\d+\.\d+$/);
	expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
	for (const script of ['preinstall', 'install', 'postinstall', 'prepare', 'prepublish']) {
		expect(pkg.scripts[script]).toBeUndefined();
	}
	expect(pkg.overrides).toBeUndefined();
	expect(pkg.optionalDependencies).toBeUndefined();
});

test.each((pkg.n8n.credentials as string[]).map((f) => [f]))('credential %s loads', (file) => {
	const credential = load<ICredentialType>(file);
	expect(credential.name).toMatch(/Api$/);
	expect(credential.test ?? credential.authenticate).toBeDefined();
	for (const icon of iconFiles(credential.icon, dirname(join(root, file)))) expect(existsSync(icon)).toBe(true);
});

test.each((pkg.n8n.nodes as string[]).map((f) => [f]))('node %s loads with its icon and codex', (file) => {
	const node = load<INodeType>(file);
	const { description } = node;
	const credentialNames = (pkg.n8n.credentials as string[]).map((f) => load<ICredentialType>(f).name);
	for (const credential of description.credentials ?? []) expect(credentialNames).toContain(credential.name);
	for (const icon of iconFiles(description.icon, dirname(join(root, file)))) expect(existsSync(icon)).toBe(true);
	const codex = JSON.parse(readFileSync(join(root, file.replace(/\.js$/, '.json')), 'utf8'));
	expect(codex.node).toBe(`${pkg.name}.${description.name}`);
	if (description.name.endsWith('Trigger')) {
		expect(description.inputs).toEqual([]);
		expect(description.usableAsTool).toBeFalsy();
	} else if (typeof node.supplyData === 'function') {
		// A sub-node: it feeds a root node through an AI connection, never runs as a tool.
		expect(description.inputs).toEqual([]);
		expect(description.outputs).toEqual(['ai_memory']);
		expect(description.usableAsTool).toBeFalsy();
	} else {
		expect(description.usableAsTool).toBe(true);
	}
});

test('the packed tarball holds the built package only', () => {
	const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
	const files = (JSON.parse(output)[0].files as Array<{ path: string }>).map((f) => f.path);
	expect(files).toContain('package.json');
	expect(files).toContain('README.md');
	expect(files).toContain('LICENSE');
	for (const entry of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) expect(files).toContain(entry);
	expect(files.filter((f) => !/^(dist\/|package\.json$|README\.md$|LICENSE$)/.test(f))).toEqual([]);
	expect(files.filter((f) => /\.test\.|\/test\/|\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
	// Lean: no source maps; pusher-js's Node build is vendored instead of installed.
	expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
	expect(files).toEqual(expect.arrayContaining(['dist/vendor/pusher-js/pusher.js', 'dist/vendor/pusher-js/LICENCE']));
});
