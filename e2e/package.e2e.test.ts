import { readFileSync } from 'fs';
import { join } from 'path';

import { editorGet, PACKAGE } from './helpers/n8n';

/*
 * The package as users get it: installed from its npm tarball into the user folder's
 * .n8n/nodes, so n8n lists every node and credential under `<package>.<name>`.
 */

const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
	n8n: { nodes: string[]; credentials: string[] };
};

/** dist/nodes/ChatApp/ChatApp.node.js → chatApp */
function typeName(file: string, suffix: string): string {
	const base = file.split('/').pop()!.replace(suffix, '');
	return base.charAt(0).toLowerCase() + base.slice(1);
}

describe('package loaded by n8n', () => {
	test('every node of package.json is listed as <package>.<node>', async () => {
		const reply = await editorGet<Array<{ name: string }>>('types/nodes.json');
		expect(reply.status).toBe(200);
		const names = new Set(reply.body.map((n) => n.name));
		const expected = manifest.n8n.nodes.map((f) => `${PACKAGE}.${typeName(f, '.node.js')}`);
		expect(expected.length).toBeGreaterThan(0);
		for (const name of expected) expect(names).toContain(name);
	});

	test('every credential of package.json is listed', async () => {
		const reply = await editorGet<Array<{ name: string }>>('types/credentials.json');
		expect(reply.status).toBe(200);
		const names = new Set(reply.body.map((c) => c.name));
		for (const file of manifest.n8n.credentials) expect(names).toContain(typeName(file, '.credentials.js'));
	});
});
