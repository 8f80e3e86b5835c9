import { execFileSync } from 'child_process';
import { resolve } from 'path';

/*
 * n8n 1.x has no @n8n/ai-node-sdk. The built package (npm test builds before jest) is
 * loaded in a fresh process where the SDK cannot be resolved, as there: every node and
 * credential of package.json still loads and describes itself, and only the memory's
 * supplyData refuses, with the message n8n will show. With the SDK present, loading the
 * package still reads none of it (it is required on first use).
 */
const root = resolve(__dirname, '..', '..', '..');

function run(hideSdk: boolean): { loaded: string[]; nodes: string[]; sdkAtStartUp: string[]; error?: string } {
	const script = `
		const Module = require('module');
		if (${hideSdk}) {
			const resolveFilename = Module._resolveFilename;
			Module._resolveFilename = function (request, ...rest) {
				if (request === '@n8n/ai-node-sdk') throw Object.assign(new Error("Cannot find module '@n8n/ai-node-sdk'"), { code: 'MODULE_NOT_FOUND' });
				return resolveFilename.call(this, request, ...rest);
			};
		}
		const pkg = require('./package.json');
		const sdkFiles = () => Object.keys(require.cache).filter((p) => /[\\\\/]@n8n[\\\\/]ai-(node-sdk|utilities)[\\\\/]|[\\\\/]@langchain[\\\\/]/.test(p));
		const loaded = [];
		const nodes = [];
		let memory;
		for (const file of [...pkg.n8n.credentials, ...pkg.n8n.nodes]) {
			for (const value of Object.values(require('./' + file))) {
				if (typeof value !== 'function') continue;
				const instance = new value();
				loaded.push(file);
				if (instance.description && instance.description.properties) nodes.push(instance.description.name);
				if (instance.supplyData) memory = instance;
			}
		}
		const sdkAtStartUp = sdkFiles();
		const node = { id: 'm', name: 'Chatwoot Chat Memory', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} };
		const context = { getNode: () => node, getNodeParameter: () => { throw new Error('read no parameter before the SDK'); } };
		memory.supplyData.call(context, 0).then(
			() => process.stdout.write(JSON.stringify({ loaded, nodes, sdkAtStartUp })),
			(error) => process.stdout.write(JSON.stringify({ loaded, nodes, sdkAtStartUp, error: error.message })),
		);
	`;
	return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' }));
}

test('without the SDK every node and credential loads, and the memory says what is missing', () => {
	const result = run(true);
	const pkg = require(resolve(root, 'package.json')) as { n8n: { nodes: string[]; credentials: string[] } };
	expect(result.loaded).toEqual([...pkg.n8n.credentials, ...pkg.n8n.nodes]);
	expect(result.nodes).toContain('chatwootChatMemory');
	expect(result.error).toMatch(/^This n8n does not include n8n's AI node SDK\. .*n8n 2\.x ships: update n8n/);
});

test('with the SDK present, loading the package reads none of it (nor LangChain)', () => {
	const result = run(false);
	expect(result.sdkAtStartUp).toEqual([]);
	// The SDK loads; the stub context then fails on the first parameter read, after it.
	expect(result.error).toBe('read no parameter before the SDK');
});
