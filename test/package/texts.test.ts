import { readdirSync, readFileSync, statSync } from 'fs';
import type { INodeType } from 'n8n-workflow';
import { join, resolve } from 'path';

import { ChatwootTrigger } from '../../nodes/Chatwoot/ChatwootTrigger.node';

/*
 * Texts users read: n8n 2.41 deprecates WEBHOOK_URL in favour of N8N_WEBHOOK_URL
 * (n8n's deprecation.service: "Use N8N_WEBHOOK_URL instead"), while n8n 1.x reads only
 * WEBHOOK_URL; wherever the node texts or the README name the variable, they name the
 * 2.x one. And the Chatwoot Trigger's private-network notice stays one short line (the
 * detail is in the activation warning and README → Platform caveats).
 */

const root = resolve(__dirname, '..', '..');

function sources(dir: string, out: string[] = []): string[] {
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) sources(path, out);
		else if (/\.(ts|json)$/.test(name)) out.push(path);
	}
	return out;
}

test('every text that names WEBHOOK_URL also names N8N_WEBHOOK_URL (n8n 2.x)', () => {
	const files = [...sources(join(root, 'nodes')), ...sources(join(root, 'credentials')), join(root, 'README.md')];
	const offending: string[] = [];
	for (const file of files) {
		readFileSync(file, 'utf8')
			.split('\n')
			.forEach((line, i) => {
				if (/(?<!N8N_)\bWEBHOOK_URL\b/.test(line) && !line.includes('N8N_WEBHOOK_URL')) offending.push(`${file.slice(root.length + 1)}:${i + 1}`);
			});
	}
	expect(offending).toEqual([]);
});

test('the Chatwoot Trigger\'s private-network notice is one short line with a link to the details', () => {
	const { description } = new ChatwootTrigger() as INodeType;
	const notice = description.properties.find((p) => p.name === 'privateNetworkNotice')!;
	const text = notice.displayName.replace(/<[^>]+>/g, '');
	expect(text.length).toBeLessThanOrEqual(140);
	expect(notice.displayName).toMatch(/href="https:\/\/github\.com\/n8n-nodes-chatwoot-chatapp\/n8n-nodes-chatwoot-chatapp#platform-caveats"/);
	expect(readFileSync(join(root, 'README.md'), 'utf8')).toMatch(/^## Platform caveats$/m);
});
